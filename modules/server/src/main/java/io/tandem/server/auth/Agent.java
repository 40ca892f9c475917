package io.tandem.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An agent account; the id is the login name. {@code tokenVersion} is what the tokens issued now
 * carry: resetting the password bumps it, which revokes every token issued before.
 */
public record Agent(String id, String name, List<String> roles, Set<String> projects, boolean disabled, Instant createdAt, int tokenVersion) {

  public Agent {
    roles = List.copyOf(roles);
    projects = Set.copyOf(projects);
  }

  public AgentIdentity identity() {
    return new AgentIdentity(id, name, roles, projects);
  }
}
