package io.tandem.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A late agent is served a tab's buffer in a few large history frames, every batch in order. */
@ExtendWith(VertxExtension.class)
class JoinHistoryTest {
  private static final int BATCHES = 1_000;
  private static final String FILLER = "x".repeat(2_000);

  @Test
  void aLateAgentGetsTwoMegabytesOfHistoryInThreeMessagesAndEveryBatchInOrder(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir, new JsonObject().put("limits", new JsonObject().put("maxEventBytesPerSecond", 64 << 20)));
    WireClient tracker = Wire.openTab(node, "session-hist01", "tab-hist01");
    WireClient watcher = Wire.openAgent(node);
    watcher.send(new JsonObject().put("t", "join").put("room", "session-hist01"));
    tracker.next("start");
    for (long seq = 1; seq <= BATCHES; seq++) {
      tracker.send(batch(seq));
    }
    assertThat(watcher.next(f -> "events".equals(f.getString("t")) && f.getLong("seq") == BATCHES, "the last batch, live").getLong("seq"))
        .isEqualTo(BATCHES);

    WireClient late = Wire.openAgent(node);
    late.send(new JsonObject().put("t", "join").put("room", "session-hist01"));
    List<Long> served = new ArrayList<>();
    while (served.size() < BATCHES) {
      served.add(late.next("events").getLong("seq"));
    }

    assertThat(served).as("the whole buffer, in order").isEqualTo(LongStream.rangeClosed(1, BATCHES).boxed().toList());
    assertThat(late.bytesReceived("history")).as("about 2 MB of page data").isGreaterThan(2_000_000);
    assertThat(late.messagesReceived("history")).as("in runs of at most 1 MiB: three messages, not one per batch").isEqualTo(3);
    assertThat(late.messagesReceived("events")).as("nothing came live after the join").isZero();
  }

  private static JsonObject batch(long seq) {
    JsonArray d = new JsonArray().add(new JsonObject().put("type", seq == 1 ? 2 : 3).put("timestamp", seq).put("data", new JsonObject().put("text", FILLER)));
    return new JsonObject().put("t", "events").put("seq", seq).put("snapshot", seq == 1).put("d", d);
  }
}
