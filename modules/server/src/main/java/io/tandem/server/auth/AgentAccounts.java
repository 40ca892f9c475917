package io.tandem.server.auth;

import io.vertx.core.Future;
import java.util.Optional;

/** Where agents' credentials are checked and their current standing is read. */
public interface AgentAccounts {

  /** The agent with these credentials, or empty if the username or password is wrong or the account is disabled. */
  Future<Optional<Agent>> authenticate(String username, String password);

  /** The account as it is now, or empty if it is gone or disabled. */
  Future<Optional<Agent>> current(String agentId);
}
