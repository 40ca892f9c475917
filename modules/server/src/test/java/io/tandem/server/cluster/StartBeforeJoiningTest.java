package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.server.testing.TestNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node that cannot start must say so before it joins the cluster: one that joined and then
 * failed left at once, moving Hazelcast's partitions twice per start, and a node restarted in a
 * loop that way kept the chaos run's room directory answering in 2 to 3 s (22:58 on 2026-12-04).
 * Two nodes start at once; the second cannot.
 */
class StartBeforeJoiningTest {
  @Test
  void aNodeWhoseMetricsPortIsTakenFailsBeforeItJoinsTheCluster() throws IOException {
    int taken = TestNode.freePort();
    try (ServerSocket holder = new ServerSocket(taken, 1, InetAddress.getLoopbackAddress())) {
      String log = secondNodeFails("port-in-use", Map.of("TANDEM_METRICS_PORT", Integer.toString(taken)));
      assertThat(log).contains("node failed to start: cannot listen for metrics on 127.0.0.1:" + taken)
          .contains("set metrics.port (TANDEM_METRICS_PORT) to a free port");
    }
  }

  @Test
  void aNodeWhoseDatabaseIsOutOfReachWaitsForItBeforeItJoinsTheCluster() throws IOException {
    int closed = TestNode.freePort();
    String log = secondNodeFails("no-database", Map.of("TANDEM_STORAGE_PORT", Integer.toString(closed), "TANDEM_STORAGE_STARTUP_WAIT_MS", "1500"));
    assertThat(log).contains("the database is out of reach").contains("trying again")
        .contains("node failed to start: the database was out of reach for the 1500 ms the node waits at start (storage.startupWaitMs)");
  }

  /** Starts {@code name}-1 and {@code name}-2 with {@code second}'s settings; answers the second's log once it exited. */
  private static String secondNodeFails(String name, Map<String, String> second) throws IOException {
    assertThatThrownBy(() -> LoopbackCluster.start(name, 2, Map.of(), number -> number == 2 ? second : Map.of()).close())
        .hasMessageContaining("node " + name + "-2 exited with 1");
    String log = log(name + "-2");
    assertThat(log).as("the node never joined the cluster").doesNotContain("Members {size:");
    assertThat(log(name + "-1")).as("the other node never saw it").doesNotContain("Members {size:2");
    return log;
  }

  private static String log(String node) throws IOException {
    return Files.readString(Path.of("target", "cluster-nodes", node + ".log"), StandardCharsets.ISO_8859_1);
  }
}
