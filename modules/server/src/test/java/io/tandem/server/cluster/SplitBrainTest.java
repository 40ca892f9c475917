package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster splits in two when a member is silent past {@code cluster.maxNoHeartbeatSeconds} (a
 * long pause, a starved machine: the 300-room chaos run), and each half takes the other's rooms for
 * orphans. Hazelcast merges the halves only after its merge delay, 300 s unless told otherwise, so
 * a room whose tab stayed on the other half ended for its agents at the end of their grace. With
 * {@code cluster.mergeDelaySeconds} the halves meet again within the grace and the agent follows
 * the room back. Two nodes in their own JVMs; the owner of the room is paused with SIGSTOP.
 */
class SplitBrainTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Duration TAB_PACE = Duration.ofMillis(500);
  private static LoopbackCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LoopbackCluster.start("split", 2, Map.of(
        // silent for 3 s is dead: a pause of 8 s splits the cluster
        "TANDEM_CLUSTER_MAX_NO_HEARTBEAT_SECONDS", "3",
        "TANDEM_CLUSTER_MERGE_DELAY_SECONDS", "3",
        // a grace far below Hazelcast's own 300 s merge delay, and long enough for a loaded machine's merge
        "TANDEM_ROOMS_RECONNECT_GRACE_MS", "75000"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aRoomWhoseOwnerWasCutOffComesBackForItsAgentOnceTheClusterHeals() {
    TrackerTab tab = new TrackerTab("split-session-1", "split-tab-1").connect(cluster.node(2));
    AgentStream agent = new AgentStream(LoopbackCluster.agent(cluster.node(1), cluster.node(1))).join(List.of(tab.session));
    tab.stream(1);
    agent.awaitSeq(List.of(tab.session), tab.seq, WAIT);
    long beforeSplit = tab.seq;

    cluster.node(2).suspend();
    LoopbackCluster.awaitMembers(cluster.node(1), 1, WAIT);
    cluster.node(2).resume();
    LoopbackCluster.awaitMembers(cluster.node(1), 2, WAIT);

    List<JsonObject> toAgent = streamUntilTheAgentHasABatchAfter(tab, agent, beforeSplit);
    assertThat(toAgent).as("the room never ended for the agent").noneMatch(frame -> "ended".equals(frame.getString("t")));
    assertThat(toAgent).as("nor was it refused").noneMatch(frame -> "error".equals(frame.getString("t")));
  }

  /**
   * The tab keeps streaming as the tracker does (a snapshot when asked with {@code start}), until
   * the agent has a batch sent after the split; answers every frame the agent got meanwhile.
   */
  private static List<JsonObject> streamUntilTheAgentHasABatchAfter(TrackerTab tab, AgentStream agent, long seq) {
    List<JsonObject> toAgent = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (toAgent.stream().noneMatch(frame -> "events".equals(frame.getString("t")) && frame.getLong("seq") > seq)) {
      assertThat(System.nanoTime()).as("a batch after seq %d reaches the agent within %s; it got %s", seq, WAIT, toAgent).isLessThan(deadline);
      boolean snapshot = tab.client.drained().stream().anyMatch(frame -> "start".equals(frame.getString("t")));
      tab.send(snapshot);
      NodeProcess.pause(TAB_PACE);
      toAgent.addAll(agent.client.drained());
    }
    return toAgent;
  }
}
