package io.tandem.server.room;

import io.tandem.protocol.SessionSummary;
import io.vertx.core.Context;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The summaries of every room this node owns, written by the shards as their rooms change and read
 * by the agent side, which builds the session list from them. A burst of changes on any number of
 * shards wakes the agent side once: a change that finds a wake-up already queued adds nothing.
 */
final class LiveSessions {
  private final Map<String, SessionSummary> byRoom = new ConcurrentHashMap<>();
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  private volatile Context listenerContext;
  private volatile Runnable listener = () -> { };

  /** {@code listener} runs on {@code context} after changes; set once the agent side is up. */
  void listen(Context context, Runnable listener) {
    this.listener = listener;
    this.listenerContext = context;
  }

  void put(SessionSummary summary) {
    byRoom.put(summary.room(), summary);
    changed();
  }

  void remove(String room) {
    if (byRoom.remove(room) != null) {
      changed();
    }
  }

  Collection<SessionSummary> all() {
    return byRoom.values();
  }

  private void changed() {
    Context context = listenerContext;
    if (context != null && wakeQueued.compareAndSet(false, true)) {
      context.runOnContext(v -> {
        wakeQueued.set(false);
        listener.run();
      });
    }
  }
}
