package io.tandem.server.consent;

import io.tandem.protocol.AgentInfo;
import io.tandem.protocol.ConsentKind;
import java.util.HashSet;
import java.util.Set;

/**
 * One agent's consent of one kind in one room. {@code tab} is the tab whose user answered: a call
 * runs there, so it ends with that tab. {@code by} caused the latest transition: the user, the agent
 * or the server.
 */
final class ConsentGrant {
  final AgentInfo agent;
  final ConsentKind kind;
  ConsentState state = ConsentState.REQUESTED;
  String tab;
  /** The tabs that were shown the request: only one of them may answer it. */
  final Set<String> askedTabs = new HashSet<>();
  String by;
  /** The timer that expires an unanswered request, or -1. */
  long expiry = -1;

  ConsentGrant(AgentInfo agent, ConsentKind kind) {
    this.agent = agent;
    this.kind = kind;
  }

  boolean live() {
    return state == ConsentState.GRANTED;
  }
}
