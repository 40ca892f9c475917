package io.tandem.server.room;

import io.tandem.protocol.FrameType;
import io.tandem.protocol.ServerFrames;
import io.tandem.protocol.SessionSummary;
import io.tandem.server.auth.AgentIdentity;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pushes the live session list to agents, at most once per {@code rooms.listPushMs}: to every
 * agent when the list changed, else only to agents who connected since the last push. Each agent
 * sees only the sessions of projects they may see; the frame for each visibility is built once
 * per change and shared, so a storm of connecting agents does not rebuild the list per agent.
 */
final class SessionListFeed {
  private final Vertx vertx;
  private final long intervalMs;
  private final Collection<Room> rooms;
  private final Collection<AgentPeer> agents;
  private final List<AgentPeer> newcomers = new ArrayList<>();
  private final Map<Object, String> frames = new HashMap<>();
  private List<SessionSummary> summaries;
  private boolean changed;
  private boolean pushScheduled;

  SessionListFeed(Vertx vertx, long intervalMs, Collection<Room> rooms, Collection<AgentPeer> agents) {
    this.vertx = vertx;
    this.intervalMs = intervalMs;
    this.rooms = rooms;
    this.agents = agents;
  }

  void markChanged() {
    frames.clear();
    summaries = null;
    changed = true;
    schedulePush();
  }

  /** A newly connected agent gets the list with the next push. */
  void greet(AgentPeer agent) {
    newcomers.add(agent);
    schedulePush();
  }

  private void schedulePush() {
    if (!pushScheduled) {
      pushScheduled = true;
      vertx.setTimer(intervalMs, id -> push());
    }
  }

  private void push() {
    pushScheduled = false;
    Collection<AgentPeer> targets = changed ? agents : newcomers;
    targets.forEach(agent -> agent.send(FrameType.SESSIONS, frameFor(agent.agent())));
    changed = false;
    newcomers.clear();
  }

  private String frameFor(AgentIdentity agent) {
    return frames.computeIfAbsent(visibility(agent), key -> Room.text(ServerFrames.sessions(
        summaries().stream().filter(s -> agent.sees(s.projectId())).toList())));
  }

  private static Object visibility(AgentIdentity agent) {
    return agent.hasRole(AgentIdentity.ROLE_ADMIN) ? AgentIdentity.ROLE_ADMIN : agent.projects();
  }

  private List<SessionSummary> summaries() {
    if (summaries == null) {
      summaries = rooms.stream().map(Room::summary).sorted(Comparator.comparingLong(SessionSummary::startedAt)).toList();
    }
    return summaries;
  }
}
