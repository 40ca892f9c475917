package io.tandem.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class LoginTest {
  private TestNode node;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    node = TestNode.start(vertx, dataDir);
    client = WebClient.create(vertx);
  }

  private HttpResponse<Buffer> login(Buffer body) {
    return TestNode.await(client.post(node.port, "127.0.0.1", "/api/auth/login").putHeader("content-type", "application/json").sendBuffer(body));
  }

  @Test
  void theDemoAgentGetsATokenThatOpensTheAgentSocket() {
    HttpResponse<Buffer> response = login(new JsonObject().put("username", "demo").put("password", TestNode.AGENT_PASSWORD).toBuffer());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getJsonObject("agent").getString("name")).isEqualTo("Demo Agent");
    assertThat(body.getLong("expiresAt")).isGreaterThan(System.currentTimeMillis());
    assertThat(Wire.openAgent(node)).isNotNull();
  }

  @Test
  void aWrongPasswordIs401WithAProblem() {
    HttpResponse<Buffer> response = login(new JsonObject().put("username", "demo").put("password", "guess").toBuffer());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.getHeader("content-type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("detail")).isEqualTo("wrong username or password");
  }

  @Test
  void aBodyThatIsNotCredentialsIs400() {
    HttpResponse<Buffer> response = login(Buffer.buffer("[1,2]"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getString("detail")).contains("'username'");
  }

  @Test
  void aTokenFromBeforeARestartStillOpensTheAgentSocket(Vertx vertx, @TempDir Path dataDir) {
    String token = Wire.login(TestNode.start(vertx, dataDir));
    TestNode restarted = TestNode.start(vertx, dataDir);

    WireClient agent = WireClient.agent(restarted);
    agent.send(new JsonObject().put("t", "hello").put("v", 1).put("token", token));

    assertThat(agent.next("welcome").getJsonObject("agent").getString("id")).isEqualTo("demo");
  }
}
