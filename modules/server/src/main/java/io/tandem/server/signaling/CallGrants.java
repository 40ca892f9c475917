package io.tandem.server.signaling;

import java.util.Optional;

/** Who is in a room's call: the agents holding a live call grant, and the user's tab it runs in. */
public interface CallGrants {

  /** The tab of the agent's live call grant; empty when the agent holds none. */
  Optional<String> callTab(String agentId);
}
