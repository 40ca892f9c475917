package io.tandem.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may speak for the user, through real sockets: anyone may open {@code /ws/tracker} with the
 * public project key and the room id every agent sees, but only the browser session that started
 * the session (it holds the secret) attaches a tab, and only a tab that was asked answers.
 */
@ExtendWith(VertxExtension.class)
class SessionIntegrityTest {
  private TestNode node;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    node = TestNode.start(vertx, dataDir);
  }

  @Test
  void theRoomIdWithoutTheSecretAttachesNothingAndTheRoomDoesNotNotice() {
    WireClient victim = Wire.openTab(node, "session-int01", "tab-int01");
    WireClient agent = joinedStreaming(victim, "session-int01");
    agent.send(consent("session-int01", "control", "request"));
    assertThat(victim.next("consent").getString("action")).isEqualTo("request");

    for (JsonObject forged : List.of(
        forgedHello("session-int01", "tab-forged1", "a-secret-the-attacker-made-up"),
        forgedHello("session-int01", "tab-int01", "a-secret-the-attacker-made-up"),
        forgedHello("session-int01", "tab-forged2", null))) {
      WireClient attacker = WireClient.tracker(node);
      attacker.send(forged);
      JsonObject error = attacker.next("error");
      assertThat(error.getString("code")).as("refused: " + forged.getString("tabId")).isEqualTo("SESSION_PROOF_FAILED");
      assertThat(error.getString("message")).contains("sessionSecret");
      assertThat(attacker.awaitClose()).isEqualTo((short) 1008);
    }

    victim.send(Wire.batch(2, false, 1));
    assertThat(typesUntilEvents(agent)).as("the agent notices no new or replaced tab").doesNotContain("room");
    assertThat(victim.drained()).extracting(f -> f.getString("t")).as("the real tab was not replaced").doesNotContain("error");
    agent.send(consent("session-int01", "control", "request"));
    assertThat(agent.next("error").getString("code")).as("the request is still open, unanswered").isEqualTo("CONSENT_PENDING");
    assertThat(node.auditUntil("session-int01", "session.proof", rows -> !rows.isEmpty())).first()
        .satisfies(row -> assertThat(row.outcome()).isEqualTo("refused"))
        .satisfies(row -> assertThat(row.agentId()).isNull());
  }

  @Test
  void everyTabOfTheBrowserSessionThatStartedItStillAttaches() {
    WireClient first = Wire.openTab(node, "session-int02", "tab-int02a");
    WireClient agent = joinedStreaming(first, "session-int02");
    WireClient second = Wire.openTab(node, "session-int02", "tab-int02b");
    assertThat(agent.next("room").getJsonObject("session").getJsonArray("tabs")).hasSize(2);
    first.close();
    assertThat(first.awaitClose()).isPositive();
    WireClient reloaded = WireClient.tracker(node);
    reloaded.send(Wire.trackerHello("session-int02", "tab-int02a"));
    JsonObject welcome = reloaded.next("welcome");
    assertThat(welcome.getBoolean("streaming")).as("the reloaded tab is back in the watched room").isTrue();
    assertThat(welcome.getLong("ackedSeq")).isEqualTo(1);
    assertThat(second.drained()).extracting(f -> f.getString("t")).doesNotContain("error");
  }

  @Test
  void aGrantBelongsToTheTabThatAcceptedIt() {
    WireClient accepting = Wire.openTab(node, "session-int03", "tab-int03a");
    WireClient other = Wire.openTab(node, "session-int03", "tab-int03b");
    WireClient agent = joinedStreaming(accepting, "session-int03");
    agent.send(consent("session-int03", "control", "request"));
    assertThat(accepting.next("consent").getString("action")).isEqualTo("request");
    assertThat(other.next("consent").getString("action")).isEqualTo("request");
    accepting.send(new JsonObject().put("t", "consent").put("agent", "demo").put("kind", "control").put("action", "accept"));
    JsonObject granted = agent.next(f -> "consent".equals(f.getString("t")) && "granted".equals(f.getString("state")), "the grant");
    assertThat(granted.getString("tab")).isEqualTo("tab-int03a");

    agent.send(click("session-int03", "tab-int03b"));
    JsonObject refused = agent.next("error");
    assertThat(refused.getString("code")).isEqualTo("CONSENT_REQUIRED");
    assertThat(refused.getString("message")).contains("accepted in that tab");
    agent.send(click("session-int03", "tab-int03a"));
    assertThat(accepting.next("control").getString("action")).isEqualTo("click");
    assertThat(other.drained()).extracting(f -> f.getString("t")).doesNotContain("control");
  }

  private WireClient joinedStreaming(WireClient tracker, String room) {
    WireClient agent = Wire.openAgent(node);
    agent.send(new JsonObject().put("t", "join").put("room", room));
    agent.next("joined");
    tracker.next("start");
    tracker.send(Wire.batch(1, true, 2));
    assertThat(agent.next("events").getLong("seq")).isEqualTo(1);
    return agent;
  }

  private static JsonObject forgedHello(String sessionId, String tabId, String secret) {
    JsonObject hello = Wire.trackerHello(sessionId, tabId);
    return secret == null ? hello.copy().put("sessionSecret", (String) null) : hello.copy().put("sessionSecret", secret);
  }

  private static List<String> typesUntilEvents(WireClient agent) {
    List<String> types = new ArrayList<>();
    JsonObject frame = agent.next();
    while (!"events".equals(frame.getString("t"))) {
      types.add(frame.getString("t"));
      frame = agent.next();
    }
    assertThat(frame.getLong("seq")).isEqualTo(2);
    return types;
  }

  private static JsonObject consent(String room, String kind, String action) {
    return new JsonObject().put("t", "consent").put("room", room).put("kind", kind).put("action", action);
  }

  private static JsonObject click(String room, String tab) {
    return new JsonObject().put("t", "control").put("room", room).put("tab", tab).put("action", "click").put("node", 42);
  }
}
