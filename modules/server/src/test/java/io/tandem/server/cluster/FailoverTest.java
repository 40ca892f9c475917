package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 2 of the cluster: the owner of 50 streaming rooms dies (kill -9); its trackers reconnect
 * to the other nodes, which claim the rooms with higher epochs; the agents on the surviving nodes
 * follow by themselves, and see no batch twice or out of order. Then a new owner is paused (SIGSTOP)
 * while its room moves on, and once resumed (SIGCONT) it cannot get a batch to the agent.
 */
class FailoverTest {
  private static final int ROOMS = 50;
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final Duration FENCE_WAIT = Duration.ofSeconds(5);
  private static final long STALE_SEQ = 1_000;
  private static final int RECONNECTING = 10;
  private static LoopbackCluster cluster;

  @BeforeAll
  static void startCluster() {
    // The paused owner is declared dead after 3 s, not the product's 10: the moved tab's claim waits
    // for the paused member's partitions, and its client waits 10 s for the welcome.
    cluster = LoopbackCluster.start("failover", 3, Map.of("TANDEM_LIMITS_MAX_ROOMS_PER_AGENT", Integer.toString(ROOMS),
        "TANDEM_CLUSTER_MAX_NO_HEARTBEAT_SECONDS", "3"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void roomsOfAKilledOwnerComeBackForTheirAgentsAndAPausedOwnerIsFenced() {
    WatchedRooms watched = WatchedRooms.open(cluster, "failover", ROOMS, WAIT);
    List<TrackerTab> tabs = watched.tabs;
    AgentStream onThird = watched.onThird;

    long killedAt = System.nanoTime();
    cluster.node(1).kill();
    // Like real trackers, the tabs reconnect together, not one after the other.
    AtomicLong lastWelcome = new AtomicLong();
    inParallel(IntStream.range(0, ROOMS).mapToObj(i -> (Runnable) () -> {
      TrackerTab tab = tabs.get(i);
      tab.client.awaitClose();
      tab.connect(cluster.node(2 + i % 2));
      lastWelcome.accumulateAndGet(System.nanoTime() - killedAt, Math::max);
      tab.stream(1);
    }).toList());
    Duration reconnected = Duration.ofNanos(lastWelcome.get());
    watched.awaitSeq(5, WAIT);
    Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
    System.out.println("FAILOVER: " + ROOMS + " rooms live again for agents on both surviving nodes " + failover.toMillis()
        + " ms after kill -9 of their owner (every tracker welcomed by a new owner after " + reconnected.toMillis() + " ms)");
    watched.assertWholeAndLive();
    assertThat(takenOver(ROOMS)).as("every room counted once as a failover, by the node it landed on").isEqualTo(ROOMS);

    // tabs.get(0) is now owned by node 2; its agent on node 3 is the one that must not hear from a paused node 2.
    TrackerTab moved = tabs.get(0);
    WireClient stale = moved.client;
    double fencedBefore = LoopbackCluster.metric(cluster.node(3), "tandem_cluster_dropped_total{reason=\"stale_epoch\"}");
    cluster.node(2).suspend();
    moved.connect(cluster.node(3));
    moved.stream(1);
    onThird.awaitSeq(List.of(moved.session), moved.seq, WAIT);
    cluster.node(2).resume();

    // the resumed owner may have closed its stale tab already: that is fencing too
    stale.sendUnlessClosed(Wire.batch(STALE_SEQ, true, 2));
    awaitFencedOrClosed(stale, fencedBefore);
    moved.send(false);
    onThird.awaitSeq(List.of(moved.session), moved.seq, WAIT);
    assertThat(onThird.seqs.get(moved.session)).doesNotContain(STALE_SEQ);
    onThird.assertOrdered();
  }

  /** Rooms nodes 2 and 3 took over, once they add up to {@code expected} or {@link #FENCE_WAIT} has passed: counts follow claims a moment later. */
  private static double takenOver(int expected) {
    long deadline = System.nanoTime() + FENCE_WAIT.toNanos();
    double sum = 0;
    while (System.nanoTime() < deadline) {
      sum = LoopbackCluster.metric(cluster.node(2), "tandem_rooms_taken_over_total")
          + LoopbackCluster.metric(cluster.node(3), "tandem_rooms_taken_over_total");
      if (sum >= expected) {
        return sum;
      }
      NodeProcess.pause(Duration.ofMillis(100));
    }
    return sum;
  }

  private static void inParallel(List<Runnable> steps) {
    ExecutorService pool = Executors.newFixedThreadPool(RECONNECTING);
    try {
      CompletableFuture.allOf(steps.stream().map(step -> CompletableFuture.runAsync(step, pool)).toArray(CompletableFuture[]::new))
          .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The stale owner either learnt of the move and closed its tab (ROOM_MOVED), or forwarded the batch
   * and the agent's node dropped it for its old epoch; both are fencing. Polls for either.
   */
  private static void awaitFencedOrClosed(WireClient stale, double fencedBefore) {
    long deadline = System.nanoTime() + FENCE_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (stale.closed.isDone()) {
        System.out.println("FENCING: the resumed owner closed its stale tab (close code " + stale.closed.join() + ")");
        return;
      }
      if (LoopbackCluster.metric(cluster.node(3), "tandem_cluster_dropped_total{reason=\"stale_epoch\"}") > fencedBefore) {
        System.out.println("FENCING: the resumed owner forwarded its stale batch; the agent's node dropped it for its old epoch");
        return;
      }
      NodeProcess.pause(Duration.ofMillis(100));
    }
    throw new AssertionError("the paused owner neither closed its stale tab nor had its batch dropped within " + FENCE_WAIT);
  }
}
