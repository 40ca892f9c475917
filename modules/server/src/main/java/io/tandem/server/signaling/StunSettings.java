package io.tandem.server.signaling;

import io.vertx.core.json.JsonObject;

/**
 * The node's STUN responder ({@code stun.*}): whether it runs, the UDP address it binds, and the
 * host name browsers are told to reach it by ({@code publicHost}; empty means the host the
 * browser already reached the node at).
 */
public record StunSettings(boolean enabled, String host, int port, String publicHost) {
  static final int MAX_PORT = 65535;

  public static StunSettings from(JsonObject stun) {
    int port = stun.getInteger("port");
    if (port < 0 || port > MAX_PORT) {
      throw new IllegalArgumentException("stun.port must be from 0 (any free port) to " + MAX_PORT + "; got " + port);
    }
    return new StunSettings(stun.getBoolean("enabled"), stun.getString("host"), port, stun.getString("publicHost", "").trim());
  }
}
