package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A member cut off by a pause merges back into the cluster under a new Hazelcast member UUID, and
 * keeps its rooms: their claims name the node's run, which the merge does not change, so the
 * orphan sweep does not take them for claims of a member that left. In the chaos run of 05:06 the
 * claims named the member UUID: 270 rooms of the node paused with SIGSTOP were released under it
 * one grace later, and 180 agents, asking the directory, never found them again. Three nodes in
 * their own JVMs, so the paused one is the smaller half and is the one that merges.
 */
class MergedOwnerTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final long GRACE_MS = 15_000;
  private static LoopbackCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LoopbackCluster.start("merged", 3, Map.of(
        // silent for 3 s is dead: a pause until the others notice splits the cluster
        "TANDEM_CLUSTER_MAX_NO_HEARTBEAT_SECONDS", "3",
        "TANDEM_CLUSTER_MERGE_DELAY_SECONDS", "3",
        "TANDEM_CLUSTER_ORPHAN_SWEEP_MS", "250",
        "TANDEM_ROOMS_RECONNECT_GRACE_MS", Long.toString(GRACE_MS)));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aRoomOfAMemberThatMergedBackIsStillItsOnceTheGraceIsOver() {
    TrackerTab tab = new TrackerTab("merged-session-1", "merged-tab-1").connect(cluster.node(3));

    cluster.node(3).suspend();
    LoopbackCluster.awaitMembers(cluster.node(1), 2, WAIT);
    cluster.node(3).resume();
    LoopbackCluster.awaitMembers(cluster.node(1), 3, WAIT);
    LoopbackCluster.awaitMembers(cluster.node(3), 3, WAIT);

    // the sweep releases a claim it has seen orphaned for the grace: watch it sweep for longer than that
    long until = System.nanoTime() + Duration.ofMillis(GRACE_MS).multipliedBy(3).dividedBy(2).toNanos();
    while (System.nanoTime() < until) {
      assertThat(List.of(1, 2, 3)).as("claims released by the orphan sweep")
          .allSatisfy(n -> assertThat(LoopbackCluster.metric(cluster.node(n), "tandem_rooms_orphans_released_total")).isZero());
      tab.client.send(new JsonObject().put("t", "heartbeat"));
      NodeProcess.pause(Duration.ofSeconds(1));
    }

    AgentStream agent = new AgentStream(LoopbackCluster.agent(cluster.node(1), cluster.node(1))).join(List.of(tab.session));
    tab.stream(1);
    agent.awaitSeq(List.of(tab.session), tab.seq, WAIT);
  }
}
