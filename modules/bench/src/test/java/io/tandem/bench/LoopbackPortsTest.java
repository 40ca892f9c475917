package io.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {
  /** A port a run holds across restarts must be one no outgoing connection can take meanwhile. */
  @Test
  void portsAreFreeAndBelowTheRangeTheKernelGivesOutgoingConnections() throws IOException {
    int ephemeralStart;
    try (BufferedReader range = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
      ephemeralStart = Integer.parseInt(range.readLine().trim().split("\\s+")[0]);
    }
    for (int i = 0; i < 20; i++) {
      int port = LoopbackPorts.unused();
      assertThat(port).isBetween(10_000, ephemeralStart - 1);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
  }
}
