package io.tandem.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("a room's life: listed idle, streamed while watched, idle again, gone")
class RoomLifecycleTest {
  private TestNode node;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    node = TestNode.start(vertx, dataDir);
  }

  private static JsonObject join(String room) {
    return new JsonObject().put("t", "join").put("room", room);
  }

  /** A node whose short grace (1.5 s) is far from its long one (30 s). */
  private static TestNode withGraces(Vertx vertx, Path dataDir) {
    return TestNode.start(vertx, dataDir, new JsonObject().put("rooms", new JsonObject().put("emptyGraceMs", 1500).put("reconnectGraceMs", 30_000)));
  }

  /**
   * {@code unwatched}'s tab dropped after {@code waiting}'s: once it is gone, the short grace is
   * over for both, and {@code waiting} must still be listed, waiting for its user.
   */
  private static void assertStillListedAfterTheShortGrace(WireClient agent, String waiting, String unwatched) {
    List<JsonObject> after = agent.nextSessionList(list -> list.stream().noneMatch(s -> unwatched.equals(s.getString("room"))),
        "the unwatched session gone after its grace");
    assertThat(after).extracting(s -> s.getString("room")).as("the room with the long grace waits for its user").contains(waiting);
  }

  private static JsonObject listed(WireClient agent, String room, String state) {
    return agent.nextSessionList(list -> list.stream().anyMatch(s -> room.equals(s.getString("room")) && state.equals(s.getString("state"))),
            "a session list with " + room + " " + state)
        .stream().filter(s -> room.equals(s.getString("room"))).findFirst().orElseThrow();
  }

  @Test
  void anIdleRoomIsListedThenStreamsWhileAnAgentWatches() {
    WireClient tracker = Wire.openTab(node, "session-life1", "tab-life1");
    WireClient agent = Wire.openAgent(node);

    JsonObject session = listed(agent, "session-life1", "idle");
    assertThat(session.getString("projectId")).isEqualTo("demo");
    assertThat(session.getString("userId")).isEqualTo("user-session-life1");
    assertThat(session.getLong("startedAt")).isPositive();
    assertThat(session.getJsonArray("tabs").getJsonObject(0).getString("url")).isEqualTo("http://127.0.0.1/demo/");

    agent.send(join("session-life1"));
    assertThat(agent.next("joined").getJsonObject("session").getString("room")).isEqualTo("session-life1");
    tracker.next("start");
    tracker.send(Wire.batch(1, true, 3));
    assertThat(tracker.next("ack").getLong("seq")).isEqualTo(1);
    JsonObject events = agent.next("events");
    assertThat(events.getString("tab")).isEqualTo("tab-life1");
    assertThat(events.getBoolean("snapshot")).isTrue();
    assertThat(events.getJsonArray("d")).isEqualTo(Wire.batch(1, true, 3).getJsonArray("d"));

    agent.send(new JsonObject().put("t", "leave").put("room", "session-life1"));
    agent.next("left");
    tracker.next("stop");
    listed(agent, "session-life1", "idle");
  }

  @Test
  void agentsAreToldWhenTheTrackerGoesAndAReconnectGetsTheSameRoom() {
    WireClient tracker = Wire.openTab(node, "session-back1", "tab-back1");
    WireClient agent = Wire.openAgent(node);
    agent.send(join("session-back1"));
    tracker.next("start");
    tracker.send(Wire.batch(1, true, 1));
    agent.next("events");

    tracker.close();
    agent.next(f -> "room".equals(f.getString("t")) && "disconnected".equals(f.getJsonObject("session").getString("state")), "room disconnected");

    WireClient again = WireClient.tracker(node);
    again.send(Wire.trackerHello("session-back1", "tab-back1"));
    JsonObject welcome = again.next("welcome");
    assertThat(welcome.getBoolean("streaming")).isTrue();
    assertThat(welcome.getLong("ackedSeq")).isEqualTo(1);
    again.send(Wire.batch(2, false, 1));
    JsonObject resumed = agent.next("events");
    assertThat(resumed.getLong("seq")).isEqualTo(2);
    assertThat(resumed.getBoolean("snapshot")).isFalse();
  }

  @Test
  void aTabThatDroppedJustBeforeAnAgentJoinedGetsTheGraceOfAWatchedRoom(Vertx vertx, @TempDir Path otherDir) {
    node = withGraces(vertx, otherDir);
    WireClient dropped = Wire.openTab(node, "session-grace1", "tab-grace1");
    WireClient unwatched = Wire.openTab(node, "session-grace2", "tab-grace2");
    WireClient agent = Wire.openAgent(node);
    listed(agent, "session-grace2", "idle");

    dropped.close();
    listed(agent, "session-grace1", "disconnected");
    unwatched.close();
    agent.send(join("session-grace1"));
    agent.next("joined");

    assertStillListedAfterTheShortGrace(agent, "session-grace1", "session-grace2");
    WireClient back = WireClient.tracker(node);
    back.send(Wire.trackerHello("session-grace1", "tab-grace1"));
    assertThat(back.next("welcome").getBoolean("streaming")).as("the same room, with its agent").isTrue();
  }

  /**
   * The chaos run of 17:23 (2026-12-04): a node that resumed from a pause, alone, saw every other
   * node's agents lost at once, then its tabs' sockets close (they had given the silent node up):
   * rooms with no agent left ended after the short grace, and their agents, on their way back,
   * were told the session ended. An agent whose socket was lost may come back as its tab does.
   */
  @Test
  void aTabThatDropsAfterItsAgentsConnectionWasLostGetsTheGraceOfAWatchedRoom(Vertx vertx, @TempDir Path otherDir) {
    node = withGraces(vertx, otherDir);
    WireClient watched = Wire.openTab(node, "session-grace3", "tab-grace3");
    WireClient unwatched = Wire.openTab(node, "session-grace4", "tab-grace4");
    WireClient lost = Wire.openAgent(node);
    lost.send(join("session-grace3"));
    lost.next("joined");
    WireClient observer = Wire.openAgent(node);
    listed(observer, "session-grace3", "streaming");

    lost.close();
    listed(observer, "session-grace3", "idle");
    watched.close();
    listed(observer, "session-grace3", "disconnected");
    unwatched.close();

    assertStillListedAfterTheShortGrace(observer, "session-grace3", "session-grace4");
  }

  @Test
  void theRoomEndsWhenTheUserDoesNotComeBack() {
    WireClient tracker = Wire.openTab(node, "session-end01", "tab-end01");
    WireClient agent = Wire.openAgent(node);
    agent.send(join("session-end01"));
    agent.next("joined");

    tracker.close();

    JsonObject ended = agent.next("ended");
    assertThat(ended.getString("room")).isEqualTo("session-end01");
    assertThat(ended.getString("reason")).isEqualTo("user_left");
    agent.nextSessionList(List::isEmpty, "an empty session list");
  }

  @Test
  void aResentBatchIsNotRelayedTwiceAndAGapWaitsForASnapshot() {
    WireClient tracker = Wire.openTab(node, "session-seq01", "tab-seq01");
    WireClient agent = Wire.openAgent(node);
    agent.send(join("session-seq01"));
    tracker.next("start");
    tracker.send(Wire.batch(1, true, 1)).send(Wire.batch(2, false, 1)).send(Wire.batch(2, false, 1)).send(Wire.batch(3, false, 1));
    assertThat(agent.next("events").getLong("seq")).isEqualTo(1);
    assertThat(agent.next("events").getLong("seq")).isEqualTo(2);
    assertThat(agent.next("events").getLong("seq")).isEqualTo(3);

    tracker.send(Wire.batch(5, false, 1));
    tracker.next("start");
    tracker.send(Wire.batch(6, false, 1)).send(Wire.batch(7, true, 1));

    JsonObject afterGap = agent.next("events");
    assertThat(afterGap.getLong("seq")).isEqualTo(7);
    assertThat(afterGap.getBoolean("snapshot")).isTrue();
  }

  @Test
  void anUnknownRoomIsRefusedWithoutClosingTheSocket() {
    WireClient agent = Wire.openAgent(node);
    agent.send(join("session-none1"));
    JsonObject error = agent.next("error");
    assertThat(error.getString("code")).isEqualTo("UNKNOWN_ROOM");
    assertThat(error.getString("room")).isEqualTo("session-none1");
    WireClient tracker = Wire.openTab(node, "session-late1", "tab-late1");
    agent.send(join("session-late1"));
    agent.next("joined");
    tracker.next("start");
  }
}
