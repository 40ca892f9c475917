package io.tandem.server.room;

import io.tandem.protocol.FrameType;
import io.tandem.protocol.ServerFrames;
import io.tandem.protocol.SessionSummary;
import io.tandem.server.auth.AgentIdentity;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pushes the live session list to every connected agent when it changes, at most once per
 * {@code rooms.listPushMs}, so a burst of changes costs one frame per agent. Each agent sees only
 * the sessions of projects they may see; agents who see the same projects share one frame.
 */
final class SessionListFeed {
  private final Vertx vertx;
  private final long intervalMs;
  private final Collection<Room> rooms;
  private final Collection<AgentPeer> agents;
  private boolean pushScheduled;

  SessionListFeed(Vertx vertx, long intervalMs, Collection<Room> rooms, Collection<AgentPeer> agents) {
    this.vertx = vertx;
    this.intervalMs = intervalMs;
    this.rooms = rooms;
    this.agents = agents;
  }

  void markChanged() {
    if (!pushScheduled) {
      pushScheduled = true;
      vertx.setTimer(intervalMs, id -> push());
    }
  }

  void sendNow(AgentPeer agent) {
    agent.send(FrameType.SESSIONS, frame(summaries(), agent.agent()));
  }

  private void push() {
    pushScheduled = false;
    if (agents.isEmpty()) {
      return;
    }
    List<SessionSummary> all = summaries();
    Map<Object, String> frames = new HashMap<>();
    agents.forEach(agent -> agent.send(FrameType.SESSIONS, frames.computeIfAbsent(visibility(agent.agent()), key -> frame(all, agent.agent()))));
  }

  private static Object visibility(AgentIdentity agent) {
    return agent.hasRole(AgentIdentity.ROLE_ADMIN) ? AgentIdentity.ROLE_ADMIN : agent.projects();
  }

  private List<SessionSummary> summaries() {
    return rooms.stream().map(Room::summary).sorted(Comparator.comparingLong(SessionSummary::startedAt)).toList();
  }

  private static String frame(List<SessionSummary> sessions, AgentIdentity agent) {
    return Room.text(ServerFrames.sessions(sessions.stream().filter(s -> agent.sees(s.projectId())).toList()));
  }
}
