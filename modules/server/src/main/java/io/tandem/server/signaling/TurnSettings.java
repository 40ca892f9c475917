package io.tandem.server.signaling;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * The external TURN server ({@code turn.*}): its URLs, the secret it shares with the nodes
 * (coturn's {@code static-auth-secret}), and how long the credentials handed out stay valid.
 * No URLs means no TURN.
 */
public record TurnSettings(List<String> urls, String secret, Duration ttl) {
  static final long MIN_TTL_SECONDS = 60;
  static final long MAX_TTL_SECONDS = 86_400;

  public static TurnSettings from(JsonObject turn) {
    List<String> urls = turn.getJsonArray("urls").stream().map(String::valueOf).map(String::trim).toList();
    for (String url : urls) {
      if (!url.startsWith("turn:") && !url.startsWith("turns:")) {
        throw new IllegalArgumentException("turn.urls must be turn: or turns: URLs such as turn:turn.example.com:3478?transport=udp; got '" + url + "'");
      }
    }
    String secret = turn.getString("secret", "");
    if (!urls.isEmpty() && secret.isBlank()) {
      throw new IllegalArgumentException("turn.secret (TANDEM_TURN_SECRET) must be set when turn.urls is: it is coturn's static-auth-secret");
    }
    long ttl = turn.getLong("ttlSeconds");
    if (ttl < MIN_TTL_SECONDS || ttl > MAX_TTL_SECONDS) {
      throw new IllegalArgumentException("turn.ttlSeconds must be from " + MIN_TTL_SECONDS + " to " + MAX_TTL_SECONDS + "; got " + ttl);
    }
    return new TurnSettings(urls, secret, Duration.ofSeconds(ttl));
  }

  public boolean enabled() {
    return !urls.isEmpty();
  }

  /** Leaves the secret out, so the settings can be logged. */
  @Override
  public String toString() {
    return "TurnSettings[urls=" + urls + ", ttl=" + ttl + "]";
  }
}
