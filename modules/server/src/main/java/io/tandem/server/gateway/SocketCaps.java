package io.tandem.server.gateway;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Open tracker sockets per project and per client address, node-wide: one instance is shared by
 * every gateway instance, so a cap holds exactly however the sockets fall on the event loops.
 */
final class SocketCaps {
  private final Tally byProject;
  private final Tally byAddress;

  SocketCaps(int maxPerProject, int maxPerAddress) {
    this.byProject = new Tally(maxPerProject);
    this.byAddress = new Tally(maxPerAddress);
  }

  boolean tryOpenFrom(String address) {
    return byAddress.tryAdd(address);
  }

  void closedFrom(String address) {
    byAddress.remove(address);
  }

  boolean tryOpenFor(String projectId) {
    return byProject.tryAdd(projectId);
  }

  void closedFor(String projectId) {
    byProject.remove(projectId);
  }

  int openFrom(String address) {
    return byAddress.count(address);
  }

  int openFor(String projectId) {
    return byProject.count(projectId);
  }

  /** Counts per key, up to a maximum; a key at zero is forgotten, so the map holds only keys with open sockets. */
  private static final class Tally {
    private final ConcurrentMap<String, Integer> counts = new ConcurrentHashMap<>();
    private final int max;

    Tally(int max) {
      this.max = max;
    }

    boolean tryAdd(String key) {
      boolean[] added = {false};
      counts.compute(key, (k, count) -> {
        int now = count == null ? 0 : count;
        added[0] = now < max;
        return added[0] ? now + 1 : count;
      });
      return added[0];
    }

    void remove(String key) {
      counts.computeIfPresent(key, (k, count) -> count > 1 ? count - 1 : null);
    }

    int count(String key) {
      return counts.getOrDefault(key, 0);
    }
  }
}
