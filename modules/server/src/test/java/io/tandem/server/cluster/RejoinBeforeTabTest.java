package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding 3 of issue #16, through the real path: the node that owns a room and serves both its tab
 * and its agent's console is killed. The console comes back first (its backoff was shorter) and
 * joins the room again on the other node while the tab waits out its own backoff; the dead node is
 * restarted under the same id, as Kubernetes restarts a pod, and the tab comes back to it. The
 * console must get the room back, not an "ended" or a refused join (which it shows as "user left").
 */
class RejoinBeforeTabTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Set<String> ANSWERS = Set.of("joined", "error", "ended");
  private static LoopbackCluster cluster;

  @BeforeAll
  static void startCluster() {
    // a grace longer than a loaded machine's JVM restart, so only the race can end the room
    cluster = LoopbackCluster.start("rejoin", 2, Map.of("TANDEM_ROOMS_RECONNECT_GRACE_MS", "150000"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aConsoleThatJoinsAgainBeforeTheTabIsBackGetsTheRoomBack() {
    TrackerTab tab = new TrackerTab("rejoin-session-1", "rejoin-tab-1").connect(cluster.node(1));
    AgentStream first = new AgentStream(LoopbackCluster.agent(cluster.node(1), cluster.node(1))).join(List.of(tab.session));
    tab.stream(1);
    first.awaitSeq(List.of(tab.session), tab.seq, WAIT);

    cluster.node(1).kill();
    first.client.awaitClose();
    tab.client.awaitClose();
    AgentStream again = new AgentStream(LoopbackCluster.agent(cluster.node(2), cluster.node(2)));
    again.client.send(new JsonObject().put("t", "join").put("room", tab.session));
    LoopbackCluster.awaitMembers(cluster.node(2), 1, WAIT);
    cluster.restart(1);
    tab.connect(cluster.node(1));

    JsonObject answer = again.client.next(frame -> ANSWERS.contains(frame.getString("t")), "an answer to the join");
    assertThat(answer.getString("t")).as("the answer to the join made while the tab was away: %s", answer.encode()).isEqualTo("joined");
    // the console is in the room again: the tab is asked for a snapshot and streams to it
    tab.stream(1);
    again.awaitSeq(List.of(tab.session), tab.seq, WAIT);
    again.assertOrdered();
    assertThat(again.others("ended")).isEmpty();
    assertThat(again.others("error")).isEmpty();
  }
}
