package io.tandem.server.room;

import io.tandem.protocol.EndReason;
import java.util.Locale;

/**
 * Why a room ended for one agent. Each is audited once per agent, as {@code room.ended} when the room
 * itself is over for it and {@code room.left} when only the agent's place in it ended, with the
 * reason as the row's outcome, and counted in {@code tandem_room_exits_total{reason}}.
 */
public enum RoomExit {
  /** The user's last tab closed or lost its connection and did not come back within the grace. */
  USER_LEFT(EndReason.USER_LEFT),
  /** An administrator ended the session ({@code DELETE /api/admin/sessions/{id}}). */
  ENDED_BY_ADMIN(EndReason.ENDED_BY_ADMIN),
  /** The room's owner died (or came back without it) and no node claimed the room within the grace. */
  OWNER_LOST(EndReason.OWNER_LOST),
  /** Another node claimed the room with a newer epoch: the agent follows it there and joins again. */
  MOVED(null),
  /** The agent left ({@code leave}). */
  AGENT_LEFT(null),
  /** The agent's socket closed. */
  AGENT_CLOSED(null),
  /** The node the agent's socket was on left the cluster. */
  AGENT_NODE_LOST(null),
  /** The agent's account changed: disabled, or no longer allowed in the room's project. */
  REVOKED(null);

  /** The audit row's kind. */
  public final String kind;
  /** What the agent's {@code ended} says, for a room that is over; null when only the agent's place in it ended. */
  public final EndReason ended;

  RoomExit(EndReason ended) {
    this.kind = ended == null ? "room.left" : "room.ended";
    this.ended = ended;
  }

  /** The audit row's outcome and the metric's tag. */
  public String reason() {
    return name().toLowerCase(Locale.ROOT);
  }
}
