package io.tandem.server.auth;

import io.tandem.protocol.AgentInfo;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who an authenticated agent is, as read from the accounts when their token is verified: their
 * roles and the projects whose sessions they may see (an admin sees every project).
 */
public record AgentIdentity(String id, String name, List<String> roles, Set<String> projects) {
  public static final String ROLE_AGENT = "agent";
  public static final String ROLE_ADMIN = "admin";
  /** An agent id; '@' lets an identity provider's e-mail style usernames be ids as they are. */
  public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,62}");
  public static final String ID_FORMAT = "1 to 63 lowercase letters, digits, '.', '_', '@' or '-', starting with a letter or digit";

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
