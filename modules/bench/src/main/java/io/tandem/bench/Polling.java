package io.tandem.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** How the generator's own thread waits for targets and peers: bounded polls, never unbounded. */
public final class Polling {
  private static final long POLL_MILLIS = 50;

  private Polling() {}

  /** Polls until the condition holds or the time is up; returns whether it held. */
  public static boolean waitUntil(BooleanSupplier condition, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      sleep(POLL_MILLIS);
    }
    return condition.getAsBoolean();
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
