package io.tandem.server.room;

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

@ExtendWith(VertxExtension.class)
class TwoAgentsTest {
  private static final int BATCHES = 60;

  private static List<JsonObject> events(WireClient agent, int count) {
    List<JsonObject> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      frames.add(agent.next("events"));
    }
    return frames;
  }

  private static List<Long> seqs(List<JsonObject> frames) {
    return frames.stream().map(f -> f.getLong("seq")).toList();
  }

  @Test
  void twoAgentsReceiveIdenticalInOrderSequences(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir);
    WireClient tracker = Wire.openTab(node, "session-two01", "tab-two01");
    WireClient first = Wire.openAgent(node);
    WireClient second = Wire.openAgent(node);
    first.send(new JsonObject().put("t", "join").put("room", "session-two01"));
    second.send(new JsonObject().put("t", "join").put("room", "session-two01"));
    first.next("joined");
    second.next("joined");
    tracker.next("start");

    for (long seq = 1; seq <= BATCHES; seq++) {
      tracker.send(Wire.batch(seq, seq == 1, 4));
    }

    List<JsonObject> seenByFirst = events(first, BATCHES);
    List<JsonObject> seenBySecond = events(second, BATCHES);
    assertThat(seqs(seenByFirst)).containsExactlyElementsOf(LongStream.rangeClosed(1, BATCHES).boxed().toList());
    assertThat(seenBySecond).isEqualTo(seenByFirst);
  }

  @Test
  void joinsSentRightBehindTheHelloAreEachAnswered(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir);
    List<String> rooms = List.of("session-pipe1", "session-pipe2", "session-pipe3");
    rooms.forEach(room -> Wire.openTab(node, room, "tab-" + room));
    for (int attempt = 0; attempt < 5; attempt++) {
      WireClient agent = WireClient.agent(node);
      agent.send(new JsonObject().put("t", "hello").put("v", 1).put("token", Wire.login(node)));
      rooms.forEach(room -> agent.send(new JsonObject().put("t", "join").put("room", room)));
      assertThat(agent.next("welcome").getJsonObject("agent").getString("id")).isEqualTo("demo");
      // Rooms on different shards answer in their own time; each room's own frames keep their order.
      List<String> joined = rooms.stream().map(room -> agent.next("joined").getString("room")).toList();
      assertThat(joined).as("the joins were held until the agent was known, then each served once").containsExactlyInAnyOrderElementsOf(rooms);
      agent.close();
    }
  }

  @Test
  void aLateAgentIsServedFromTheBufferWithoutANewSnapshot(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir);
    WireClient tracker = Wire.openTab(node, "session-late2", "tab-late2");
    WireClient first = Wire.openAgent(node);
    first.send(new JsonObject().put("t", "join").put("room", "session-late2"));
    tracker.next("start");
    for (long seq = 1; seq <= 10; seq++) {
      tracker.send(Wire.batch(seq, seq == 1, 2));
    }
    events(first, 10);

    WireClient late = Wire.openAgent(node);
    late.send(new JsonObject().put("t", "join").put("room", "session-late2"));
    late.next("joined");
    tracker.send(Wire.batch(11, false, 2));

    List<JsonObject> lateFrames = events(late, 11);
    assertThat(seqs(lateFrames)).containsExactlyElementsOf(LongStream.rangeClosed(1, 11).boxed().toList());
    assertThat(lateFrames.get(0).getBoolean("snapshot")).isTrue();
    assertThat(first.next("events").getLong("seq")).isEqualTo(11);
    List<JsonObject> toTracker = new ArrayList<>();
    JsonObject frame;
    do {
      frame = tracker.next();
      toTracker.add(frame);
    } while (!("ack".equals(frame.getString("t")) && frame.getLong("seq") == 11));
    assertThat(toTracker).noneMatch(f -> "start".equals(f.getString("t")));
  }
}
