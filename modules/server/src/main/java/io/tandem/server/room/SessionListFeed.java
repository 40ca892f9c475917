package io.tandem.server.room;

import io.tandem.protocol.FrameType;
import io.tandem.protocol.ServerFrames;
import io.tandem.protocol.SessionSummary;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Pushes the live session list to every connected agent when it changes, at most once per
 * {@code rooms.listPushMs}, so a burst of changes costs one frame per agent.
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
    agent.send(FrameType.SESSIONS, frame());
  }

  private void push() {
    pushScheduled = false;
    if (agents.isEmpty()) {
      return;
    }
    String frame = frame();
    agents.forEach(agent -> agent.send(FrameType.SESSIONS, frame));
  }

  private String frame() {
    List<SessionSummary> sessions =
        rooms.stream().map(Room::summary).sorted(Comparator.comparingLong(SessionSummary::startedAt)).toList();
    return Room.text(ServerFrames.sessions(sessions));
  }
}
