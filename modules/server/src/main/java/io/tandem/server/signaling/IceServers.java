package io.tandem.server.signaling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The ICE servers a call participant's {@code RTCPeerConnection} is given: this node's STUN
 * responder and, when configured, the TURN server with credentials of the participant's own that
 * lapse after {@code turn.ttlSeconds}.
 */
public final class IceServers {
  private final StunSettings stun;
  private final int stunPort;
  private final TurnSettings turn;
  private final Clock clock;

  /** @param stunPort the port the STUN responder is bound to (differs from stun.port when that is 0) */
  public IceServers(StunSettings stun, int stunPort, TurnSettings turn, Clock clock) {
    this.stun = stun;
    this.stunPort = stunPort;
    this.turn = turn;
    this.clock = clock;
  }

  /** What one participant gets: the RTCIceServer list, and when its TURN credentials lapse (empty without TURN). */
  public record Offer(JsonArray servers, Optional<Instant> expiresAt) {
    public JsonObject toJson() {
      return new JsonObject().put("iceServers", servers.copy()).put("expiresAt", expiresAt.map(Instant::toEpochMilli).orElse(null));
    }
  }

  /**
   * @param participantId who the TURN credentials are for (an agent id or a tracker session id);
   *     coturn shows it in its logs
   * @param requestHost the host name the participant reached this node by; the STUN URL uses it
   *     unless {@code stun.publicHost} is set
   */
  public Offer forParticipant(String participantId, String requestHost) {
    JsonArray servers = new JsonArray();
    if (stun.enabled()) {
      String host = stun.publicHost().isEmpty() ? requestHost : stun.publicHost();
      servers.add(new JsonObject().put("urls", new JsonArray().add("stun:" + uriHost(host) + ":" + stunPort)));
    }
    if (!turn.enabled()) {
      return new Offer(servers, Optional.empty());
    }
    Instant expiresAt = clock.instant().plus(turn.ttl()).truncatedTo(ChronoUnit.SECONDS);
    TurnCredentials credentials = TurnCredentials.issue(turn.secret(), participantId, expiresAt);
    servers.add(new JsonObject()
        .put("urls", new JsonArray(turn.urls()))
        .put("username", credentials.username())
        .put("credential", credentials.credential()));
    return new Offer(servers, Optional.of(expiresAt));
  }

  /** An IPv6 literal goes in brackets in a STUN URI (RFC 7064). */
  static String uriHost(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
