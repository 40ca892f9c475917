package io.tandem.server.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IceServersTest {
  private static final String SECRET = "coturn-shared-secret";
  private static final Instant NOW = Instant.parse("2023-11-14T22:13:20.750Z");

  private static IceServers iceServers(JsonObject stun, JsonObject turn) {
    return new IceServers(StunSettings.from(stunConfig().mergeIn(stun)), 3478, TurnSettings.from(turnConfig().mergeIn(turn)),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static JsonObject stunConfig() {
    return new JsonObject().put("enabled", true).put("host", "0.0.0.0").put("port", 3478).put("publicHost", "");
  }

  private static JsonObject turnConfig() {
    return new JsonObject().put("urls", new JsonArray()).put("secret", "").put("ttlSeconds", 3600);
  }

  private static JsonObject withTurn(long ttlSeconds) {
    return new JsonObject().put("urls", new JsonArray().add("turn:turn.example.com:3478?transport=udp").add("turns:turn.example.com:5349"))
        .put("secret", SECRET).put("ttlSeconds", ttlSeconds);
  }

  private static String hmacSha1Base64(String secret, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Nested
  @DisplayName("STUN")
  class Stun {
    @Test
    void pointsAtTheHostTheParticipantReachedTheNodeBy() {
      JsonArray servers = iceServers(new JsonObject(), new JsonObject()).forParticipant("agent-7", "tandem.example.com").servers();

      assertThat(servers).containsExactly(new JsonObject().put("urls", new JsonArray().add("stun:tandem.example.com:3478")));
    }

    @Test
    void prefersTheConfiguredPublicHost() {
      JsonArray servers = iceServers(new JsonObject().put("publicHost", "stun.example.com"), new JsonObject())
          .forParticipant("agent-7", "10.0.0.5").servers();

      assertThat(servers.getJsonObject(0).getJsonArray("urls")).containsExactly("stun:stun.example.com:3478");
    }

    @Test
    void bracketsAnIpv6Host() {
      assertThat(IceServers.uriHost("::1")).isEqualTo("[::1]");
      assertThat(IceServers.uriHost("[::1]")).isEqualTo("[::1]");
      assertThat(IceServers.uriHost("10.0.0.5")).isEqualTo("10.0.0.5");
    }

    @Test
    void isLeftOutWhenTheResponderIsOff() {
      IceServers.Offer offer = iceServers(new JsonObject().put("enabled", false), new JsonObject()).forParticipant("agent-7", "h");

      assertThat(offer.servers()).isEmpty();
      assertThat(offer.expiresAt()).isEmpty();
    }
  }

  @Nested
  @DisplayName("TURN credentials")
  class Turn {
    @Test
    void followCoturnsRestApiScheme() throws Exception {
      IceServers.Offer offer = iceServers(new JsonObject(), withTurn(600)).forParticipant("agent-7", "h");

      JsonObject turn = offer.servers().getJsonObject(1);
      assertThat(turn.getJsonArray("urls")).containsExactly("turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:5349");
      String username = turn.getString("username");
      assertThat(username).isEqualTo((NOW.getEpochSecond() + 600) + ":agent-7");
      assertThat(turn.getString("credential")).isEqualTo(hmacSha1Base64(SECRET, username));
    }

    @Test
    void matchAValueComputedByOpenssl() {
      // echo -n "1700003600:agent-7" | openssl dgst -sha1 -hmac "coturn-shared-secret" -binary | base64
      TurnCredentials credentials = TurnCredentials.issue(SECRET, "agent-7", Instant.ofEpochSecond(1_700_003_600));

      assertThat(credentials.username()).isEqualTo("1700003600:agent-7");
      assertThat(credentials.credential()).isEqualTo("EFPeZBv5U1Z4k86oyYVVBZ4vlFA=");
    }

    @Test
    void expireAfterTheConfiguredTime() {
      IceServers.Offer offer = iceServers(new JsonObject(), withTurn(900)).forParticipant("agent-7", "h");

      Instant expected = Instant.ofEpochSecond(NOW.getEpochSecond() + 900);
      assertThat(offer.expiresAt()).contains(expected);
      assertThat(offer.toJson().getLong("expiresAt")).isEqualTo(expected.toEpochMilli());
      assertThat(offer.servers().getJsonObject(1).getString("username")).startsWith(expected.getEpochSecond() + ":");
    }

    @Test
    void differPerParticipant() {
      IceServers servers = iceServers(new JsonObject(), withTurn(600));

      assertThat(servers.forParticipant("agent-7", "h").servers().getJsonObject(1).getString("credential"))
          .isNotEqualTo(servers.forParticipant("session-1", "h").servers().getJsonObject(1).getString("credential"));
    }

    @Test
    void neverShowTheSecret() {
      String offered = iceServers(new JsonObject(), withTurn(600)).forParticipant("agent-7", "h").toJson().encode();

      assertThat(offered).doesNotContain(SECRET);
      assertThat(TurnSettings.from(withTurn(600)).toString()).doesNotContain(SECRET);
    }
  }

  @Nested
  @DisplayName("settings")
  class Settings {
    @Test
    void turnUrlsNeedTheSecret() {
      assertThatThrownBy(() -> TurnSettings.from(withTurn(600).put("secret", " ")))
          .hasMessageContaining("turn.secret (TANDEM_TURN_SECRET) must be set");
    }

    @Test
    void turnUrlsMustBeTurnUrls() {
      assertThatThrownBy(() -> TurnSettings.from(withTurn(600).put("urls", new JsonArray().add("https://turn.example.com"))))
          .hasMessageContaining("turn.urls must be turn: or turns: URLs");
    }

    @Test
    void ttlIsBounded() {
      assertThatThrownBy(() -> TurnSettings.from(withTurn(59))).hasMessageContaining("turn.ttlSeconds must be from 60 to 86400; got 59");
      assertThatThrownBy(() -> TurnSettings.from(withTurn(86_401))).hasMessageContaining("got 86401");
    }

    @Test
    void stunPortIsAPort() {
      assertThatThrownBy(() -> StunSettings.from(stunConfig().put("port", 70_000))).hasMessageContaining("stun.port must be from 0");
    }

    @Test
    void noTurnByDefault() {
      assertThat(TurnSettings.from(turnConfig()).enabled()).isFalse();
    }
  }
}
