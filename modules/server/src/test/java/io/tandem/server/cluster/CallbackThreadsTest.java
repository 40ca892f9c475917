package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.server.room.SessionProof;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A node that takes over a dead node's rooms makes hundreds of claims at once. On a machine of 2
 * CPUs Hazelcast started a thread for each claim's answer (the chaos run saw more than 100 a second);
 * a clustered node's answers are served by a few threads instead.
 */
class CallbackThreadsTest {
  private static final String CONFIG = Path.of("../../cluster-config/hazelcast-local.xml").toAbsolutePath().normalize().toString();
  private static final SessionProof PROOF = SessionProof.of("secret");
  private static final int CLAIMS = 500;

  @Test
  void aBurstOfClaimsStartsNoThreadPerAnswer() throws IOException {
    int port = freePort();
    ClusterSettings settings = new ClusterSettings(true, CONFIG, port, List.of("127.0.0.1:" + port), 1, 10, 10, 3000, 5000, 86400, 60,
        10000, 10000, 1 << 26, 0, -1);
    ClusteredVertx.Member member = await(ClusteredVertx.start(Vertx.builder(), new VertxOptions(), settings, "node-callbacks"));
    try {
      HazelcastRoomDirectory directory = new HazelcastRoomDirectory(member.hazelcast(), settings, new SimpleMeterRegistry());
      await(directory.claim("warm-up", "node-callbacks", PROOF));
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long before = threads.getTotalStartedThreadCount();

      List<Future<Long>> claims = IntStream.range(0, CLAIMS).mapToObj(i -> directory.claim("room-" + i, "node-callbacks", PROOF)).toList();
      await(Future.all(claims));

      assertThat(threads.getTotalStartedThreadCount() - before).as("threads started for %d claims", CLAIMS).isLessThan(25);
    } finally {
      await(member.vertx().close());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static <T> T await(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}
