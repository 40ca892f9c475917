package io.tandem.server.auth;

import java.util.List;

/**
 * A customer site whose pages carry the tracker. A tracker proves which project it belongs to with
 * the project key, and its page's Origin must be one the project allows; {@code "self"} allows the
 * node's own origin (the demo page).
 */
public record Project(String id, String name, String key, List<String> allowedOrigins, Privacy privacy) {
  public static final String SELF = "self";

  public Project {
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  public boolean allowsOrigin(String origin, String nodeOrigin) {
    if (origin == null) {
      return false;
    }
    return allowedOrigins.stream()
        .anyMatch(allowed -> allowed.equals("*") || allowed.equalsIgnoreCase(origin) || (SELF.equals(allowed) && origin.equalsIgnoreCase(nodeOrigin)));
  }
}
