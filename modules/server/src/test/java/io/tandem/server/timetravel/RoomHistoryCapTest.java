package io.tandem.server.timetravel;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A room streaming past its byte cap, seen through /metrics and through a late agent's join. */
@ExtendWith(VertxExtension.class)
class RoomHistoryCapTest {
  private static final int ROOM_CAP = 16 * 1024;

  @Test
  void aRoomPastItsCapDropsOldSegmentsKeepsTheCurrentOneAndStaysUnderTheCap(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir, new JsonObject().put("limits", new JsonObject().put("roomBufferBytes", ROOM_CAP)));
    WireClient tracker = Wire.openTab(node, "session-cap01", "tab-cap01");
    WireClient watcher = Wire.openAgent(node);
    watcher.send(new JsonObject().put("t", "join").put("room", "session-cap01"));
    tracker.next("start");

    long seq = 0;
    long lastCheckpoint = 0;
    for (int checkpoint = 0; checkpoint < 6; checkpoint++) {
      lastCheckpoint = ++seq;
      tracker.send(Wire.batch(seq, true, 100));
      for (int i = 0; i < 5; i++) {
        tracker.send(Wire.batch(++seq, false, 5));
      }
    }
    for (long i = 1; i <= seq; i++) {
      assertThat(watcher.next("events").getLong("seq")).isEqualTo(i);
    }

    WireClient late = Wire.openAgent(node);
    late.send(new JsonObject().put("t", "join").put("room", "session-cap01"));
    late.next("joined");
    tracker.send(Wire.batch(++seq, false, 1));
    List<JsonObject> served = new ArrayList<>();
    JsonObject frame;
    do {
      frame = late.next("events");
      served.add(frame);
    } while (frame.getLong("seq") != seq);

    assertThat(served.get(0).getBoolean("snapshot")).as("the late agent's history starts at a checkpoint").isTrue();
    assertThat(served.get(0).getLong("seq")).as("older checkpoints were dropped").isGreaterThan(1);
    assertThat(served.stream().map(f -> f.getLong("seq")).toList()).as("the current segment is whole")
        .containsSubsequence(lastCheckpoint, lastCheckpoint + 1, lastCheckpoint + 5, seq);

    String metrics = node.scrape();
    assertThat(TestNode.sample(metrics, "tandem_timetravel_segments_dropped_total{reason=\"room_cap\"}")).isPositive();
    assertThat(TestNode.sample(metrics, "tandem_timetravel_room_bytes_max")).isPositive().isLessThanOrEqualTo(ROOM_CAP);
    assertThat(TestNode.sample(metrics, "tandem_timetravel_node_bytes")).isPositive().isLessThanOrEqualTo(ROOM_CAP);
  }
}
