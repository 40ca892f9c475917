package io.tandem.server.peer;

import io.tandem.server.auth.AgentIdentity;

/** The socket of one agent console, or, in a cluster, one agent's membership of one room forwarded from its node. */
public interface AgentPeer extends Peer {

  AgentIdentity agent();

  /** True for an agent's membership forwarded from its node: it is served, but gets no session list from this node. */
  default boolean forwarded() {
    return false;
  }
}
