package io.tandem.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.admin.Http;
import io.tandem.server.storage.AuditLog;
import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consent state machine through real sockets: nothing reaches the user's tab without a live
 * grant, whatever the console sends, and every transition is audited and counted.
 */
@ExtendWith(VertxExtension.class)
class ConsentTest {
  private static final Set<String> ASSISTANCE = Set.of("consent", "control", "annotate", "signal");

  private TestNode node;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    node = TestNode.start(vertx, dataDir);
  }

  @Test
  void controlIsRefusedBeforeTheGrantRelayedWhileLiveAndRefusedAgainAfterTheUserEndsIt() {
    WireClient tracker = Wire.openTab(node, "session-cns01", "tab-cns01");
    WireClient agent = joined("session-cns01");

    agent.send(click("session-cns01", "tab-cns01"));
    assertRefused(agent, "session-cns01", "CONSENT_REQUIRED", "live 'control' grant");
    agent.send(consent("session-cns01", "control", "request"));
    JsonObject prompt = nextAssistance(tracker);
    assertThat(prompt.getString("t")).as("the refused click never reached the tab").isEqualTo("consent");
    assertThat(prompt.getString("agentName")).isEqualTo("Demo Agent");
    assertThat(prompt.getString("action")).isEqualTo("request");
    assertThat(state(agent)).isEqualTo("requested");

    tracker.send(answer("control", "accept"));
    assertThat(nextAssistance(tracker).getString("action")).isEqualTo("granted");
    JsonObject granted = agent.next("consent");
    assertThat(granted.getString("state")).isEqualTo("granted");
    assertThat(granted.getString("by")).isEqualTo("user");
    agent.send(click("session-cns01", "tab-cns01"));
    JsonObject control = nextAssistance(tracker);
    assertThat(control.getString("t")).isEqualTo("control");
    assertThat(control.getString("action")).isEqualTo("click");
    assertThat(control.getLong("node")).isEqualTo(42);
    assertThat(control.getString("agent")).isEqualTo("demo");
    assertThat(control.containsKey("room")).isFalse();

    tracker.send(answer("control", "end"));
    JsonObject ended = agent.next("consent");
    assertThat(ended.getString("state")).isEqualTo("ended");
    assertThat(ended.getString("by")).isEqualTo("user");
    assertThat(nextAssistance(tracker).getString("action")).isEqualTo("end");
    agent.send(click("session-cns01", "tab-cns01"));
    assertRefused(agent, "session-cns01", "CONSENT_REQUIRED", "live 'control' grant");
    agent.send(consent("session-cns01", "annotate", "request"));
    assertThat(nextAssistance(tracker).getString("kind")).as("the click after the end never reached the tab").isEqualTo("annotate");

    String metrics = node.scrape();
    assertThat(TestNode.sample(metrics, "tandem_consent_total{kind=\"control\",outcome=\"refused\"}")).isEqualTo(2);
    assertThat(TestNode.sample(metrics, "tandem_consent_total{kind=\"control\",outcome=\"granted\"}")).isEqualTo(1);
    assertThat(TestNode.sample(metrics, "tandem_consent_total{kind=\"control\",outcome=\"ended\"}")).isEqualTo(1);
    assertThat(auditOutcomes("session-cns01", "consent.control", 5))
        .containsExactlyInAnyOrder("refused by demo", "ended by demo", "granted by demo", "requested by demo", "refused by demo");
  }

  @Test
  void aDeclinedRequestGrantsNothing() {
    WireClient tracker = Wire.openTab(node, "session-cns02", "tab-cns02");
    WireClient agent = joined("session-cns02");
    agent.send(consent("session-cns02", "annotate", "request"));
    assertThat(state(agent)).isEqualTo("requested");
    assertThat(nextAssistance(tracker).getString("action")).isEqualTo("request");
    agent.send(consent("session-cns02", "annotate", "request"));
    assertRefused(agent, "session-cns02", "CONSENT_PENDING", "already requested");

    tracker.send(answer("annotate", "decline"));
    JsonObject declined = agent.next("consent");
    assertThat(declined.getString("state")).isEqualTo("declined");
    assertThat(declined.getString("by")).isEqualTo("user");
    agent.send(Wire.stroke("session-cns02", "tab-cns02"));
    assertRefused(agent, "session-cns02", "CONSENT_REQUIRED", "live 'annotate' grant");
    tracker.send(answer("annotate", "accept"));
    assertThat(tracker.next("error").getString("code")).as("a declined request cannot be accepted later").isEqualTo("NO_CONSENT_REQUEST");
    assertThat(auditOutcomes("session-cns02", "consent.annotate", 3)).containsExactlyInAnyOrder("refused by demo", "declined by demo", "requested by demo");
  }

  @Test
  void theAgentEndsItsGrantAndLeavingTheSessionEndsItToo() {
    WireClient tracker = Wire.openTab(node, "session-cns03", "tab-cns03");
    WireClient agent = joined("session-cns03");
    grant(agent, tracker, "session-cns03", "annotate");
    agent.send(Wire.stroke("session-cns03", "tab-cns03"));
    JsonObject annotate = nextAssistance(tracker);
    assertThat(annotate.getString("t")).isEqualTo("annotate");
    assertThat(annotate.getJsonObject("stroke").getJsonArray("points")).hasSize(3);

    agent.send(consent("session-cns03", "annotate", "end"));
    assertThat(agent.next("consent").getString("by")).isEqualTo("agent");
    assertThat(nextAssistance(tracker).getString("action")).isEqualTo("end");

    grant(agent, tracker, "session-cns03", "control");
    agent.close();
    JsonObject end = nextAssistance(tracker);
    assertThat(end.getString("kind")).isEqualTo("control");
    assertThat(end.getString("action")).isEqualTo("end");
    assertThat(auditOutcomes("session-cns03", "consent.control", 3)).containsExactlyInAnyOrder("ended by demo", "granted by demo", "requested by demo");
    // stamped with the session's project, so they follow its audit retention
    assertThat(node.auditUntil("session-cns03", "consent.control", rows -> rows.size() >= 3)).extracting(AuditLog.Entry::projectId)
        .containsOnly("demo");
    assertThat(node.auditUntil("session-cns03", "session.join", rows -> !rows.isEmpty())).extracting(AuditLog.Entry::projectId)
        .containsOnly("demo");
  }

  @Test
  void aSecondRoomNeverNoticesAnotherTabNeedsItsOwnGrantAndADisconnectedTabIsRefusedByName() {
    WireClient tracker = Wire.openTab(node, "session-cns04", "tab-cns04");
    WireClient other = Wire.openTab(node, "session-cns05", "tab-cns05");
    WireClient agent = joined("session-cns04");
    grant(agent, tracker, "session-cns04", "control");

    agent.send(click("session-cns05", "tab-cns05"));
    assertRefused(agent, "session-cns05", "NOT_JOINED", "join it first");
    agent.send(click("session-cns04", "tab-cns05"));
    assertRefused(agent, "session-cns04", "CONSENT_REQUIRED", "accepted in that tab");
    other.send(Wire.batch(1, true, 1));
    assertThat(other.next().getString("t")).as("the other session's tab got only its own ack").isEqualTo("ack");
    assertThat(other.drained()).isEmpty();
    agent.send(click("session-cns04", "tab-cns04"));
    assertThat(nextAssistance(tracker).getString("t")).isEqualTo("control");

    tracker.close();
    agent.next(f -> "room".equals(f.getString("t")) && !f.getJsonObject("session").getJsonArray("tabs").getJsonObject(0).getBoolean("connected"),
        "the tab shown disconnected");
    agent.send(click("session-cns04", "tab-cns04"));
    assertRefused(agent, "session-cns04", "TAB_NOT_CONNECTED", "tab 'tab-cns04' is not connected");
  }

  @Test
  void signallingNeedsALiveCallGrantOnBothEnds() {
    WireClient tracker = Wire.openTab(node, "session-cns06", "tab-cns06");
    WireClient agent = joined("session-cns06");
    JsonObject offer = new JsonObject().put("sdp", "v=0 offer");
    agent.send(new JsonObject().put("t", "signal").put("room", "session-cns06").put("to", "user").put("data", offer));
    assertRefused(agent, "session-cns06", "CONSENT_REQUIRED", "live 'call' grant");
    tracker.send(new JsonObject().put("t", "signal").put("to", "demo").put("data", offer));
    assertThat(tracker.next("error").getString("code")).isEqualTo("CONSENT_REQUIRED");

    agent.send(consent("session-cns06", "call", "request"));
    assertThat(nextAssistance(tracker).getJsonArray("iceServers")).isNotNull();
    tracker.send(answer("call", "accept"));
    JsonObject granted = agent.next(f -> "consent".equals(f.getString("t")) && "granted".equals(f.getString("state")), "a granted call");
    assertThat(granted.getJsonArray("iceServers")).isInstanceOf(JsonArray.class);
    nextAssistance(tracker);
    agent.send(new JsonObject().put("t", "signal").put("room", "session-cns06").put("to", "user").put("data", offer));
    JsonObject toUser = nextAssistance(tracker);
    assertThat(toUser.getString("from")).isEqualTo("demo");
    assertThat(toUser.getJsonObject("data")).isEqualTo(offer);
    tracker.send(new JsonObject().put("t", "signal").put("to", "demo").put("data", new JsonObject().put("sdp", "answer")));
    JsonObject toAgent = agent.next("signal");
    assertThat(toAgent.getString("from")).isEqualTo("user");
    assertThat(toAgent.getString("room")).isEqualTo("session-cns06");

    tracker.close();
    JsonObject ended = agent.next(f -> "consent".equals(f.getString("t")) && "ended".equals(f.getString("state")), "the call ended");
    assertThat(ended.getString("by")).isEqualTo("server");
  }

  @Test
  void aCallRunsInTheTabThatAcceptedItAndNoOtherTabMaySignalForIt() {
    WireClient first = Wire.openTab(node, "session-cns07", "tab-cns07a");
    WireClient second = Wire.openTab(node, "session-cns07", "tab-cns07b");
    WireClient agent = joined("session-cns07");
    agent.send(consent("session-cns07", "call", "request"));
    assertThat(nextAssistance(first).getString("action")).isEqualTo("request");
    assertThat(nextAssistance(second).getString("action")).as("every tab is asked").isEqualTo("request");

    first.send(answer("call", "accept"));
    for (WireClient tab : List.of(first, second)) {
      JsonObject granted = nextAssistance(tab);
      assertThat(granted.getString("action")).isEqualTo("granted");
      assertThat(granted.getString("tab")).as("every tab learns which tab runs the call").isEqualTo("tab-cns07a");
    }
    JsonObject offer = new JsonObject().put("description", "v=0 offer");
    second.send(new JsonObject().put("t", "signal").put("to", "demo").put("data", new JsonObject().put("description", "v=0 other tab")));
    JsonObject refused = second.next("error");
    assertThat(refused.getString("code")).isEqualTo("CONSENT_REQUIRED");
    assertThat(refused.getString("message")).contains("runs in tab 'tab-cns07a'");
    first.send(new JsonObject().put("t", "signal").put("to", "demo").put("data", offer));
    JsonObject relayed = agent.next("signal");
    assertThat(relayed.getJsonObject("data")).as("only the accepting tab's offer reached the agent").isEqualTo(offer);
    assertThat(agent.drained()).noneMatch(frame -> "signal".equals(frame.getString("t")));
  }

  @Test
  void anAgentThatJoinsAgainHearsWhatIsStillOpenAndATabThatComesBackHoldsOnlyThat() {
    WireClient tracker = Wire.openTab(node, "session-cns08", "tab-cns08");
    WireClient agent = joined("session-cns08");
    grant(agent, tracker, "session-cns08", "control");
    grant(agent, tracker, "session-cns08", "call");
    agent.send(consent("session-cns08", "annotate", "request"));
    assertThat(nextAssistance(tracker).getString("kind")).isEqualTo("annotate");

    WireClient second = joined("session-cns08");
    List<JsonObject> heard = List.of(second.next("consent"), second.next("consent"), second.next("consent"));
    assertThat(heard).extracting(frame -> frame.getString("kind") + " " + frame.getString("state") + " by " + frame.getString("by"))
        .containsExactlyInAnyOrder("control granted by user", "call granted by user", "annotate requested by agent");
    assertThat(heard).filteredOn(frame -> "call".equals(frame.getString("kind")))
        .allSatisfy(call -> assertThat(call.getJsonArray("iceServers")).as("the holder's own call comes with its ICE servers").isNotNull());

    tracker.close();
    agent.next(f -> "consent".equals(f.getString("t")) && "call".equals(f.getString("kind")) && "ended".equals(f.getString("state")),
        "the call ended with its tab");
    agent.send(consent("session-cns08", "control", "end"));
    agent.next(f -> "consent".equals(f.getString("t")) && "control".equals(f.getString("kind")) && "ended".equals(f.getString("state")),
        "control ended while the tab was away");
    WireClient back = Wire.openTab(node, "session-cns08", "tab-cns08");
    JsonObject resent = nextAssistance(back);
    assertThat(resent.getString("kind") + " " + resent.getString("action")).isEqualTo("annotate request");
    back.send(Wire.batch(1, true, 1));
    back.next("ack");
    assertThat(back.drained()).as("nothing that ended while the tab was away is sent again").noneMatch(frame -> "consent".equals(frame.getString("t")));
  }

  @Test
  void aCallHasAtMostFourParticipantsTheUserIncluded() {
    WireClient tracker = Wire.openTab(node, "session-cns09", "tab-cns09");
    Http http = new Http(node.vertx, node.port);
    String admin = http.adminToken();
    List<WireClient> callers = new ArrayList<>(List.of(joined("session-cns09")));
    for (String id : List.of("caller2", "caller3", "caller4")) {
      callers.add(joined("session-cns09", http.agentToken(admin, id, "demo")));
    }
    for (WireClient caller : callers.subList(0, 3)) {
      caller.send(consent("session-cns09", "call", "request"));
      assertThat(nextAssistance(tracker).getString("action")).isEqualTo("request");
    }
    WireClient fourth = callers.get(3);
    fourth.send(consent("session-cns09", "call", "request"));
    assertRefused(fourth, "session-cns09", "CALL_FULL", "at most 4 participants, the user included");

    callers.get(0).send(consent("session-cns09", "call", "end"));
    assertThat(nextAssistance(tracker).getString("action")).isEqualTo("end");
    fourth.send(consent("session-cns09", "call", "request"));
    JsonObject asked = nextAssistance(tracker);
    assertThat(asked.getString("agent") + " " + asked.getString("action")).as("a place freed is a place to ask for").isEqualTo("caller4 request");
  }

  @Test
  void aRequestTheUserLeavesUnansweredExpiresAndMayBeAskedAgain(Vertx vertx, @TempDir Path otherDir) {
    node = TestNode.start(vertx, otherDir, new JsonObject().put("rooms", new JsonObject().put("consentRequestTimeoutMs", 300)));
    WireClient tracker = Wire.openTab(node, "session-cns10", "tab-cns10");
    WireClient agent = joined("session-cns10");
    agent.send(consent("session-cns10", "control", "request"));
    assertThat(nextAssistance(tracker).getString("action")).isEqualTo("request");
    assertThat(state(agent)).isEqualTo("requested");

    JsonObject expired = agent.next("consent");
    assertThat(expired.getString("state") + " by " + expired.getString("by")).isEqualTo("expired by server");
    assertThat(nextAssistance(tracker).getString("action")).as("the prompt leaves the user's screen").isEqualTo("end");
    tracker.send(answer("control", "accept"));
    assertThat(tracker.next("error").getString("code")).as("a late yes grants nothing").isEqualTo("NO_CONSENT_REQUEST");
    agent.send(click("session-cns10", "tab-cns10"));
    assertRefused(agent, "session-cns10", "CONSENT_REQUIRED", "live 'control' grant");

    agent.send(consent("session-cns10", "control", "request"));
    assertThat(state(agent)).as("the agent may ask again").isEqualTo("requested");
    tracker.send(answer("control", "accept"));
    assertThat(nextAssistance(tracker).getString("action")).isEqualTo("request");
    assertThat(state(agent)).isEqualTo("granted");
    assertThat(TestNode.sample(node.scrape(), "tandem_consent_total{kind=\"control\",outcome=\"expired\"}")).isEqualTo(1);
  }

  private WireClient joined(String room) {
    return joined(room, Wire.login(node));
  }

  private WireClient joined(String room, String token) {
    WireClient agent = WireClient.agent(node);
    agent.send(new JsonObject().put("t", "hello").put("v", 1).put("token", token));
    agent.next("welcome");
    agent.send(new JsonObject().put("t", "join").put("room", room));
    agent.next("joined");
    return agent;
  }

  private static void grant(WireClient agent, WireClient tracker, String room, String kind) {
    agent.send(consent(room, kind, "request"));
    assertThat(nextAssistance(tracker).getString("action")).isEqualTo("request");
    tracker.send(answer(kind, "accept"));
    agent.next(f -> "consent".equals(f.getString("t")) && "granted".equals(f.getString("state")), "a granted " + kind);
    assertThat(nextAssistance(tracker).getString("action")).isEqualTo("granted");
  }

  private static String state(WireClient agent) {
    return agent.next("consent").getString("state");
  }

  private static JsonObject nextAssistance(WireClient tracker) {
    return tracker.next(f -> ASSISTANCE.contains(f.getString("t")), "a consent, control, annotate or signal frame");
  }

  private static void assertRefused(WireClient agent, String room, String code, String message) {
    JsonObject error = agent.next("error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("room")).isEqualTo(room);
    assertThat(error.getString("message")).contains(message);
  }

  private List<String> auditOutcomes(String session, String kind, int expected) {
    // Entries are written concurrently, so their order in the log is not the order of events.
    return node.auditUntil(session, kind, rows -> rows.size() >= expected).stream().map(e -> e.outcome() + " by " + e.agentId()).toList();
  }

  private static JsonObject consent(String room, String kind, String action) {
    return new JsonObject().put("t", "consent").put("room", room).put("kind", kind).put("action", action);
  }

  private static JsonObject answer(String kind, String action) {
    return new JsonObject().put("t", "consent").put("agent", "demo").put("kind", kind).put("action", action);
  }

  private static JsonObject click(String room, String tab) {
    return new JsonObject().put("t", "control").put("room", room).put("tab", tab).put("action", "click").put("node", 42);
  }
}
