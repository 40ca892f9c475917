package io.tandem.server.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.admin.Http;
import io.tandem.server.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/ice-servers} on a real node with TURN configured. */
@ExtendWith(VertxExtension.class)
class IceServersEndpointTest {
  private static final String SECRET = "node-and-coturn-share-this";

  @Test
  void anAgentGetsTheNodesStunAndItsOwnTurnCredentials(Vertx vertx, @TempDir Path dataDir) throws Exception {
    TestNode node = TestNode.start(vertx, dataDir, new JsonObject().put("turn", new JsonObject()
        .put("urls", new JsonArray().add("turn:127.0.0.1:3479")).put("secret", SECRET).put("ttlSeconds", 120)));
    Http http = new Http(vertx, node.port);
    String token = http.agentToken(http.adminToken(), "ana", "demo");
    Instant before = Instant.now();

    HttpResponse<Buffer> response = http.get("/api/ice-servers", token);

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.bodyAsString()).doesNotContain(SECRET);
    JsonObject body = response.bodyAsJsonObject();
    JsonArray servers = body.getJsonArray("iceServers");
    assertThat(servers.getJsonObject(0).getJsonArray("urls")).containsExactly("stun:127.0.0.1:" + node.stunPort);
    JsonObject turn = servers.getJsonObject(1);
    assertThat(turn.getJsonArray("urls")).containsExactly("turn:127.0.0.1:3479");
    String[] username = turn.getString("username").split(":", 2);
    assertThat(username[1]).isEqualTo("ana");
    long expiry = Long.parseLong(username[0]);
    assertThat(expiry).isBetween(before.getEpochSecond() + 119, Instant.now().getEpochSecond() + 120);
    assertThat(body.getLong("expiresAt")).isEqualTo(expiry * 1000);
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    assertThat(turn.getString("credential"))
        .isEqualTo(Base64.getEncoder().encodeToString(mac.doFinal(turn.getString("username").getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void withoutATokenItIsRefused(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir);
    Http http = new Http(vertx, node.port);

    assertThat(http.get("/api/ice-servers", null).statusCode()).isEqualTo(401);
    assertThat(http.get("/api/ice-servers", "not-a-token").statusCode()).isEqualTo(401);
  }
}
