package io.tandem.server.room;

import io.tandem.protocol.FrameType;
import io.tandem.protocol.ServerFrames;
import io.tandem.protocol.SessionSummary;
import io.tandem.server.auth.AgentIdentity;
import io.tandem.server.peer.AgentPeer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Pushes the live session list to agents, at most once per {@code rooms.listPushMs}: the whole
 * list to agents who connected since the last push, and to everyone else only what changed since
 * then ({@code sessionsChanged}), so a busy node sends each change once per agent rather than its
 * whole list. Each agent sees only the sessions of projects they may see; the frame for each
 * visibility is built once per push and shared, so a storm of connecting agents does not rebuild
 * the list per agent.
 * In a cluster the list holds every node's sessions; each console gets it from its own node.
 * Room context only, but consoles may start and stop listening from any thread.
 */
final class SessionListFeed implements SessionListeners {
  /** What a visibility gets when no session it may see changed. */
  private static final byte[] NOTHING = new byte[0];
  private final Vertx vertx;
  private final Context context;
  private final long intervalMs;
  private final Collection<Room> rooms;
  private final Set<AgentPeer> agents = new LinkedHashSet<>();
  private final Supplier<List<SessionSummary>> otherNodes;
  private final List<AgentPeer> newcomers = new ArrayList<>();
  private final Map<Object, byte[]> frames = new HashMap<>();
  private final Map<Object, byte[]> changeFrames = new HashMap<>();
  private Map<String, SessionSummary> pushed = Map.of();
  private List<SessionSummary> summaries;
  private boolean changed;
  private boolean pushScheduled;

  SessionListFeed(Vertx vertx, Context context, long intervalMs, Collection<Room> rooms, Supplier<List<SessionSummary>> otherNodes) {
    this.vertx = vertx;
    this.context = context;
    this.intervalMs = intervalMs;
    this.rooms = rooms;
    this.otherNodes = otherNodes;
  }

  void markChanged() {
    frames.clear();
    summaries = null;
    changed = true;
    schedulePush();
  }

  /** A newly connected agent gets the list with the next push, then its changes. */
  @Override
  public void listen(AgentPeer agent) {
    context.runOnContext(v -> {
      agents.add(agent);
      newcomers.add(agent);
      schedulePush();
    });
  }

  @Override
  public void forget(AgentPeer agent) {
    context.runOnContext(v -> {
      agents.remove(agent);
      newcomers.remove(agent);
    });
  }

  private void schedulePush() {
    if (!pushScheduled) {
      pushScheduled = true;
      vertx.setTimer(intervalMs, id -> push());
    }
  }

  private void push() {
    pushScheduled = false;
    Set<AgentPeer> greeted = Collections.newSetFromMap(new IdentityHashMap<>());
    greeted.addAll(newcomers);
    newcomers.clear();
    if (changed) {
      changed = false;
      Changes changes = Changes.since(pushed, sessions());
      pushed = changes.now();
      changeFrames.clear();
      agents.stream().filter(agent -> !greeted.contains(agent))
          .forEach(agent -> changes.frameFor(agent.agent(), changeFrames).ifPresent(frame -> agent.send(FrameType.SESSIONS_CHANGED, frame)));
    }
    greeted.forEach(agent -> agent.send(FrameType.SESSIONS, frameFor(agent.agent())));
  }

  private byte[] frameFor(AgentIdentity agent) {
    return frames.computeIfAbsent(visibility(agent), key -> ServerFrames.sessions(
        sessions().stream().filter(s -> agent.sees(s.projectId())).toList()));
  }

  /** The sessions new or changed since the last push, and those gone. */
  private record Changes(List<SessionSummary> changed, List<SessionSummary> removed, Map<String, SessionSummary> now) {
    static Changes since(Map<String, SessionSummary> before, List<SessionSummary> current) {
      Map<String, SessionSummary> now = new HashMap<>();
      current.forEach(summary -> now.put(summary.room(), summary));
      List<SessionSummary> changed = current.stream().filter(summary -> !summary.equals(before.get(summary.room()))).toList();
      List<SessionSummary> removed = before.values().stream().filter(summary -> !now.containsKey(summary.room())).toList();
      return new Changes(changed, removed, now);
    }

    /** Nothing when no session this agent may see changed. */
    Optional<byte[]> frameFor(AgentIdentity agent, Map<Object, byte[]> built) {
      byte[] frame = built.computeIfAbsent(visibility(agent), key -> {
        List<SessionSummary> seen = changed.stream().filter(s -> agent.sees(s.projectId())).toList();
        List<String> gone = removed.stream().filter(s -> agent.sees(s.projectId())).map(SessionSummary::room).toList();
        return seen.isEmpty() && gone.isEmpty() ? NOTHING : ServerFrames.sessionsChanged(seen, gone);
      });
      return frame == NOTHING ? Optional.empty() : Optional.of(frame);
    }
  }

  private static Object visibility(AgentIdentity agent) {
    return agent.hasRole(AgentIdentity.ROLE_ADMIN) ? AgentIdentity.ROLE_ADMIN : agent.projects();
  }

  /** Every session in the list: this node's and, in a cluster, the others' as last published. */
  List<SessionSummary> sessions() {
    if (summaries == null) {
      summaries = Stream.concat(rooms.stream().map(Room::summary), otherNodes.get().stream())
          .sorted(Comparator.comparingLong(SessionSummary::startedAt)).toList();
    }
    return summaries;
  }
}
