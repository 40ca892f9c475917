package io.tandem.server.peer;

import io.tandem.server.auth.Agent;
import io.tandem.server.auth.AgentIdentity;
import java.util.Optional;

/**
 * The socket of one agent console, or one agent's membership of one room as the room's owner
 * serves it (routing/ForwardedAgent), wherever the agent's socket is.
 */
public interface AgentPeer extends Peer {
  /** What a peer of an agent whose account was disabled is told. */
  String DISABLED_MESSAGE = "an administrator disabled your account";

  AgentIdentity agent();

  /**
   * The agent's account changed ({@code account} empty: disabled or gone). The peer takes the
   * account's roles and projects as its own, or, if it may no longer be served, says why and
   * closes; answers whether it stays.
   */
  default boolean review(Optional<Agent> account) {
    return account.isPresent();
  }
}
