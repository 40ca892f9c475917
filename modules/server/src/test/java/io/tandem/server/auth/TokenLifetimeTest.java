package io.tandem.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.admin.Http;
import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent socket stands only as long as its token: it closes when the token expires unless the
 * console sent a fresher one; refreshing has an absolute lifetime counted from the login.
 * The node's tokens live 6 s, and a login may be refreshed for 60 s.
 */
@ExtendWith(VertxExtension.class)
class TokenLifetimeTest {
  private static final long TTL_SECONDS = 6;
  private static final long MAX_LIFETIME_SECONDS = 60;
  @TempDir static Path dataDir;
  private static TestNode node;
  private static Http http;
  private static String nodeKey;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    node = TestNode.start(vertx, dataDir, new JsonObject().put("auth", new JsonObject()
        .put("tokenTtlSeconds", TTL_SECONDS).put("refreshMaxLifetimeSeconds", MAX_LIFETIME_SECONDS)));
    http = new Http(vertx, node.port);
    nodeKey = Files.readString(node.dataDir.resolve("jwt-private.pem"));
  }

  @Test
  void anExpiredTokenClosesTheSocketUnlessTheConsoleSentAFresherOne(Vertx vertx) {
    JsonObject login = http.call(HttpMethod.POST, "/api/auth/login", null,
        new JsonObject().put("username", "demo").put("password", TestNode.AGENT_PASSWORD)).bodyAsJsonObject();
    WireClient stale = Wire.openAgent(node, login.getString("token"));
    WireClient refreshed = Wire.openAgent(node, login.getString("token"));
    long later = now() + 600;
    refreshed.send(new JsonObject().put("t", "refresh").put("token", token(vertx, nodeKey, now(), later)));
    assertThat(refreshed.next("refreshed").getLong("expiresAt")).isEqualTo(later * 1000);

    JsonObject error = stale.next("error");
    assertThat(error.getString("code")).isEqualTo("TOKEN_EXPIRED");
    assertThat(stale.awaitClose()).isEqualTo((short) 1008);
    assertThat(System.currentTimeMillis()).as("closed once the token expired, not before").isGreaterThanOrEqualTo(login.getLong("expiresAt"));

    // the refreshed socket outlived the token it said hello with
    refreshed.send(new JsonObject().put("t", "join").put("room", "session-nobody"));
    assertThat(refreshed.next("error").getString("code")).isEqualTo("UNKNOWN_ROOM");
    refreshed.send(new JsonObject().put("t", "refresh").put("token", token(vertx, SigningKeys.load(new JsonObject(), dataDir.resolve("other")).privateKeyPem(),
        now(), later)));
    assertThat(refreshed.next("error").getString("code")).isEqualTo("UNAUTHORIZED");
    assertThat(refreshed.awaitClose()).isEqualTo((short) 1008);
  }

  @Test
  void aRefreshKeepsTheLoginTimeAndIsRefusedPastTheLoginsLifetime(Vertx vertx) {
    long loginAt = now() - MAX_LIFETIME_SECONDS + 20;
    HttpResponse<Buffer> renewed = http.call(HttpMethod.POST, "/api/auth/refresh", token(vertx, nodeKey, loginAt, now() + 600), null);
    assertThat(renewed.statusCode()).isEqualTo(200);
    JsonObject claims = claims(renewed.bodyAsJsonObject().getString("token"));
    assertThat(claims.getLong("auth_time")).isEqualTo(loginAt);
    assertThat(claims.getInteger("tv")).isEqualTo(0);
    assertThat(claims.getLong("exp")).isLessThanOrEqualTo(now() + TTL_SECONDS);

    // near the end of the login's life the token is cut short at it
    long older = now() - MAX_LIFETIME_SECONDS + 1;
    JsonObject shortened = http.call(HttpMethod.POST, "/api/auth/refresh", token(vertx, nodeKey, older, now() + 600), null).bodyAsJsonObject();
    assertThat(shortened.getLong("expiresAt")).isEqualTo((older + MAX_LIFETIME_SECONDS) * 1000);

    HttpResponse<Buffer> refused = http.call(HttpMethod.POST, "/api/auth/refresh", token(vertx, nodeKey, now() - MAX_LIFETIME_SECONDS - 1, now() + 600), null);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("auth.refreshMaxLifetimeSeconds");

    JsonObject login = http.call(HttpMethod.POST, "/api/auth/login", null,
        new JsonObject().put("username", "demo").put("password", TestNode.AGENT_PASSWORD)).bodyAsJsonObject();
    JsonObject fromLogin = claims(login.getString("token"));
    assertThat(fromLogin.getLong("auth_time")).isEqualTo(fromLogin.getLong("iat"));
    assertThat(login.getLong("expiresAt")).isEqualTo((fromLogin.getLong("iat") + TTL_SECONDS) * 1000);
  }

  /** A token of the demo agent signed with {@code privateKeyPem}, for a login at {@code loginAt}, expiring at {@code exp}. */
  private static String token(Vertx vertx, String privateKeyPem, long loginAt, long exp) {
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(privateKeyPem)));
    JsonObject claims = new JsonObject().put("sub", "demo").put("name", "Demo Agent").put("roles", new JsonArray().add("agent").add("admin"))
        .put("tv", 0).put("auth_time", loginAt).put("exp", exp);
    return signer.generateToken(claims, new JWTOptions().setAlgorithm("RS256").setIssuer("tandem"));
  }

  private static JsonObject claims(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }
}
