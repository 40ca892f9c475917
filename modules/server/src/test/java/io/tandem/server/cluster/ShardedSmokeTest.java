package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.room.Rooms;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Correctness of the sharded path, not its speed: 50 rooms, half owned by each of two nodes and
 * spread over each node's four shards, stream for 5 s to two agents, one on each node, that watch
 * them all: each agent gets half its rooms from its own node's shards through its router and half
 * over the cluster hop. Every agent gets every batch of every room once, in order, from the
 * snapshot on. (Half the tabs per node also keeps each node under the test client's 50 connections
 * per host.)
 */
class ShardedSmokeTest {
  private static final int ROOMS = 50;
  private static final int SHARDS = 4;
  private static final Duration STREAMING = Duration.ofSeconds(5);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static LoopbackCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LoopbackCluster.start("sharded", 2, Map.of(
        "TANDEM_ROOMS_SHARDS", Integer.toString(SHARDS),
        "TANDEM_LIMITS_MAX_ROOMS_PER_AGENT", Integer.toString(ROOMS)));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyAgentGetsEveryBatchOfEveryRoomOnceAndInOrder() {
    List<TrackerTab> tabs = IntStream.rangeClosed(1, ROOMS)
        .mapToObj(i -> new TrackerTab("smoke-session-" + i, "smoke-tab-" + i).connect(cluster.node(1 + i % 2))).toList();
    List<String> rooms = tabs.stream().map(tab -> tab.session).toList();
    for (int owner = 0; owner < 2; owner++) {
      int parity = owner;
      assertThat(IntStream.rangeClosed(1, ROOMS).filter(i -> i % 2 == parity).mapToObj(i -> Rooms.shardIndex("smoke-session-" + i, SHARDS))
          .distinct().count()).as("shards used on node " + (1 + owner)).isEqualTo(SHARDS);
    }
    AgentStream onFirst = new AgentStream(LoopbackCluster.agent(cluster.node(1), cluster.node(1))).join(rooms);
    AgentStream onSecond = new AgentStream(LoopbackCluster.agent(cluster.node(2), cluster.node(1))).join(rooms);

    tabs.forEach(tab -> tab.stream(0));
    long until = System.nanoTime() + STREAMING.toNanos();
    while (System.nanoTime() < until) {
      // Each round waits for the node's acks, as a tracker's unacked buffer holds it back: the pace is the node's.
      tabs.forEach(tab -> tab.send(false));
      tabs.forEach(ShardedSmokeTest::awaitAck);
    }
    long last = tabs.get(0).seq;
    assertThat(tabs).allSatisfy(tab -> assertThat(tab.seq).isEqualTo(last));
    assertThat(last).as("batches per room in " + STREAMING).isGreaterThan(10);

    onFirst.awaitSeq(rooms, last, WAIT);
    onSecond.awaitSeq(rooms, last, WAIT);

    List<Long> whole = LongStream.rangeClosed(1, last).boxed().toList();
    for (AgentStream agent : List.of(onFirst, onSecond)) {
      assertThat(agent.seqs.keySet()).containsExactlyInAnyOrderElementsOf(rooms);
      rooms.forEach(room -> assertThat(agent.seqs.get(room)).as("the seqs " + room + " delivered").isEqualTo(whole));
      assertThat(agent.others("ended")).isEmpty();
      assertThat(agent.others("error")).isEmpty();
    }
    for (int node = 1; node <= 2; node++) {
      assertNone(cluster.node(node), "tandem_cluster_dropped_total{reason=\"duplicate\"}");
      assertNone(cluster.node(node), "tandem_cluster_dropped_total{reason=\"stale_epoch\"}");
      assertNone(cluster.node(node), "tandem_batches_dropped_total{reason=\"out_of_sync\"}");
      assertNone(cluster.node(node), "tandem_batches_dropped_total{reason=\"duplicate\"}");
    }
  }

  /** Reads the tab's acks up to the one for its latest batch (acks are coalesced: earlier ones may come first, or not at all). */
  private static void awaitAck(TrackerTab tab) {
    long acked = 0;
    while (acked < tab.seq) {
      acked = tab.next("ack").getLong("seq");
    }
  }

  /** The node counts this series (so a zero means something) and it is zero. */
  private static void assertNone(NodeProcess node, String series) {
    assertThat(node.metrics()).contains(series + " ");
    assertThat(LoopbackCluster.metric(node, series)).as(series + " on " + node.id).isZero();
  }
}
