package io.tandem.bench.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * When something happened to a client (System.nanoTime): its socket closed under it, its tab was
 * welcomed, its agent joined. Tells which rooms a disruption touched and how far each came back.
 */
final class Moments {
  private final List<Long> at = new ArrayList<>();

  synchronized void add(long nanos) {
    at.add(nanos);
  }

  synchronized boolean within(long from, long to) {
    return at.stream().anyMatch(t -> t >= from && t <= to);
  }

  /** The first moment at or after {@code from}, or 0 if none came. */
  synchronized long firstFrom(long from) {
    return at.stream().filter(t -> t >= from).findFirst().orElse(0L);
  }
}
