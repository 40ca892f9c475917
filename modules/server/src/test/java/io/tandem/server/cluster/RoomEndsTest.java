package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Issue #16, with two nodes in their own JVMs: the ways a room ends for an agent that only a cluster
 * has (the room moved, the agent's node died, the room's owner died and nobody claimed the room) are
 * each audited per agent with their reason and counted; and the claim the dead owner left in the
 * directory is swept once the grace is over, so the room is no longer said to be owned by a dead node.
 */
class RoomEndsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static LoopbackCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LoopbackCluster.start("ends", 2, Map.of("TANDEM_ROOMS_RECONNECT_GRACE_MS", "3000", "TANDEM_CLUSTER_ORPHAN_SWEEP_MS", "500"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aMoveALostAgentNodeAndALostOwnerAreAuditedWithTheirReasonsAndTheDeadOwnersClaimIsSwept() {
    NodeProcess second = cluster.node(2);
    TrackerTab moved = new TrackerTab("ends-moved", "ends-moved-tab").connect(second);
    TrackerTab stays = new TrackerTab("ends-stays", "ends-stays-tab").connect(second);
    AgentStream onFirst = new AgentStream(LoopbackCluster.agent(cluster.node(1), cluster.node(1))).join(List.of(moved.session, stays.session));
    AgentStream onSecond = new AgentStream(LoopbackCluster.agent(second, second)).join(List.of(moved.session));
    moved.stream(1);
    stays.stream(1);
    onFirst.awaitSeq(List.of(moved.session, stays.session), 2, WAIT);
    onSecond.awaitSeq(List.of(moved.session), 2, WAIT);

    // the tab of "ends-moved" comes back on node 1, which claims the room: node 2 drops its copy, both agents follow
    WireClient before = moved.client;
    moved.connect(cluster.node(1)).stream(1);
    before.awaitClose();
    onFirst.awaitSeq(List.of(moved.session), moved.seq, WAIT);
    onSecond.awaitSeq(List.of(moved.session), moved.seq, WAIT);

    // node 1 dies: with it the console there (in "ends-stays", owned by node 2) and the owner of "ends-moved", whose tab never comes back
    cluster.node(1).kill();
    awaitEnded(onSecond.client, moved.session);

    assertThat(rows("room.left", "moved", moved.session, 2)).as("both agents' places at the former owner").hasSize(2);
    assertThat(rows("room.left", "agent_node_lost", stays.session, 1)).hasSize(1);
    JsonArray ownerLost = rows("room.ended", "owner_lost", moved.session, 1);
    assertThat(ownerLost).hasSize(1);
    assertThat(ownerLost.getJsonObject(0).getString("agentId")).isEqualTo("demo");
    assertThat(LoopbackCluster.metric(second, "tandem_room_exits_total{reason=\"moved\"}")).isEqualTo(2);
    assertThat(LoopbackCluster.metric(second, "tandem_room_exits_total{reason=\"agent_node_lost\"}")).isEqualTo(1);
    assertThat(LoopbackCluster.metric(second, "tandem_room_exits_total{reason=\"owner_lost\"}")).isEqualTo(1);

    // the dead node's claim is released: an administrator's end of the session no longer goes to a dead node
    int status = endSession(moved.session);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (status != 404 && System.nanoTime() < deadline) {
      NodeProcess.pause(Duration.ofMillis(250));
      status = endSession(moved.session);
    }
    assertThat(status).as("DELETE of a session whose owner died and whose tab never came back").isEqualTo(404);
    assertThat(LoopbackCluster.metric(second, "tandem_rooms_orphans_released_total")).isEqualTo(1);
  }

  /** Reads what reached the console until the room's {@code ended}: the owner's death is noticed, then the grace runs out. */
  private static void awaitEnded(WireClient client, String room) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (client.drained().stream().noneMatch(f -> "ended".equals(f.getString("t")) && room.equals(f.getString("room")))) {
      assertThat(System.nanoTime()).as("an 'ended' of %s within %s", room, WAIT).isLessThan(deadline);
      NodeProcess.pause(Duration.ofMillis(100));
    }
  }

  /**
   * The audit rows of one kind, outcome and session, once there are {@code expected} or {@link #WAIT}
   * has passed (rows are written a moment after what they record).
   */
  private static JsonArray rows(String kind, String outcome, String session, int expected) {
    NodeProcess node = cluster.node(2);
    String token = LoopbackCluster.login(node);
    String path = "/api/admin/audit?kind=" + kind + "&outcome=" + outcome + "&sessionId=" + session + "&limit=100";
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonArray items = new JsonObject(node.http("GET", path, token, null).body()).getJsonArray("items");
    while (items.size() < expected && System.nanoTime() < deadline) {
      NodeProcess.pause(Duration.ofMillis(200));
      items = new JsonObject(node.http("GET", path, token, null).body()).getJsonArray("items");
    }
    return items;
  }

  private static int endSession(String session) {
    NodeProcess node = cluster.node(2);
    return node.http("DELETE", "/api/admin/sessions/" + session, LoopbackCluster.login(node), null).statusCode();
  }
}
