package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.server.room.SessionProof;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A room's ownership record can be lost: its partition's primary and both backups on members that
 * died together. The next claim must still get a higher epoch than any the room had, or the agents,
 * who follow the highest epoch they saw, would ignore the new owner (FailoverTest failed once so).
 */
class LostRecordTest {
  private static final SessionProof PROOF = SessionProof.of("secret");
  private static final String ROOM = "s-lost-record";

  private HazelcastInstance member;
  private HazelcastRoomDirectory directory;

  @BeforeEach
  void startOneMember() {
    Config config = new Config().setClusterName("lost-record-" + UUID.randomUUID());
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    member = Hazelcast.newHazelcastInstance(config);
    ClusterSettings settings = new ClusterSettings(true, "", 0, List.of(), 1, 10, 10, 3000, 5000, 86400, 60, 10000, 10000, 1 << 26, 0, -1);
    directory = new HazelcastRoomDirectory(member, settings, new SimpleMeterRegistry());
  }

  @AfterEach
  void stop() {
    member.shutdown();
  }

  @Test
  void aClaimAfterTheRecordWasLostGetsAHigherEpochThanAnyBefore() {
    long first = claim("node-1");
    long second = claim("node-2");
    assertThat(second).isGreaterThan(first);

    member.getMap(HazelcastRoomDirectory.MAP).delete(ROOM);
    awaitClusterClockPast(second);

    assertThat(claim("node-3")).isGreaterThan(second);
  }

  @Test
  void claimsInTheSameMillisecondStillGetOneEpochEach() {
    long previous = claim("node-1");
    for (int i = 0; i < 20; i++) {
      long next = claim("node-" + (i % 3));
      assertThat(next).isGreaterThan(previous);
      previous = next;
    }
  }

  private long claim(String node) {
    return await(directory.claim(ROOM, node, PROOF));
  }

  /** A lost record goes with a member's death, which takes far longer than a millisecond to notice. */
  private void awaitClusterClockPast(long epoch) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (member.getCluster().getClusterTime() <= epoch) {
      assertThat(System.nanoTime()).as("cluster clock passes %d", epoch).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private static <T> T await(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}
