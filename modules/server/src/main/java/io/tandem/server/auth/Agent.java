package io.tandem.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** An agent account as administrators see it; the id is the login name. */
public record Agent(String id, String name, List<String> roles, Set<String> projects, boolean disabled, Instant createdAt) {

  public Agent {
    roles = List.copyOf(roles);
    projects = Set.copyOf(projects);
  }

  public AgentIdentity identity() {
    return new AgentIdentity(id, name, roles, projects);
  }
}
