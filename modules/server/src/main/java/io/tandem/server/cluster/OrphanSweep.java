package io.tandem.server.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Releases ownership entries whose owner is gone. A node that dies (or restarts, as a new member)
 * leaves a claim in the directory for each room whose tab never came back, and nothing else ever
 * clears it: lookups keep naming a dead node (an administrator's end of the session could not reach
 * it). Once such a claim has been seen orphaned for the reconnect grace, which is as long as its tab
 * and its agents wait, it is released as an ended room's is, so the directory answers that nobody
 * owns the room and the entry expires ({@code cluster.releasedTtlSeconds}). A tab that comes back
 * later still proves the session and gets a higher epoch. The oldest member sweeps, every
 * {@code cluster.orphanSweepMs}; the query runs off the event loop. Runs on the agent side's context.
 */
final class OrphanSweep {
  private static final Logger LOG = Logger.getLogger(OrphanSweep.class.getName());

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final HazelcastRoomDirectory directory;
  private final long graceMs;
  private final Counter released;
  /** Orphaned claims seen so far, by room. */
  private final Map<String, Seen> seen = new HashMap<>();
  private boolean sweeping;

  private record Seen(long epoch, long since) {}

  OrphanSweep(Vertx vertx, HazelcastInstance hazelcast, HazelcastRoomDirectory directory, long graceMs, MeterRegistry registry) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.directory = directory;
    this.graceMs = graceMs;
    this.released = Counter.builder("tandem.rooms.orphans.released")
        .description("ownership entries released because the member that claimed them left the cluster and no tab claimed the room within the grace")
        .register(registry);
  }

  /** Call on the agent side's context. */
  void start(long periodMs) {
    vertx.setPeriodic(periodMs, id -> sweep());
  }

  private void sweep() {
    if (!oldest()) {
      seen.clear();
      return;
    }
    if (sweeping) {
      return;
    }
    sweeping = true;
    Set<String> live = hazelcast.getCluster().getMembers().stream().map(ClusteredVertx::run).collect(Collectors.toSet());
    vertx.executeBlocking(() -> directory.claimsOfGoneMembers(live), false).onComplete(found -> {
      sweeping = false;
      if (found.succeeded()) {
        settle(found.result(), System.currentTimeMillis());
      } else {
        LOG.warning("the sweep of orphaned room claims failed (" + found.cause() + "); it runs again");
      }
    });
  }

  private void settle(Map<String, Ownership> orphans, long now) {
    seen.keySet().retainAll(orphans.keySet());
    orphans.forEach((room, ownership) -> {
      Seen first = seen.get(room);
      if (first == null || first.epoch() != ownership.epoch()) {
        seen.put(room, new Seen(ownership.epoch(), now));
      } else if (now - first.since() >= graceMs) {
        seen.remove(room);
        directory.releaseOrphan(room, ownership.epoch()).onSuccess(done -> {
          if (done) {
            released.increment();
          }
        });
      }
    });
  }

  private boolean oldest() {
    Set<Member> members = hazelcast.getCluster().getMembers();
    return !members.isEmpty() && members.iterator().next().localMember();
  }
}
