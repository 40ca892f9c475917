package io.tandem.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the processes a run starts on loopback. A run holds a port across its process's
 * restarts (a killed node comes back on the same ports, as a pod does), so the port must not be one
 * the kernel may hand an outgoing connection meanwhile: in the chaos run of 22:58 on 2026-12-04 a
 * node could not start again because a connection had taken its metrics port. Ports are drawn
 * below the ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range}) and checked free.
 */
public final class LoopbackPorts {
  private static final int LOWEST = 10_000;
  /** Linux's default start of the ephemeral range, where the file cannot be read. */
  private static final int EPHEMERAL_START = 32_768;
  private static final int TRIES = 200;

  private LoopbackPorts() {}

  public static int unused() {
    int below = ephemeralStart();
    for (int i = 0; i < TRIES; i++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
      if (free(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port on loopback between " + LOWEST + " and " + below + " in " + TRIES + " tries");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int ephemeralStart() {
    // read line by line: the file's size is 0, and Files.readString then returns its first byte only
    try (BufferedReader range = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
      int start = Integer.parseInt(range.readLine().trim().split("\\s+")[0]);
      return start > LOWEST + TRIES ? start : EPHEMERAL_START;
    } catch (IOException | RuntimeException e) {
      return EPHEMERAL_START;
    }
  }
}
