package io.tandem.bench.chaos;

import java.util.ArrayList;
import java.util.List;

/** When a client's socket was closed under it (System.nanoTime), to tell which rooms a disruption touched. */
final class Closes {
  private final List<Long> at = new ArrayList<>();

  synchronized void add(long nanos) {
    at.add(nanos);
  }

  synchronized boolean within(long from, long to) {
    return at.stream().anyMatch(t -> t >= from && t <= to);
  }

  synchronized int count() {
    return at.size();
  }
}
