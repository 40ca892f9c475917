package io.tandem.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.admin.Http;
import io.tandem.server.storage.AuditLog;
import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Support codes through a real node's sockets: a tab asks, an agent types the code and joins. One
 * node for all; wrong codes are counted per agent, so each test that types them has an agent of its own.
 */
class SupportCodeSocketTest {
  private static final long TTL_MS = 1500;
  private static Vertx vertx;
  private static TestNode node;
  private static Http http;
  private static String admin;

  @BeforeAll
  static void start(@TempDir Path dataDir) {
    vertx = Vertx.vertx();
    node = TestNode.start(vertx, dataDir, new JsonObject()
        .put("supportCodes", new JsonObject().put("ttlMs", TTL_MS).put("maxFailures", 3))
        .put("limits", new JsonObject().put("maxSupportCodeFramesPerMinute", 4)));
    http = new Http(vertx, node.port);
    admin = http.adminToken();
  }

  @AfterAll
  static void stop() {
    TestNode.await(vertx.close());
  }

  @Test
  void theAgentTypesTheCodeTheTabWasGivenAndWatchesItsSession() {
    WireClient tab = Wire.openTab(node, "code-session-1", "code-tab-1");
    JsonObject code = askCode(tab);
    assertThat(code.getString("code")).matches("[0-9]{6}");
    assertThat(code.getLong("expiresAt")).isBetween(System.currentTimeMillis(), System.currentTimeMillis() + TTL_MS);
    assertThat(code.getLong("expiresInMs")).isBetween(1L, TTL_MS);

    WireClient agent = Wire.openAgent(node);
    agent.send(redeem(code.getString("code")));
    JsonObject redeemed = agent.next("redeemed");
    assertThat(redeemed.getString("room")).isEqualTo("code-session-1");
    assertThat(redeemed.getJsonObject("session").getString("userId")).isEqualTo("user-code-session-1");
    agent.send(new JsonObject().put("t", "join").put("room", redeemed.getString("room")));
    agent.next("joined");
    tab.next("start");
    tab.send(Wire.batch(1, true, 2));
    assertThat(agent.next("events").getLong("seq")).isEqualTo(1);
    assertThat(tab.drained()).extracting(f -> f.getString("t")).doesNotContain("error");
  }

  @Test
  void aWrongCodeIsRefusedAndTheSocketStays() {
    Wire.openTab(node, "code-session-2", "code-tab-2");
    WireClient agent = agent("typo", "demo");
    agent.send(redeem("12345"));
    assertThat(agent.next("error").getString("code")).isEqualTo("SUPPORT_CODE_INVALID");
    agent.send(new JsonObject().put("t", "join").put("room", "code-session-2"));
    agent.next("joined");
  }

  @Test
  void aCodePastItsLifetimeIsRefused() {
    WireClient tab = Wire.openTab(node, "code-session-3", "code-tab-3");
    JsonObject code = askCode(tab);
    WireClient agent = Wire.openAgent(node);
    // waiting for the code's lifetime to pass is what this test is about
    long deadline = code.getLong("expiresAt");
    while (System.currentTimeMillis() <= deadline) {
      pause(Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis() + 1)));
    }
    agent.send(redeem(code.getString("code")));
    JsonObject refused = agent.next("error");
    assertThat(refused.getString("code")).isEqualTo("SUPPORT_CODE_INVALID");
    assertThat(refused.getString("message")).contains("expired");
  }

  @Test
  void repeatedWrongCodesAreThrottledAndAudited() {
    WireClient tab = Wire.openTab(node, "code-session-4", "code-tab-4");
    String right = askCode(tab).getString("code");
    String wrong = right.equals("000000") ? "000001" : "000000";
    WireClient agent = agent("guesser", "demo");
    for (int i = 0; i < 3; i++) {
      agent.send(redeem(wrong));
      assertThat(agent.next("error").getString("code")).isEqualTo("SUPPORT_CODE_INVALID");
    }
    agent.send(redeem(right));
    JsonObject throttled = agent.next("error");
    assertThat(throttled.getString("code")).as("even the right code, once throttled").isEqualTo("SUPPORT_CODE_THROTTLED");
    assertThat(throttled.getString("message")).contains("try again in");

    List<AuditLog.Entry> rows = auditRows("guesser", 4);
    assertThat(rows).extracting(AuditLog.Entry::outcome).containsExactlyInAnyOrder("refused", "refused", "refused", "throttled");
    assertThat(rows).allMatch(row -> row.sessionId() == null);
  }

  @Test
  void aCodeRevealsNothingToAnAgentOfAnotherProject() {
    http.call(HttpMethod.POST, "/api/admin/projects", admin, new JsonObject().put("id", "another").put("allowedOrigins", new JsonArray().add("self")));
    WireClient tab = Wire.openTab(node, "code-session-5", "code-tab-5");
    String code = askCode(tab).getString("code");
    WireClient agent = agent("outsider", "another");
    agent.send(redeem(code));
    JsonObject refused = agent.next("error");
    assertThat(refused.getString("code")).isEqualTo("SUPPORT_CODE_INVALID");
    assertThat(refused.encode()).doesNotContain("code-session-5");
  }

  @Test
  void aTabMayAskOnlySoOftenAMinute() {
    WireClient tab = Wire.openTab(node, "code-session-6", "code-tab-6");
    for (int i = 0; i < 4; i++) {
      askCode(tab);
    }
    tab.send(new JsonObject().put("t", "supportCode"));
    assertThat(tab.next("error").getString("code")).isEqualTo("SUPPORT_CODE_RATE_LIMITED");
    tab.send(Wire.batch(1, true, 1));
    assertThat(tab.next("ack").getLong("seq")).as("the socket stays open").isEqualTo(1);
  }

  private static WireClient agent(String id, String project) {
    WireClient agent = WireClient.agent(node);
    agent.send(new JsonObject().put("t", "hello").put("v", 1).put("token", http.agentToken(admin, id, project)));
    agent.next("welcome");
    return agent;
  }

  private static JsonObject askCode(WireClient tab) {
    tab.send(new JsonObject().put("t", "supportCode"));
    return tab.next("supportCode");
  }

  private static JsonObject redeem(String code) {
    return new JsonObject().put("t", "redeem").put("code", code);
  }

  private static List<AuditLog.Entry> auditRows(String agent, int count) {
    AuditLog.Query query = new AuditLog.Query(Optional.empty(), Optional.of(agent), Optional.of(SupportCodes.AUDIT_KIND),
        Optional.empty(), Optional.empty(), Optional.empty(), 50);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<AuditLog.Entry> entries = List.of();
    while (entries.size() < count && System.nanoTime() < deadline) {
      entries = TestNode.await(node.started.services().audit().query(query)).entries();
    }
    return entries;
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
