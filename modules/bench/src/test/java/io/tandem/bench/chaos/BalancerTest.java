package io.tandem.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.bench.Polling;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The chaos run's balancer takes a dead node out as Kubernetes takes out a dead pod, whatever the
 * other nodes' probes do: a starved node that answers its probe late must not keep a killed one
 * listed, or the agents drawn onto it are refused and back off (the chaos runs before 05:13 on
 * 2026-12-05, whose one probe loop waited on each node in turn).
 */
class BalancerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aDeadNodeIsTakenOutWhileAnotherNodesProbeHangs() throws Exception {
    ChaosNode starved = node("starved");
    ChaosNode dead = node("dead");
    CountDownLatch answer = new CountDownLatch(1);
    AtomicBoolean troubled = new AtomicBoolean();
    try (Balancer balancer = Balancer.start(List.of(starved, dead), node -> {
      if (!troubled.get()) {
        return true;
      }
      // the starved node's probe does not come back until the test is over; the dead one's fails at once
      return node == starved && awaitQuietly(answer);
    })) {
      assertThat(Polling.waitUntil(() -> balancer.liveNodes().size() == 2, WAIT)).as("both nodes listed at first").isTrue();
      troubled.set(true);

      assertThat(Polling.waitUntil(() -> !balancer.liveNodes().contains(dead), WAIT)).as("the dead node taken out").isTrue();
      assertThat(balancer.liveNodes()).containsExactly(starved);
      assertThat(balancer.unlistedNanos(dead)).isPositive();
      answer.countDown();
    }
  }

  private static ChaosNode node(String id) {
    return new ChaosNode(id, 1, 2, Path.of("never-launched.jar"), Path.of("never-launched.log"), Map.of());
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
