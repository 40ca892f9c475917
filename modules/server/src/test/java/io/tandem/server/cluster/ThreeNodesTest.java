package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Acceptance 1 and 3 of the cluster, with three nodes in their own JVMs: a tracker on node 1, agents
 * on nodes 2 and 3; the admin API and a recording's upload on node 3 for a room node 1 owns; then
 * node 1 is stopped with SIGTERM and its trackers move to the others.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodesTest {
  private static final int BATCHES = 40;
  private static final int DRAINED_ROOMS = 6;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static LoopbackCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LoopbackCluster.start("three", 3,
        Map.of("TANDEM_LIMITS_MAX_ROOMS_PER_AGENT", "20", "TANDEM_CLUSTER_UNWATCHED_RELEASED_TTL_SECONDS", "1"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(0)
  void everyNodeCountsTheThreeMembers() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (int node = 1; node <= 3; node++) {
      double members = LoopbackCluster.metric(cluster.node(node), "tandem_cluster_members");
      while (members < 3 && System.nanoTime() < deadline) {
        NodeProcess.pause(Duration.ofMillis(100));
        members = LoopbackCluster.metric(cluster.node(node), "tandem_cluster_members");
      }
      assertThat(members).as("members seen by node %d", node).isEqualTo(3);
    }
    String metrics = cluster.node(1).metrics();
    assertThat(metrics).as("the process's meters, bound by Main").contains("jvm_memory_used_bytes{area=\"heap\"");
    assertThat(metrics).as("failovers counted from 0").contains("tandem_rooms_taken_over_total ");
  }

  @Test
  @Order(1)
  void agentsOnOtherNodesSeeTheSameOrderedStreamAndReachTheUser() {
    WireClient tracker = openTab(cluster.node(1), "three-session-1", "three-tab-1");
    WireClient second = LoopbackCluster.agent(cluster.node(2), cluster.node(1));
    WireClient third = LoopbackCluster.agent(cluster.node(3), cluster.node(2));

    // The session list is cluster-wide: node 3 lists the session node 1 owns.
    third.nextSessionList(list -> list.stream().anyMatch(s -> "three-session-1".equals(s.getString("room"))), "a session list with node 1's session");

    second.send(join("three-session-1"));
    assertThat(second.next("joined").getJsonObject("session").getString("room")).isEqualTo("three-session-1");
    third.send(join("three-session-1"));
    third.next("joined");
    tracker.next("start");
    for (long seq = 1; seq <= BATCHES; seq++) {
      tracker.send(Wire.batch(seq, seq == 1, 3));
    }
    List<JsonObject> seenBySecond = events(second, BATCHES);
    List<JsonObject> seenByThird = events(third, BATCHES);
    assertThat(seenBySecond.stream().map(f -> f.getLong("seq")).toList()).containsExactlyElementsOf(LongStream.rangeClosed(1, BATCHES).boxed().toList());
    assertThat(seenByThird).isEqualTo(seenBySecond);

    // A command: consent asked from node 2 reaches the user on node 1; the grant comes back; the control frame follows.
    second.send(new JsonObject().put("t", "consent").put("room", "three-session-1").put("kind", "control").put("action", "request"));
    JsonObject asked = tracker.next("consent");
    assertThat(asked.getString("kind")).isEqualTo("control");
    assertThat(asked.getString("action")).isEqualTo("request");
    tracker.send(new JsonObject().put("t", "consent").put("agent", asked.getString("agent")).put("kind", "control").put("action", "accept"));
    assertThat(second.next(f -> "consent".equals(f.getString("t")) && "granted".equals(f.getString("state")), "a control grant")
        .getString("kind")).isEqualTo("control");
    second.send(new JsonObject().put("t", "control").put("room", "three-session-1").put("tab", "three-tab-1")
        .put("action", "click").put("x", 10).put("y", 20));
    JsonObject command = tracker.next("control");
    assertThat(command.getString("action")).isEqualTo("click");
    assertThat(command.getString("agent")).isEqualTo(asked.getString("agent"));

    // Signalling: a call granted to the agent on node 3; its offer reaches the user, the answer comes back.
    third.send(new JsonObject().put("t", "consent").put("room", "three-session-1").put("kind", "call").put("action", "request"));
    JsonObject call = tracker.next(f -> "consent".equals(f.getString("t")) && "call".equals(f.getString("kind")), "a call request");
    tracker.send(new JsonObject().put("t", "consent").put("agent", call.getString("agent")).put("kind", "call").put("action", "accept"));
    third.next(f -> "consent".equals(f.getString("t")) && "granted".equals(f.getString("state")), "a call grant");
    third.send(new JsonObject().put("t", "signal").put("room", "three-session-1").put("to", "user")
        .put("data", new JsonObject().put("sdp", "offer-from-node-3")));
    JsonObject offer = tracker.next("signal");
    assertThat(offer.getJsonObject("data").getString("sdp")).isEqualTo("offer-from-node-3");
    tracker.send(new JsonObject().put("t", "signal").put("to", offer.getString("from")).put("data", new JsonObject().put("sdp", "answer-from-user")));
    assertThat(third.next("signal").getJsonObject("data").getString("sdp")).isEqualTo("answer-from-user");
  }

  @Test
  @Order(2)
  void aHelloWithoutTheSessionsSecretIsRefusedOnAnyNodeAndTheOwnerKeepsTheRoom() {
    WireClient tracker = openTab(cluster.node(1), "three-session-3", "three-tab-3");
    WireClient agent = LoopbackCluster.agent(cluster.node(2), cluster.node(2));
    agent.send(join("three-session-3"));
    agent.next("joined");
    tracker.next("start");
    tracker.send(Wire.batch(1, true, 2));
    assertThat(agent.next("events").getLong("seq")).isEqualTo(1);

    WireClient forged = LoopbackCluster.tracker(cluster.node(3));
    forged.send(Wire.trackerHello("three-session-3", "three-tab-3").put("sessionSecret", "a-secret-the-attacker-made-up"));
    assertThat(forged.next("error").getString("code")).isEqualTo("SESSION_PROOF_FAILED");
    assertThat(forged.awaitClose()).isEqualTo((short) 1008);

    tracker.send(Wire.batch(2, false, 2));
    JsonObject next = agent.next(f -> "events".equals(f.getString("t")) || "room".equals(f.getString("t")), "the next batch");
    assertThat(next.getString("t")).as("the room stayed on node 1, its agent saw no move").isEqualTo("events");
    assertThat(next.getLong("seq")).isEqualTo(2);
    assertThat(tracker.drained()).extracting(f -> f.getString("t")).doesNotContain("error");
  }

  @Test
  @Order(3)
  void sessionsThatOpenAndDropUnwatchedLeaveNoRecordsBehind() {
    int churned = 20;
    double before = records();
    List<WireClient> tabs = new ArrayList<>();
    for (int i = 0; i < churned; i++) {
      tabs.add(openTab(cluster.node(1 + i % 3), "churn-session-" + i, "churn-tab-" + i));
    }
    awaitRecords(count -> count >= before + churned, "a record for each churned session");
    tabs.forEach(WireClient::close);
    awaitRecords(count -> count <= before, "the churned sessions' records gone (cluster.unwatchedReleasedTtlSeconds = 1)");
  }

  private static double records() {
    return LongStream.rangeClosed(1, 3).mapToDouble(n -> LoopbackCluster.metric(cluster.node((int) n), "tandem_room_records")).sum();
  }

  private static void awaitRecords(java.util.function.DoublePredicate wanted, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    double count = records();
    while (!wanted.test(count)) {
      assertThat(System.nanoTime()).as(what + "; records now: " + count).isLessThan(deadline);
      NodeProcess.pause(Duration.ofMillis(250));
      count = records();
    }
  }

  @Test
  @Order(4)
  void anyNodeListsEndsAndRecordsASessionOwnedByAnother() {
    WireClient tracker = openTab(cluster.node(1), "three-session-2", "three-tab-2");
    WireClient agent = LoopbackCluster.agent(cluster.node(2), cluster.node(2));
    agent.send(join("three-session-2"));
    agent.next("joined");
    agent.send(new JsonObject().put("t", "consent").put("room", "three-session-2").put("kind", "record").put("action", "request"));
    JsonObject asked = tracker.next("consent");
    tracker.send(new JsonObject().put("t", "consent").put("agent", asked.getString("agent")).put("kind", "record").put("action", "accept"));
    agent.next(f -> "consent".equals(f.getString("t")) && "granted".equals(f.getString("state")), "a record grant");

    NodeProcess third = cluster.node(3);
    String token = LoopbackCluster.login(third);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!third.http("GET", "/api/admin/sessions", token, null).body().contains("three-session-2")) {
      assertThat(System.nanoTime()).as("node 3's /api/admin/sessions to list node 1's session").isLessThan(deadline);
      NodeProcess.pause(Duration.ofMillis(100));
    }
    assertThat(new JsonObject(third.http("GET", "/api/admin/sessions/three-session-2", token, null).body()).getJsonArray("tabs")).hasSize(1);

    // a recording's chunks go to whichever node the load balancer picks; the grant lives on the owner
    var recording = third.http("POST", "/api/recordings", token, new JsonObject().put("room", "three-session-2").encode());
    assertThat(recording.statusCode()).as(recording.body()).isEqualTo(201);
    assertThat(new JsonObject(recording.body()).getString("projectId")).isEqualTo("demo");

    assertThat(third.http("DELETE", "/api/admin/sessions/three-session-2", token, null).statusCode()).isEqualTo(204);
    assertThat(tracker.awaitClose()).as("the owner closed the tab with the policy code").isEqualTo((short) 1008);
    assertThat(agent.next("ended").getString("room")).isEqualTo("three-session-2");
    assertThat(third.http("DELETE", "/api/admin/sessions/three-session-2", token, null).statusCode()).isEqualTo(404);
  }

  @Test
  @Order(5)
  void sigtermDrainsTheNodeItsTrackersMoveAndNoRoomIsLost() {
    WatchedRooms watched = WatchedRooms.open(cluster, "drain", DRAINED_ROOMS, WAIT);
    List<TrackerTab> tabs = watched.tabs;

    cluster.node(1).terminate();
    for (int i = 0; i < tabs.size(); i++) {
      TrackerTab tab = tabs.get(i);
      assertThat(tab.next("error").getString("code")).isEqualTo("NODE_DRAINING");
      assertThat(tab.client.awaitClose()).isEqualTo((short) 1012);
      tab.connect(cluster.node(2 + i % 2));
    }
    tabs.forEach(tab -> tab.stream(1));
    watched.awaitSeq(5, WAIT);

    assertThat(cluster.node(1).awaitExit(WAIT)).as("node 1 exits after draining").isNotZero();
    watched.assertWholeAndLive();
  }

  static WireClient openTab(NodeProcess node, String session, String tab) {
    WireClient tracker = LoopbackCluster.tracker(node);
    tracker.send(Wire.trackerHello(session, tab));
    tracker.next("welcome");
    return tracker;
  }

  static JsonObject join(String room) {
    return new JsonObject().put("t", "join").put("room", room);
  }

  static List<JsonObject> events(WireClient agent, int count) {
    List<JsonObject> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      frames.add(agent.next("events"));
    }
    return frames;
  }

  static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
