package io.tandem.server.auth;

import io.tandem.protocol.AgentInfo;
import java.util.List;

/** Who an authenticated agent is: the claims of their token. */
public record AgentIdentity(String id, String name, List<String> roles) {
  public static final String ROLE_AGENT = "agent";
  public static final String ROLE_ADMIN = "admin";

  public AgentInfo info() {
    return new AgentInfo(id, name);
  }
}
