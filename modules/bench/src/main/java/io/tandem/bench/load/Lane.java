package io.tandem.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.List;

/**
 * One event loop of the generator. Its sockets are opened from its context, so their handlers
 * and its pacing tick run on one thread and a tracker's state needs no locks.
 */
public final class Lane extends VerticleBase {
  /** Vert.x timers have millisecond resolution; 5 ms keeps a 30/s stream within one tick of its schedule. */
  private static final long TICK_MS = 5;

  private final List<Tracker> trackers = new ArrayList<>();

  @Override
  public Future<?> start() {
    vertx.setPeriodic(TICK_MS, id -> tick());
    return Future.succeededFuture();
  }

  Context context() {
    return context;
  }

  public void run(Runnable action) {
    context.runOnContext(v -> action.run());
  }

  void periodic(long millis, io.vertx.core.Handler<Long> handler) {
    vertx.setPeriodic(millis, handler);
  }

  void cancel(long timer) {
    vertx.cancelTimer(timer);
  }

  void add(Tracker tracker) {
    trackers.add(tracker);
  }

  void remove(Tracker tracker) {
    trackers.remove(tracker);
  }

  private void tick() {
    long now = System.nanoTime();
    for (int i = 0; i < trackers.size(); i++) {
      trackers.get(i).tick(now);
    }
  }
}
