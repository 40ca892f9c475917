package io.tandem.server.room;

import io.tandem.server.auth.AgentIdentity;

/** The socket of one agent console. */
public interface AgentPeer extends Peer {

  AgentIdentity agent();
}
