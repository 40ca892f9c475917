package io.tandem.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.admin.Http;
import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Expired and forged tokens, wrong project keys and disallowed origins are refused. */
@ExtendWith(VertxExtension.class)
class TokenSecurityTest {
  @TempDir static Path dataDir;
  private static TestNode node;
  private static Http http;
  private static String admin;

  @BeforeAll
  static void start(Vertx vertx) {
    node = TestNode.start(vertx, dataDir);
    http = new Http(vertx, node.port);
    admin = http.adminToken();
  }

  /** A token for the demo agent signed with the node's own key (or another one), expiring at {@code exp}. */
  private static String token(Vertx vertx, String privateKeyPem, long exp) {
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(privateKeyPem)));
    JsonObject claims = new JsonObject().put("sub", "demo").put("name", "Demo Agent").put("roles", new JsonArray().add("agent").add("admin")).put("exp", exp);
    return signer.generateToken(claims, new JWTOptions().setAlgorithm("RS256").setIssuer("tandem"));
  }

  private static int adminStatus(String token) {
    return http.get("/api/admin/projects", token).statusCode();
  }

  @Test
  void anExpiredTokenIsRefusedWhileTheSameTokenUnexpiredIsAccepted(Vertx vertx) throws Exception {
    String nodeKey = Files.readString(node.dataDir.resolve("jwt-private.pem"));
    long now = System.currentTimeMillis() / 1000;
    String valid = token(vertx, nodeKey, now + 600);
    String expired = token(vertx, nodeKey, now - 60);

    assertThat(adminStatus(valid)).isEqualTo(200);
    assertThat(Wire.helloAnswer(node, valid)).isEqualTo("welcome");
    assertThat(adminStatus(expired)).isEqualTo(401);
    assertThat(Wire.helloAnswer(node, expired)).isEqualTo("UNAUTHORIZED");
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused(Vertx vertx, @TempDir Path otherDir) {
    String otherKey = SigningKeys.load(new JsonObject(), otherDir).privateKeyPem();
    String forged = token(vertx, otherKey, System.currentTimeMillis() / 1000 + 600);

    assertThat(adminStatus(forged)).isEqualTo(401);
    assertThat(Wire.helloAnswer(node, forged)).isEqualTo("UNAUTHORIZED");
  }

  @Test
  void aTrackerNeedsTheCurrentProjectKeyAndAnAllowedOrigin() {
    JsonObject shop = http.call(HttpMethod.POST, "/api/admin/projects", admin, new JsonObject()
        .put("id", "guarded").put("allowedOrigins", new JsonArray().add("https://shop.example"))).bodyAsJsonObject();
    String oldKey = shop.getString("key");

    assertThat(trackerAnswer(oldKey, "https://shop.example")).isEqualTo("welcome");
    assertThat(trackerAnswer(oldKey, "https://evil.example")).isEqualTo("ORIGIN_NOT_ALLOWED");
    assertThat(trackerAnswer("not-a-key", "https://shop.example")).isEqualTo("UNKNOWN_PROJECT");

    String newKey = http.call(HttpMethod.POST, "/api/admin/projects/guarded/key", admin, null).bodyAsJsonObject().getString("key");
    assertThat(trackerAnswer(oldKey, "https://shop.example")).isEqualTo("UNKNOWN_PROJECT");
    assertThat(trackerAnswer(newKey, "https://shop.example")).isEqualTo("welcome");

    http.call(HttpMethod.PATCH, "/api/admin/projects/guarded", admin, new JsonObject().put("allowedOrigins", new JsonArray().add("https://evil.example")));
    assertThat(trackerAnswer(newKey, "https://shop.example")).isEqualTo("ORIGIN_NOT_ALLOWED");
  }

  private static String trackerAnswer(String key, String origin) {
    WireClient tracker = WireClient.connect(node, "/ws/tracker", origin);
    tracker.send(Wire.trackerHello("session-sec" + Math.abs(key.hashCode() % 1000), "tab-sec01").put("projectKey", key));
    JsonObject first = tracker.next();
    tracker.close();
    return "error".equals(first.getString("t")) ? first.getString("code") : first.getString("t");
  }
}
