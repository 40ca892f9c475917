package io.tandem.server.auth;

import io.vertx.core.Future;
import java.util.Optional;

/** Where agents' credentials are checked. */
public interface AgentAccounts {

  /** The agent with these credentials, or empty if the username or password is wrong. */
  Future<Optional<AgentIdentity>> authenticate(String username, String password);
}
