package io.tandem.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tracker or a console tells a live node from a frozen or unreachable one by its answers: the
 * welcome says how long to wait for one ({@code replyTimeoutMs}), and every heartbeat is answered.
 */
@ExtendWith(VertxExtension.class)
class SocketRepliesTest {
  private static final long REPLY_TIMEOUT_MS = 7_000;

  @Test
  void theWelcomesSayHowLongToWaitAndEveryHeartbeatIsAnswered(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir, new JsonObject().put("replyTimeoutMs", REPLY_TIMEOUT_MS));
    WireClient tab = WireClient.tracker(node);
    tab.send(Wire.trackerHello("replies-session-1", "replies-tab-1"));
    assertThat(tab.next("welcome").getLong("replyTimeoutMs")).isEqualTo(REPLY_TIMEOUT_MS);
    WireClient console = WireClient.agent(node);
    console.send(new JsonObject().put("t", "hello").put("v", 1).put("token", Wire.login(node)));
    assertThat(console.next("welcome").getLong("replyTimeoutMs")).isEqualTo(REPLY_TIMEOUT_MS);

    for (WireClient client : new WireClient[] {tab, console}) {
      for (int beat = 0; beat < 3; beat++) {
        client.send(new JsonObject().put("t", "heartbeat"));
        assertThat(client.next().getString("t")).as("the answer to heartbeat %d", beat).isEqualTo("heartbeat");
      }
    }
  }
}
