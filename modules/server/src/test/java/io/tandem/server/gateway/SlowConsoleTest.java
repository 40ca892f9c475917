package io.tandem.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
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
 * A console that stops reading (a stalled link) must not make its node hold everything the room
 * sends it: past {@code limits.maxAgentBacklogBytes} not yet written, the socket is closed with
 * {@code AGENT_TOO_SLOW}, and the console, back on a new socket, joins with {@code since} and gets
 * what followed, every batch once and in order. Another agent watching the same room notices nothing.
 */
@ExtendWith(VertxExtension.class)
class SlowConsoleTest {
  private static final String ROOM = "session-slow01";
  private static final String TAB = "tab-slow01";
  private static final int BACKLOG_BYTES = 1 << 20;
  private static final String FILLER = "x".repeat(256 * 1024);
  /** 48 MiB: well past what the loopback connection's kernel buffers take before the node's own queue grows. */
  private static final int BATCHES = 192;

  @Test
  void aConsoleThatStopsReadingIsClosedPastTheBoundAndResumesWithoutAGap(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir, new JsonObject().put("limits", new JsonObject()
        .put("maxAgentBacklogBytes", BACKLOG_BYTES).put("maxEventBytesPerSecond", 1 << 30)
        .put("roomBufferBytes", 256L << 20).put("nodeBufferBytes", 512L << 20)));
    WireClient tracker = Wire.openTab(node, ROOM, TAB);
    WireClient steady = Wire.openAgent(node);
    steady.send(join());
    tracker.next("start");
    WireClient stalled = Wire.openAgent(node);
    stalled.send(join());
    stalled.next("joined");
    tracker.send(Wire.batch(1, true, 1));
    assertThat(stalled.next("events").getLong("seq")).isEqualTo(1);

    assertThat(steady.next("events").getLong("seq")).isEqualTo(1);

    stalled.pause();
    long last = 1 + BATCHES;
    List<Long> steadySeqs = new ArrayList<>(List.of(1L));
    for (long seq = 2; seq <= last; seq++) {
      // in step with the reading agent, so only the stalled one falls behind
      tracker.send(padded(seq));
      steadySeqs.addAll(seqs(steady, seq));
    }
    tracker.next(f -> "ack".equals(f.getString("t")) && f.getLong("seq") == last, "the ack of the last batch");
    String metrics = node.scrape();
    stalled.resume();

    assertThat(TestNode.sample(metrics, "tandem_errors_total{code=\"AGENT_TOO_SLOW\"}")).as("the stalled console was cut off once").isEqualTo(1);
    List<Long> got = new ArrayList<>(List.of(1L));
    JsonObject frame = stalled.next();
    while (!"error".equals(frame.getString("t"))) {
      if ("events".equals(frame.getString("t"))) {
        got.add(frame.getLong("seq"));
      }
      frame = stalled.next();
    }
    assertThat(frame.getString("code")).isEqualTo("AGENT_TOO_SLOW");
    assertThat(frame.getString("message")).contains("limits.maxAgentBacklogBytes");
    assertThat(stalled.awaitClose()).as("try again later").isEqualTo((short) 1013);
    assertThat(got).as("what it got before the cut, in order").isEqualTo(LongStream.rangeClosed(1, got.size()).boxed().toList());
    assertThat(got.size()).as("held back: far fewer than were sent").isLessThan(BATCHES);

    WireClient back = Wire.openAgent(node);
    back.send(join().put("since", new JsonObject().put(TAB, got.get(got.size() - 1))));
    tracker.send(padded(last + 1));
    List<Long> rest = seqs(back, last + 1);
    assertThat(rest).as("everything after what it held, once and in order")
        .isEqualTo(LongStream.rangeClosed(got.size() + 1, last + 1).boxed().toList());
    steadySeqs.addAll(seqs(steady, last + 1));
    assertThat(steadySeqs).as("the other agent: every batch, in order, no error").isEqualTo(LongStream.rangeClosed(1, last + 1).boxed().toList());
  }

  /** The seqs of the events an agent received, up to {@code last}; it must have been sent no error. */
  private static List<Long> seqs(WireClient agent, long last) {
    List<Long> seqs = new ArrayList<>();
    while (seqs.isEmpty() || seqs.get(seqs.size() - 1) < last) {
      JsonObject frame = agent.next();
      assertThat(frame.getString("t")).as("%s", frame.encode()).isNotEqualTo("error");
      if ("events".equals(frame.getString("t"))) {
        seqs.add(frame.getLong("seq"));
      }
    }
    return seqs;
  }

  private static JsonObject join() {
    return new JsonObject().put("t", "join").put("room", ROOM);
  }

  private static JsonObject padded(long seq) {
    JsonObject batch = Wire.batch(seq, false, 1);
    batch.getJsonArray("d").getJsonObject(0).getJsonObject("data").put("text", FILLER);
    return batch;
  }
}
