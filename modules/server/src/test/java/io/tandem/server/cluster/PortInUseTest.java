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
 * A node that cannot listen must say so before it joins the cluster: one that joined and then
 * failed left at once, moving Hazelcast's partitions twice per start, and a node restarted in a
 * loop that way kept the chaos run's room directory answering in 2 to 3 s (22:58 on 2026-12-04).
 */
class PortInUseTest {
  @Test
  void aNodeWhoseMetricsPortIsTakenFailsBeforeItJoinsTheCluster() throws IOException {
    int taken = TestNode.freePort();
    try (ServerSocket holder = new ServerSocket(taken, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> LoopbackCluster.start("port-in-use", 2, Map.of(),
          number -> number == 2 ? Map.of("TANDEM_METRICS_PORT", Integer.toString(holder.getLocalPort())) : Map.of()).close())
          .hasMessageContaining("node port-in-use-2 exited with 1");
    }

    String second = log("port-in-use-2");
    assertThat(second).contains("node failed to start: cannot listen for metrics on 127.0.0.1:" + taken)
        .contains("set metrics.port (TANDEM_METRICS_PORT) to a free port");
    assertThat(second).as("the node never joined the cluster").doesNotContain("Members {size:");
    assertThat(log("port-in-use-1")).as("the other node never saw it").doesNotContain("Members {size:2");
  }

  private static String log(String node) throws IOException {
    return Files.readString(Path.of("target", "cluster-nodes", node + ".log"), StandardCharsets.ISO_8859_1);
  }
}
