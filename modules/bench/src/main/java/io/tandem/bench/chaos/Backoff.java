package io.tandem.bench.chaos;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays as the clients draw them (common/src/backoff.ts): the ceiling starts at 500 ms
 * and doubles per try. The tracker waits a random part of it ("full jitter", up to 10 s); the
 * console waits at least half of it ("equal jitter", up to 15 s).
 */
final class Backoff {
  private static final long FIRST_MS = 500;
  private final long maxMs;
  private final boolean atLeastHalf;
  private long ceiling = FIRST_MS;

  private Backoff(long maxMs, boolean atLeastHalf) {
    this.maxMs = maxMs;
    this.atLeastHalf = atLeastHalf;
  }

  /** tracker/src/connection.ts's {@code RECONNECT}. */
  static Backoff tracker() {
    return new Backoff(10_000, false);
  }

  /** webapp/src/connection.ts's {@code RECONNECT}. */
  static Backoff console() {
    return new Backoff(15_000, true);
  }

  long next() {
    // at least 1 ms: a Vert.x timer refuses 0
    long floor = atLeastHalf ? ceiling / 2 : 1;
    long delay = floor + ThreadLocalRandom.current().nextLong(ceiling - floor);
    ceiling = Math.min(maxMs, ceiling * 2);
    return delay;
  }

  void reset() {
    ceiling = FIRST_MS;
  }
}
