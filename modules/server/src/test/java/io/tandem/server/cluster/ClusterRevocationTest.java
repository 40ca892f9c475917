package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 3 of issue #13, with two nodes in their own JVMs: an agent watching on node 2 loses a
 * project, then is disabled, both through the admin API of node 1, which owns the rooms. Each
 * change reaches the agent's socket on node 2, and the grants it held on node 1, within 2 s.
 */
class ClusterRevocationTest {
  private static final Duration REACH = Duration.ofSeconds(2);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static LoopbackCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LoopbackCluster.start("revocation", 2, Map.of());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anAgentOnNode2LosesAProjectThenIsDisabledThroughNode1() {
    NodeProcess first = cluster.node(1);
    NodeProcess second = cluster.node(2);
    String admin = LoopbackCluster.login(first);
    String otherKey = new JsonObject(first.http("POST", "/api/admin/projects", admin,
        new JsonObject().put("id", "other").put("allowedOrigins", new JsonArray().add("*")).encode()).body()).getString("key");
    assertThat(first.http("POST", "/api/admin/agents", admin, new JsonObject().put("id", "frank").put("password", "password-of-frank")
        .put("roles", new JsonArray().add("agent")).put("projects", new JsonArray().add("demo").add("other")).encode()).statusCode()).isEqualTo(201);
    String frank = new JsonObject(second.http("POST", "/api/auth/login", null,
        new JsonObject().put("username", "frank").put("password", "password-of-frank").encode()).body()).getString("token");

    WireClient demoTab = tab(first, Wire.trackerHello("revoke-session-1", "revoke-tab-1"));
    WireClient otherTab = tab(first, Wire.trackerHello("revoke-session-2", "revoke-tab-2").put("projectKey", otherKey));
    WireClient socket = WireClient.connect(second.port, "/ws/agent", null);
    socket.send(new JsonObject().put("t", "hello").put("v", 1).put("token", frank));
    socket.next("welcome");
    socket.nextSessionList(list -> rooms(list).containsAll(List.of("revoke-session-1", "revoke-session-2")), "both of node 1's sessions");
    joinWithControl(socket, demoTab, "revoke-session-1");
    joinWithControl(socket, otherTab, "revoke-session-2");

    long start = System.nanoTime();
    assertThat(first.http("PATCH", "/api/admin/agents/frank", admin, new JsonObject().put("projects", new JsonArray().add("demo")).encode())
        .statusCode()).isEqualTo(200);
    JsonObject revoked = socket.next("error");
    assertThat(revoked.getString("code")).isEqualTo("ACCESS_REVOKED");
    assertThat(revoked.getString("room")).isEqualTo("revoke-session-2");
    assertThat(socket.next("left").getString("room")).isEqualTo("revoke-session-2");
    assertThat(consentEnd(otherTab).getString("kind")).isEqualTo("control");
    Duration narrowed = ThreeNodesTest.since(start);
    assertThat(rooms(socket.nextSessionList(list -> !rooms(list).contains("revoke-session-2"), "a list without the other project")))
        .contains("revoke-session-1");

    start = System.nanoTime();
    assertThat(first.http("PATCH", "/api/admin/agents/frank", admin, new JsonObject().put("disabled", true).encode()).statusCode()).isEqualTo(200);
    assertThat(socket.next("error").getString("code")).isEqualTo("AGENT_REVOKED");
    assertThat(socket.awaitClose()).isEqualTo((short) 1008);
    assertThat(consentEnd(demoTab).getString("kind")).isEqualTo("control");
    Duration disabled = ThreeNodesTest.since(start);
    System.out.println("revocation across nodes: project taken away " + narrowed.toMillis() + " ms, agent disabled " + disabled.toMillis() + " ms");
    assertThat(narrowed).isLessThan(REACH);
    assertThat(disabled).isLessThan(REACH);

    // the audit log (shared) holds the grants' ends, whichever node asks
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (endedGrants(second, admin) < 2) {
      assertThat(System.nanoTime()).as("two ended control grants of frank in the audit log").isLessThan(deadline);
      NodeProcess.pause(Duration.ofMillis(100));
    }
    assertThat(second.http("GET", "/api/ice-servers", frank, null).statusCode()).isEqualTo(401);
  }

  private static WireClient tab(NodeProcess node, JsonObject hello) {
    WireClient tab = LoopbackCluster.tracker(node);
    tab.send(hello);
    tab.next("welcome");
    return tab;
  }

  private static void joinWithControl(WireClient socket, WireClient tab, String room) {
    socket.send(ThreeNodesTest.join(room));
    socket.next(f -> "joined".equals(f.getString("t")) && room.equals(f.getString("room")), "joined " + room);
    socket.send(new JsonObject().put("t", "consent").put("room", room).put("kind", "control").put("action", "request"));
    JsonObject asked = tab.next("consent");
    tab.send(new JsonObject().put("t", "consent").put("agent", asked.getString("agent")).put("kind", "control").put("action", "accept"));
    socket.next(f -> "consent".equals(f.getString("t")) && "granted".equals(f.getString("state")) && room.equals(f.getString("room")), "a control grant");
  }

  private static JsonObject consentEnd(WireClient tab) {
    return tab.next(f -> "consent".equals(f.getString("t")) && "end".equals(f.getString("action")), "the grant's end");
  }

  private static long endedGrants(NodeProcess node, String admin) {
    JsonArray items = new JsonObject(node.http("GET", "/api/admin/audit?agentId=frank&kind=consent.control", admin, null).body()).getJsonArray("items");
    return items.stream().filter(e -> "ended".equals(((JsonObject) e).getString("outcome"))).count();
  }

  private static List<String> rooms(List<JsonObject> list) {
    return list.stream().map(s -> s.getString("room")).toList();
  }
}
