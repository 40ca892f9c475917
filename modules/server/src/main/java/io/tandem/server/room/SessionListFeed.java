package io.tandem.server.room;

import io.tandem.protocol.FrameType;
import io.tandem.protocol.ListRequest;
import io.tandem.protocol.SessionSummary;
import io.tandem.server.peer.AgentPeer;
import io.tandem.server.sessionlist.ListView;
import io.tandem.server.sessionlist.ListWindow;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Serves each agent console the window of the session list it asked for ({@code list}), at most
 * once per {@code rooms.listPushMs}: the whole window after a request, then only how it changed
 * ({@code listChanged}), so what an agent receives is bounded by its window, not by the number of
 * sessions. Changes outside a window cost that agent only the new total, once per push. Each agent
 * sees only sessions of projects it may see. An agent that never asks for a window gets nothing.
 * In a cluster the list holds every node's sessions; each console gets it from its own node.
 * The list holds the summaries every room shard publishes ({@link LiveSessions}) and, in a
 * cluster, every other node's sessions.
 * The agent side's context only, but consoles may ask, start and stop from any thread.
 */
final class SessionListFeed implements SessionListeners {
  private final Vertx vertx;
  private final Context context;
  private final long intervalMs;
  private final Supplier<Collection<SessionSummary>> local;
  private final Supplier<List<SessionSummary>> otherNodes;
  private final Map<AgentPeer, ListWindow> windows = new LinkedHashMap<>();
  private List<SessionSummary> summaries;
  private boolean changed;
  private boolean pushScheduled;

  SessionListFeed(Vertx vertx, Context context, long intervalMs, Supplier<Collection<SessionSummary>> local,
      Supplier<List<SessionSummary>> otherNodes) {
    this.vertx = vertx;
    this.context = context;
    this.intervalMs = intervalMs;
    this.local = local;
    this.otherNodes = otherNodes;
  }

  void markChanged() {
    summaries = null;
    changed = true;
    schedulePush();
  }

  @Override
  public void listen(AgentPeer agent) {
    context.runOnContext(v -> {
      ListWindow window = windows.get(agent);
      if (window != null) {
        window.resend();
        schedulePush();
      }
    });
  }

  @Override
  public void window(AgentPeer agent, ListRequest request) {
    context.runOnContext(v -> {
      windows.computeIfAbsent(agent, a -> new ListWindow(request)).ask(request);
      schedulePush();
    });
  }

  @Override
  public void forget(AgentPeer agent) {
    context.runOnContext(v -> windows.remove(agent));
  }

  private void schedulePush() {
    if (!pushScheduled) {
      pushScheduled = true;
      vertx.setTimer(intervalMs, id -> push());
    }
  }

  /** One view of the list serves every window; a window is looked at only if the list changed or it is owed whole. */
  private void push() {
    pushScheduled = false;
    boolean everyone = changed;
    changed = false;
    if (windows.isEmpty()) {
      return;
    }
    ListView view = new ListView(sessions());
    windows.forEach((agent, window) -> {
      if (everyone || window.owed()) {
        window.next(view, agent.agent()).ifPresent(frame -> agent.send(FrameType.LIST_CHANGED, frame));
      }
    });
  }

  /** Every session in the list: this node's and, in a cluster, the others' as last published. */
  List<SessionSummary> sessions() {
    if (summaries == null) {
      summaries = Stream.concat(local.get().stream(), otherNodes.get().stream())
          .sorted(Comparator.comparingLong(SessionSummary::startedAt)).toList();
    }
    return summaries;
  }
}
