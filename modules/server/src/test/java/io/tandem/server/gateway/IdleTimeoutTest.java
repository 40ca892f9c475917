package io.tandem.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http.idleTimeoutMs}: a connection that carries nothing either way is closed, so silent
 * ones cannot pile up; a quiet console's WebSocket is pinged and stays open.
 */
@ExtendWith(VertxExtension.class)
class IdleTimeoutTest {
  private static final long IDLE_MS = 1500;

  @Test
  void aSilentConnectionIsClosedAndAQuietConsoleIsNot(Vertx vertx, @TempDir Path dataDir) throws Exception {
    TestNode node = TestNode.start(vertx, dataDir, new JsonObject().put("http", new JsonObject().put("idleTimeoutMs", IDLE_MS)));
    WireClient console = WireClient.agent(node);
    console.send(new JsonObject().put("t", "hello").put("v", 1).put("token", Wire.login(node)));
    console.next("welcome");
    console.send(WireClient.listFrame(10));
    console.next("listChanged");
    long quietSince = System.nanoTime();

    // a connection that sent half a request and then nothing: closed by the node, not by this test
    try (Socket silent = new Socket("127.0.0.1", node.port)) {
      silent.setSoTimeout(20_000);
      silent.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: 127".getBytes(StandardCharsets.US_ASCII));
      long sent = System.nanoTime();
      InputStream in = silent.getInputStream();
      assertThat(in.read()).as("the node closes the silent connection").isEqualTo(-1);
      assertThat((System.nanoTime() - sent) / 1_000_000).isGreaterThanOrEqualTo(IDLE_MS - 100);
    }

    // the console says nothing for three idle periods; the node's pings keep its socket in use
    long waitMs = 3 * IDLE_MS - (System.nanoTime() - quietSince) / 1_000_000;
    assertThatThrownBy(() -> console.closed.get(waitMs, TimeUnit.MILLISECONDS)).as("the quiet console was closed").isInstanceOf(TimeoutException.class);
    console.send(new JsonObject().put("t", "join").put("room", "no-such-room"));
    assertThat(console.next("error").getString("code")).isEqualTo("UNKNOWN_ROOM");
  }
}
