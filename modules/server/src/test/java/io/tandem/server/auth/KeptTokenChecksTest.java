package io.tandem.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.admin.Http;
import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token's signature is checked once and the check kept until the token expires; the account is
 * still read on every use, so revocation stays exact for a kept token: a disabled agent or a reset
 * password closes the sockets and refuses the token at once.
 */
@ExtendWith(VertxExtension.class)
class KeptTokenChecksTest {
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

  private static double checks(String signature) {
    return node.counter("tandem.auth.token.checks", "signature", signature);
  }

  @Test
  void aTokenUsedAgainIsNotCheckedAgainUntilItsAgentIsDisabled() {
    String frank = http.agentToken(admin, "frank", "demo");
    double signed = checks("signature");
    double kept = checks("kept");

    assertThat(http.get("/api/ice-servers", frank).statusCode()).isEqualTo(200);
    assertThat(http.get("/api/ice-servers", frank).statusCode()).isEqualTo(200);
    WireClient socket = Wire.openAgent(node, frank);

    assertThat(checks("signature") - signed).isEqualTo(1);
    assertThat(checks("kept") - kept).isEqualTo(2);

    assertThat(http.call(HttpMethod.PATCH, "/api/admin/agents/frank", admin, new JsonObject().put("disabled", true)).statusCode()).isEqualTo(200);

    assertThat(socket.next("error").getString("code")).isEqualTo("AGENT_REVOKED");
    assertThat(socket.awaitClose()).isEqualTo((short) 1008);
    assertThat(http.get("/api/ice-servers", frank).statusCode()).isEqualTo(401);
    assertThat(Wire.helloAnswer(node, frank)).isEqualTo("AGENT_REVOKED");
  }

  @Test
  void aKeptTokenIsRefusedAtOnceAfterAPasswordReset() {
    String gina = http.agentToken(admin, "gina", "demo");
    assertThat(http.get("/api/ice-servers", gina).statusCode()).isEqualTo(200);
    WireClient socket = Wire.openAgent(node, gina);
    double kept = checks("kept");
    assertThat(http.get("/api/ice-servers", gina).statusCode()).isEqualTo(200);
    assertThat(checks("kept") - kept).isEqualTo(1);

    assertThat(http.call(HttpMethod.POST, "/api/admin/agents/gina/password", admin, new JsonObject().put("password", "a-new-password")).statusCode())
        .isEqualTo(204);

    assertThat(http.get("/api/ice-servers", gina).statusCode()).isEqualTo(401);
    assertThat(socket.next("error").getString("code")).isEqualTo("TOKEN_REVOKED");
    assertThat(Wire.helloAnswer(node, gina)).isEqualTo("TOKEN_REVOKED");
    assertThat(http.get("/api/ice-servers", http.login("gina", "a-new-password")).statusCode()).isEqualTo(200);
  }
}
