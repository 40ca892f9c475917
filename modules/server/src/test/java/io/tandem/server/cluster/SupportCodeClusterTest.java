package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Support codes across two nodes in JVMs of their own: a code issued on one node is redeemed on the
 * other, also after the session moved to another owner while its code was live.
 */
class SupportCodeClusterTest {
  private static final Duration WATCHING_WITHIN = Duration.ofSeconds(2);
  private static LoopbackCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LoopbackCluster.start("codes", 2, Map.of());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aCodeFromATabOnOneNodeLetsAnAgentOnTheOtherWatchWithinTwoSeconds() {
    WireClient tab = openTab(cluster.node(1), "codes-session-1", "codes-tab-1");
    String code = askCode(tab);
    WireClient agent = LoopbackCluster.agent(cluster.node(2), cluster.node(2));

    long typed = System.nanoTime();
    agent.send(redeem(code));
    String room = agent.next("redeemed").getString("room");
    agent.send(new JsonObject().put("t", "join").put("room", room));
    agent.next("joined");
    tab.next("start");
    tab.send(Wire.batch(1, true, 3));
    assertThat(agent.next("events").getLong("seq")).isEqualTo(1);
    Duration watching = ThreeNodesTest.since(typed);
    System.out.println("support code typed on node 2 → first snapshot from node 1's tab: " + watching.toMillis() + " ms");
    assertThat(watching).isLessThan(WATCHING_WITHIN);
    assertThat(room).isEqualTo("codes-session-1");
  }

  @Test
  void aCodeStillLeadsToItsSessionAfterTheSessionMovedToAnotherNode() {
    WireClient onFirst = openTab(cluster.node(1), "codes-session-2", "codes-tab-2");
    String code = askCode(onFirst);
    onFirst.close();
    WireClient onSecond = openTab(cluster.node(2), "codes-session-2", "codes-tab-2");

    WireClient agent = LoopbackCluster.agent(cluster.node(1), cluster.node(1));
    agent.nextSessionList(list -> connected(list, "codes-session-2"), "codes-session-2 connected again, on node 2");
    agent.send(redeem(code));
    assertThat(agent.next("redeemed").getString("room")).isEqualTo("codes-session-2");
    agent.send(new JsonObject().put("t", "join").put("room", "codes-session-2"));
    agent.next("joined");
    onSecond.next("start");
    onSecond.send(Wire.batch(1, true, 2));
    assertThat(agent.next("events").getLong("seq")).as("the batch of the tab now on node 2").isEqualTo(1);
  }

  @Test
  void aWrongCodeIsRefusedOnEveryNode() {
    WireClient tab = openTab(cluster.node(1), "codes-session-3", "codes-tab-3");
    String code = askCode(tab);
    WireClient agent = LoopbackCluster.agent(cluster.node(2), cluster.node(1));
    agent.send(redeem(code.equals("000000") ? "000001" : "000000"));
    assertThat(agent.next("error").getString("code")).isEqualTo("SUPPORT_CODE_INVALID");
  }

  private static boolean connected(List<JsonObject> sessions, String room) {
    return sessions.stream().anyMatch(s -> room.equals(s.getString("room"))
        && s.getJsonArray("tabs").stream().anyMatch(t -> ((JsonObject) t).getBoolean("connected")));
  }

  private static WireClient openTab(NodeProcess node, String session, String tab) {
    WireClient tracker = LoopbackCluster.tracker(node);
    tracker.send(Wire.trackerHello(session, tab));
    tracker.next("welcome");
    return tracker;
  }

  private static String askCode(WireClient tab) {
    tab.send(new JsonObject().put("t", "supportCode"));
    return tab.next("supportCode").getString("code");
  }

  private static JsonObject redeem(String code) {
    return new JsonObject().put("t", "redeem").put("code", code);
  }
}
