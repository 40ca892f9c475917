package io.tandem.server.routing;

import io.tandem.protocol.AgentConsentFrame;
import java.util.HashMap;
import java.util.Map;

/**
 * One local agent's membership of one room, on the agent's node: which node owns the room at which
 * epoch, and the last seq delivered per tab, so nothing reaches the agent twice or out of order
 * when the room moves. The router's context only.
 */
final class Subscription {
  final LocalAgent agent;
  final String room;
  String owner;
  long epoch;
  /** The room has answered {@code joined}: a later join (after a move) is a resubscription. */
  boolean joined;
  /** When the owner left the cluster with no new claim seen since; -1 while the owner is alive. */
  long orphanedAt = -1;
  /**
   * An epoch whose owner answered that it has no such room (it died and came back without it): only
   * a newer claim is followed. -1 when none did.
   */
  long lostEpoch = -1;
  /** The epoch a join is under way for; -1 when none is. */
  long joining = -1;
  /** Joins to the followed claim whose owner sent no receipt in time; 0 once one is received, or another claim is followed. */
  int unansweredJoins;
  /** The agent's join until the room answers it; null after. */
  JoinTiming joinTiming;
  final Map<String, Long> lastSeq = new HashMap<>();
  /** The consents the agent was last told are open (requested or granted), by {@link AgentConsentFrame#key}. */
  final Map<String, AgentConsentFrame> openConsents = new HashMap<>();

  Subscription(LocalAgent agent, String room) {
    this.agent = agent;
    this.room = room;
  }

  boolean ownerKnown() {
    return owner != null;
  }
}
