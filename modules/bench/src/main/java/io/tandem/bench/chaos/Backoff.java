package io.tandem.bench.chaos;

import java.util.concurrent.ThreadLocalRandom;

/** The tracker's reconnect delays (tracker/src/backoff.ts): a random 0–500 ms first, then doubling up to 10 s, full jitter. */
final class Backoff {
  private static final long FIRST_MS = 500;
  private static final long MAX_MS = 10_000;
  private long ceiling = FIRST_MS;

  long next() {
    long delay = 1 + ThreadLocalRandom.current().nextLong(ceiling);
    ceiling = Math.min(MAX_MS, ceiling * 2);
    return delay;
  }

  void reset() {
    ceiling = FIRST_MS;
  }
}
