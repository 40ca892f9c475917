package io.tandem.bench.chaos;

import io.vertx.core.Context;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How late the driver's own event loops ran. Every arrival and welcome the run times is noted on
 * them, and on a machine shared by the nodes, PostgreSQL and Chromium they can fall behind: a timer
 * every {@link #PERIOD_MS} on each notes its lateness, the worst per {@link #SLOT_MS} of the run,
 * so a slow recovery can be told apart from a driver that noticed it late.
 */
final class DriverLag {
  private static final long PERIOD_MS = 50;
  private static final long SLOT_MS = 100;
  private final long startNanos;
  private final AtomicLongArray worstNanosPerSlot;
  private volatile boolean stopped;

  DriverLag(long startNanos, long runMs) {
    this.startNanos = startNanos;
    this.worstNanosPerSlot = new AtomicLongArray((int) (runMs / SLOT_MS) + 1);
  }

  void watch(Context context) {
    context.runOnContext(v -> next(context, System.nanoTime() + PERIOD_MS * 1_000_000));
  }

  void stop() {
    stopped = true;
  }

  private void next(Context context, long dueNanos) {
    if (stopped) {
      return;
    }
    context.owner().setTimer(PERIOD_MS, id -> {
      long now = System.nanoTime();
      note(dueNanos, now - dueNanos);
      next(context, now + PERIOD_MS * 1_000_000);
    });
  }

  private void note(long atNanos, long lateNanos) {
    int slot = (int) ((atNanos - startNanos) / 1_000_000 / SLOT_MS);
    if (slot >= 0 && slot < worstNanosPerSlot.length()) {
      worstNanosPerSlot.accumulateAndGet(slot, lateNanos, Math::max);
    }
  }

  /** The driver's worst lateness (ms) over {@code [fromNanos, toNanos]}. */
  long worstMs(long fromNanos, long toNanos) {
    int from = (int) Math.max(0, (fromNanos - startNanos) / 1_000_000 / SLOT_MS);
    int to = (int) Math.min(worstNanosPerSlot.length() - 1, (toNanos - startNanos) / 1_000_000 / SLOT_MS);
    long worst = 0;
    for (int slot = from; slot <= to; slot++) {
      worst = Math.max(worst, worstNanosPerSlot.get(slot));
    }
    return worst / 1_000_000;
  }
}
