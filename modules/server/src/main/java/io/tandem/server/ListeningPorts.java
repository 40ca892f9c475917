package io.tandem.server;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The ports a node will listen on (HTTP and metrics), tried before it joins the cluster. A node
 * that joins and then cannot listen leaves again at once: each such start moves Hazelcast's
 * partitions twice, and a node restarted in a loop (a port another service holds, as 9464 often is)
 * kept the room directory answering in seconds for the whole cluster. Port 0 (any free port) is
 * not tried. What takes the port between this check and the node's listen is still refused then.
 */
final class ListeningPorts {
  private ListeningPorts() {}

  static void checkFree(JsonObject config) {
    check(config.getJsonObject("http"), "HTTP", "http.port (TANDEM_HTTP_PORT)");
    check(config.getJsonObject("metrics"), "metrics", "metrics.port (TANDEM_METRICS_PORT)");
  }

  private static void check(JsonObject settings, String what, String key) {
    int port = settings.getInteger("port");
    if (port == 0) {
      return;
    }
    String host = settings.getString("host");
    try (ServerSocket socket = new ServerSocket()) {
      // as the node's own listen does: a port whose last connections are still closing is free
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen for " + what + " on " + host + ":" + port + " (" + e.getMessage() + "): set " + key
          + " to a free port");
    }
  }
}
