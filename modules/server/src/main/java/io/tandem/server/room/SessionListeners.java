package io.tandem.server.room;

import io.tandem.protocol.ListRequest;
import io.tandem.server.peer.AgentPeer;

/**
 * Where an agent console's window of the session list comes from: it starts with the console's
 * first {@code list} frame, is sent whole again when the agent's projects change ({@link #listen}),
 * and stops when its socket closes. May be called from any thread.
 */
public interface SessionListeners {

  /** The agent is known, or what it may see changed: a window it has is sent whole at the next push. */
  void listen(AgentPeer agent);

  /** The console asks for a window: sent whole at the next push, then only how it changes. */
  void window(AgentPeer agent, ListRequest request);

  void forget(AgentPeer agent);
}
