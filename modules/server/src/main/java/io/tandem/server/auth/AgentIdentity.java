package io.tandem.server.auth;

import io.tandem.protocol.AgentInfo;
import java.util.List;
import java.util.Set;

/**
 * Who an authenticated agent is, as read from the accounts when their token is verified: their
 * roles and the projects whose sessions they may see (an admin sees every project).
 */
public record AgentIdentity(String id, String name, List<String> roles, Set<String> projects) {
  public static final String ROLE_AGENT = "agent";
  public static final String ROLE_ADMIN = "admin";

  public AgentIdentity {
    roles = List.copyOf(roles);
    projects = Set.copyOf(projects);
  }

  public AgentInfo info() {
    return new AgentInfo(id, name);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  public boolean sees(String projectId) {
    return hasRole(ROLE_ADMIN) || projects.contains(projectId);
  }
}
