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
 * A tracker tells a live node from a frozen or unreachable one by its answers: the welcome says how
 * long to wait for one ({@code replyTimeoutMs}), and every heartbeat, like every batch, is answered.
 */
@ExtendWith(VertxExtension.class)
class TrackerRepliesTest {
  @Test
  void theWelcomeSaysHowLongToWaitAndEveryHeartbeatIsAnswered(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir, new JsonObject().put("replyTimeoutMs", 7_000));
    WireClient tab = WireClient.tracker(node);
    tab.send(Wire.trackerHello("replies-session-1", "replies-tab-1"));

    assertThat(tab.next("welcome").getLong("replyTimeoutMs")).isEqualTo(7_000);
    for (int beat = 0; beat < 3; beat++) {
      tab.send(new JsonObject().put("t", "heartbeat"));
      assertThat(tab.next().getString("t")).as("the answer to heartbeat %d", beat).isEqualTo("heartbeat");
    }
  }
}
