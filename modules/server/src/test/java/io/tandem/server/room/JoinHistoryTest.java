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

/**
 * A late agent is served a tab's buffer in a few large history frames, every batch in order; one
 * that names what it already holds (a console back after a reconnect) only what follows.
 */
@ExtendWith(VertxExtension.class)
class JoinHistoryTest {
  private static final int BATCHES = 1_000;
  private static final String FILLER = "x".repeat(2_000);
  private static final String ROOM = "session-hist01";
  private static final String TAB = "tab-hist01";

  @Test
  void aLateAgentGetsTwoMegabytesOfHistoryInThreeMessagesAndEveryBatchInOrder(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = streamed(vertx, dataDir);

    WireClient late = Wire.openAgent(node);
    late.send(join());
    List<Long> served = served(late, BATCHES);

    assertThat(served).as("the whole buffer, in order").isEqualTo(LongStream.rangeClosed(1, BATCHES).boxed().toList());
    assertThat(late.bytesReceived("history")).as("about 2 MB of page data").isGreaterThan(2_000_000);
    assertThat(late.messagesReceived("history")).as("in runs of at most 1 MiB: three messages, not one per batch").isEqualTo(3);
    assertThat(late.messagesReceived("events")).as("nothing came live after the join").isZero();
  }

  /** A console back after its node died names what it holds: only what follows comes, in one message. */
  @Test
  void anAgentJoiningAgainNamingWhatItHoldsIsSentOnlyWhatFollows(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = streamed(vertx, dataDir);
    long held = BATCHES - 100;

    WireClient again = Wire.openAgent(node);
    again.send(join().put("since", new JsonObject().put(TAB, held)));
    List<Long> served = served(again, BATCHES - held);

    assertThat(served).as("the batches after the held one, in order").isEqualTo(LongStream.rangeClosed(held + 1, BATCHES).boxed().toList());
    assertThat(again.bytesReceived("history")).as("a tenth of the buffer").isBetween(200_000L, 300_000L);
    assertThat(again.messagesReceived("history")).isEqualTo(1);
    assertThat(again.messagesReceived("events")).as("nothing came live after the join").isZero();
  }

  /** A node whose one tab has streamed {@value #BATCHES} batches of about 2 kB to a watching agent. */
  private static TestNode streamed(Vertx vertx, Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir, new JsonObject().put("limits", new JsonObject().put("maxEventBytesPerSecond", 64 << 20)));
    WireClient tracker = Wire.openTab(node, ROOM, TAB);
    WireClient watcher = Wire.openAgent(node);
    watcher.send(join());
    tracker.next("start");
    for (long seq = 1; seq <= BATCHES; seq++) {
      tracker.send(batch(seq));
    }
    assertThat(watcher.next(f -> "events".equals(f.getString("t")) && f.getLong("seq") == BATCHES, "the last batch, live").getLong("seq"))
        .isEqualTo(BATCHES);
    return node;
  }

  private static JsonObject join() {
    return new JsonObject().put("t", "join").put("room", ROOM);
  }

  private static List<Long> served(WireClient agent, long count) {
    List<Long> served = new ArrayList<>();
    while (served.size() < count) {
      served.add(agent.next("events").getLong("seq"));
    }
    return served;
  }

  private static JsonObject batch(long seq) {
    JsonArray d = new JsonArray().add(new JsonObject().put("type", seq == 1 ? 2 : 3).put("timestamp", seq).put("data", new JsonObject().put("text", FILLER)));
    return new JsonObject().put("t", "events").put("seq", seq).put("snapshot", seq == 1).put("d", d);
  }
}
