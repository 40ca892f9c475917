package io.tandem.server.auth;

import io.vertx.core.Future;
import java.util.Optional;

/** Where agents' credentials are checked and their current standing is read. */
public interface AgentAccounts {

  /** The agent with these credentials, or empty if the username or password is wrong or the account is disabled. */
  Future<Optional<AgentIdentity>> authenticate(String username, String password);

  /** The agent as they are now, or empty if the account is gone or disabled. */
  Future<Optional<AgentIdentity>> current(String agentId);
}
