package io.tandem.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.FrameType;
import io.tandem.protocol.PageInfo;
import io.tandem.server.peer.TrackerPeer;
import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("acks: one per tab for what the context ran together, for the highest seq")
class PendingAcksTest {

  @Test
  void batchesHandledTogetherGetOneAckForTheHighestSeq(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    PendingAcks acks = new PendingAcks(context);
    TabSocket first = new TabSocket();
    TabSocket second = new TabSocket();
    Tab one = new Tab("tab-one-1", first, new PageInfo("u", "t", true));
    Tab two = new Tab("tab-two-1", second, new PageInfo("u", "t", true));
    context.runOnContext(v -> {
      for (long seq = 1; seq <= 50; seq++) {
        one.lastSeq = seq;
        acks.ack(one);
      }
      two.lastSeq = 7;
      acks.ack(two);
      context.runOnContext(after -> test.verify(() -> {
        assertThat(first.frames).containsExactly("ack {\"t\":\"ack\",\"seq\":50}");
        assertThat(second.frames).containsExactly("ack {\"t\":\"ack\",\"seq\":7}");
        test.completeNow();
      }));
    });
  }

  @Test
  void aWaitingAckLeavesBeforeAnythingSentAfterSendNow(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    PendingAcks acks = new PendingAcks(context);
    TabSocket socket = new TabSocket();
    Tab tab = new Tab("tab-one-1", socket, new PageInfo("u", "t", true));
    context.runOnContext(v -> {
      tab.lastSeq = 3;
      acks.ack(tab);
      PendingAcks.sendNow(tab);
      socket.send(FrameType.START, "{\"t\":\"start\"}");
      tab.lastSeq = 4;
      acks.ack(tab);
      context.runOnContext(after -> test.verify(() -> {
        assertThat(socket.frames).containsExactly("ack {\"t\":\"ack\",\"seq\":3}", "start {\"t\":\"start\"}", "ack {\"t\":\"ack\",\"seq\":4}");
        test.completeNow();
      }));
    });
  }

  @Test
  void aTabGoneBeforeTheFlushGetsNothing(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    PendingAcks acks = new PendingAcks(context);
    TabSocket socket = new TabSocket();
    Tab tab = new Tab("tab-one-1", socket, new PageInfo("u", "t", true));
    context.runOnContext(v -> {
      tab.lastSeq = 1;
      acks.ack(tab);
      tab.peer = null;
      context.runOnContext(after -> test.verify(() -> {
        assertThat(socket.frames).isEmpty();
        assertThat(tab.ackPending).isFalse();
        test.completeNow();
      }));
    });
  }

  @Test
  void aBurstOfBatchesThroughTheNodeIsAckedInOrderUpToTheLast(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir);
    WireClient tracker = Wire.openTab(node, "session-acks1", "tab-acks1");
    WireClient agent = Wire.openAgent(node);
    agent.send(new JsonObject().put("t", "join").put("room", "session-acks1"));
    tracker.next("start");
    int batches = 300;
    for (long seq = 1; seq <= batches; seq++) {
      tracker.send(Wire.batch(seq, seq == 1, 1));
    }

    List<Long> acked = new ArrayList<>();
    do {
      acked.add(tracker.next("ack").getLong("seq"));
    } while (acked.get(acked.size() - 1) < batches);
    assertThat(acked).as("acks only move forward, the last covers every batch").isSorted().doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(batches);
    for (long seq = 1; seq <= batches; seq++) {
      assertThat(agent.next("events").getLong("seq")).isEqualTo(seq);
    }
  }

  private static final class TabSocket implements TrackerPeer {
    final List<String> frames = new ArrayList<>();

    @Override
    public void send(FrameType type, byte[] frame) {
      frames.add(type.wireName() + " " + new String(frame, StandardCharsets.UTF_8));
    }

    @Override
    public void fail(ErrorCode code, String message, String room) {}

    @Override
    public void close(short code, String reason) {}
  }
}
