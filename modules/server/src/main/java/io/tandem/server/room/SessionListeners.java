package io.tandem.server.room;

import io.tandem.server.peer.AgentPeer;

/** Where an agent console's session list comes from: it starts once the agent is known and stops when its socket closes. */
public interface SessionListeners {

  void listen(AgentPeer agent);

  void forget(AgentPeer agent);
}
