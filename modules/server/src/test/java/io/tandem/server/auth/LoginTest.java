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
    return login(node, body, null);
  }

  private HttpResponse<Buffer> login(TestNode target, Buffer body, String forwardedFor) {
    var request = client.post(target.port, "127.0.0.1", "/api/auth/login").putHeader("content-type", "application/json");
    if (forwardedFor != null) {
      request.putHeader("X-Forwarded-For", forwardedFor);
    }
    return TestNode.await(request.sendBuffer(body));
  }

  private static Buffer credentials(String password) {
    return new JsonObject().put("username", "demo").put("password", password).toBuffer();
  }

  private static JsonObject throttled(boolean trustForwardedHeaders) {
    return new JsonObject()
        .put("auth", new JsonObject().put("loginThrottle", new JsonObject().put("failures", 3).put("windowMs", 300_000)))
        .put("http", new JsonObject().put("trustForwardedHeaders", trustForwardedHeaders));
  }

  @Test
  void tooManyWrongPasswordsHoldTheAccountBackFromThatAddressOnly(Vertx vertx, @TempDir Path dataDir) {
    TestNode behindProxy = TestNode.start(vertx, dataDir, throttled(true));
    assertThat(TestNode.sample(behindProxy.scrape(), "tandem_logins_total{outcome=\"throttled\"}"))
        .as("counted from the start, so an alert's rate reads 0").isZero();
    for (int i = 0; i < 3; i++) {
      assertThat(login(behindProxy, credentials("guess-" + i), "203.0.113.7").statusCode()).isEqualTo(401);
    }
    HttpResponse<Buffer> held = login(behindProxy, credentials(TestNode.AGENT_PASSWORD), "203.0.113.7");
    assertThat(held.statusCode()).as("even the right password waits").isEqualTo(429);
    assertThat(held.bodyAsJsonObject().getString("title")).isEqualTo("LOGIN_THROTTLED");
    assertThat(held.bodyAsJsonObject().getString("detail")).contains("too many failed logins");
    assertThat(Long.parseLong(held.getHeader("Retry-After"))).isBetween(1L, 300L);
    assertThat(login(behindProxy, credentials(TestNode.AGENT_PASSWORD), "203.0.113.8").statusCode())
        .as("the owner logging in from elsewhere is not locked out").isEqualTo(200);
    String metrics = behindProxy.scrape();
    assertThat(TestNode.sample(metrics, "tandem_logins_total{outcome=\"failure\"}")).isEqualTo(3);
    assertThat(TestNode.sample(metrics, "tandem_logins_total{outcome=\"throttled\"}")).isEqualTo(1);
    assertThat(TestNode.sample(metrics, "tandem_logins_total{outcome=\"success\"}")).isEqualTo(1);
  }

  @Test
  void forwardedAddressesAreIgnoredUnlessTheNodeIsToldToTrustThem(Vertx vertx, @TempDir Path dataDir) {
    TestNode exposed = TestNode.start(vertx, dataDir, throttled(false));
    for (int i = 0; i < 3; i++) {
      assertThat(login(exposed, credentials("guess-" + i), "198.51.100." + i).statusCode()).isEqualTo(401);
    }
    assertThat(login(exposed, credentials(TestNode.AGENT_PASSWORD), "198.51.100.99").statusCode())
        .as("a guesser cannot pose as a new address with a header").isEqualTo(429);
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
