package io.tandem.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.storage.AuditLog;
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
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Anyone holding the public project key can open {@code /ws/tracker}: every frame type is held to a
 * rate and sockets to caps, through real sockets on a node with four gateway instances (so the
 * caps must hold node-wide), and what is refused is audited in aggregate.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("floods from a public project key")
class FloodTest {
  private static final int PER_MINUTE = 5;
  private static final int FLOOD = 40;
  private static final int PER_PROJECT = 4;
  private static final int PER_ADDRESS = 3;

  private TestNode node;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    JsonObject limits = new JsonObject()
        .put("maxEventsPerSecond", 10)
        .put("maxEventBytesPerSecond", 2000)
        .put("maxPageFramesPerMinute", PER_MINUTE)
        .put("maxHeartbeatsPerMinute", PER_MINUTE)
        .put("maxConsentFramesPerMinute", PER_MINUTE)
        .put("maxSignalFramesPerMinute", PER_MINUTE)
        .put("maxTrackerSocketsPerProject", PER_PROJECT)
        .put("maxTrackerSocketsPerAddress", PER_ADDRESS);
    node = TestNode.start(vertx, dataDir, new JsonObject()
        .put("limits", limits)
        .put("http", new JsonObject().put("instances", 4).put("trustForwardedHeaders", true)));
  }

  /** A flood of one frame type: frame {@code i} of it, the code it is refused with, and the close code (0: the socket stays). */
  record Flood(String name, IntFunction<JsonObject> frame, String code, int closeCode) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Flood> floods() {
    return Stream.of(
        new Flood("page", i -> new JsonObject().put("t", "page").put("url", "http://x/" + i).put("title", "t").put("visible", true),
            "PAGE_RATE_LIMITED", 0),
        new Flood("heartbeat", i -> new JsonObject().put("t", "heartbeat"), "HEARTBEAT_RATE_LIMITED", 0),
        new Flood("consent", i -> new JsonObject().put("t", "consent").put("agent", "demo").put("kind", "control").put("action", "accept"),
            "CONSENT_RATE_LIMITED", 0),
        new Flood("signal", i -> new JsonObject().put("t", "signal").put("to", "demo").put("data", new JsonObject().put("candidate", "c" + i)),
            "SIGNAL_RATE_LIMITED", 0),
        // 10 events a second with 2 s of burst: the sixth batch of four is over
        new Flood("events by count", i -> Wire.batch(i, i == 1, 4), "RATE_LIMITED", 1008),
        // 2000 bytes a second with 2 s of burst: the bucket goes into debt on the third batch, the fourth is refused
        new Flood("events by bytes", FloodTest::bulkyBatch, "EVENT_BYTES_RATE_LIMITED", 1008));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("floods")
  void aFloodIsRefusedWithItsCodeWhileAnotherRoomsAgentGetsEverySeqInOrder(Flood flood) {
    WireClient quiet = Wire.openTab(node, "session-quiet01", "tab-quiet01");
    WireClient agent = Wire.openAgent(node);
    agent.send(new JsonObject().put("t", "join").put("room", "session-quiet01"));
    agent.next("joined");
    quiet.next("start");
    WireClient flooder = Wire.openTab(node, "session-flood01", "tab-flood01");

    int sent = 0;
    for (int i = 1; i <= FLOOD && flooder.sendUnlessClosed(flood.frame().apply(i)); i++) {
      if (i % 5 == 0) {
        sent++;
        quiet.send(Wire.batch(sent, sent == 1, 1));
      }
    }
    // the flooder may be closed before the quiet tab's first batch went out: that one is its snapshot
    while (sent < FLOOD / 5) {
      sent++;
      quiet.send(Wire.batch(sent, sent == 1, 1));
    }

    if (flood.closeCode() != 0) {
      assertThat(framesUntilClosed(flooder)).as("one error, then the close").filteredOn(f -> isError(f, flood.code())).hasSize(1);
      assertThat((int) flooder.awaitClose()).isEqualTo(flood.closeCode());
      assertThat(refusalRows("session-flood01", 1)).singleElement()
          .satisfies(row -> assertThat(row.details().getJsonObject("codes")).isEqualTo(new JsonObject().put(flood.code(), 1)));
    } else {
      // an events batch is answered with an ack after every frame sent before it was handled
      flooder.send(Wire.batch(1, true, 1));
      List<JsonObject> untilAck = framesUntil(flooder, "ack");
      assertThat(untilAck).as("told once, not once per frame").filteredOn(f -> isError(f, flood.code())).hasSize(1);
      assertThat(flooder.closed).as("a dropped frame leaves the socket open").isNotDone();
      flooder.close();
      List<AuditLog.Entry> rows = refusalRows("session-flood01", FLOOD - PER_MINUTE - 2);
      assertThat(rows).as("a row per socket per minute, and one at close").hasSizeBetween(1, 2);
      assertThat(rows).allSatisfy(row -> {
        assertThat(row.details().getString("project")).isEqualTo("demo");
        assertThat(row.details().getString("address")).isEqualTo("127.0.0.1");
        assertThat(row.details().getJsonObject("codes").fieldNames()).containsExactly(flood.code());
      });
      // the bucket refills 5 a minute: a slow machine may let one or two more through
      assertThat(refused(rows, flood.code())).isBetween(FLOOD - PER_MINUTE - 2, FLOOD - PER_MINUTE);
    }

    for (int seq = 1; seq <= FLOOD / 5; seq++) {
      JsonObject batch = agent.next("events");
      assertThat(batch.getString("room")).isEqualTo("session-quiet01");
      assertThat(batch.getLong("seq")).isEqualTo(seq);
    }
    assertThat(quiet.closed).isNotDone();
  }

  @Test
  void trackerSocketsOfOneProjectAreCappedNodeWide() {
    List<WireClient> open = new ArrayList<>();
    for (int i = 1; i <= PER_PROJECT; i++) {
      WireClient tab = WireClient.trackerFrom(node, "198.51.100." + i).send(Wire.trackerHello("session-proj0" + i, "tab-proj0" + i));
      tab.next("welcome");
      open.add(tab);
    }
    WireClient over = WireClient.trackerFrom(node, "198.51.100.9").send(Wire.trackerHello("session-proj09", "tab-proj09"));
    assertThat(over.next("error").getString("code")).isEqualTo("PROJECT_FULL");
    assertThat((int) over.awaitClose()).isEqualTo(1013);

    open.get(0).close();
    assertThat(welcomedOnceFreed(attempt -> WireClient.trackerFrom(node, "198.51.100." + (10 + attempt)), "session-proj10", "PROJECT_FULL"))
        .as("a closed socket gives its place back").isTrue();
  }

  @Test
  void trackerSocketsFromOneAddressAreCappedNodeWideEvenBeforeHello() {
    List<WireClient> open = new ArrayList<>();
    for (int i = 0; i < PER_ADDRESS; i++) {
      open.add(WireClient.trackerFrom(node, "203.0.113.7"));
    }
    WireClient over = WireClient.trackerFrom(node, "203.0.113.7");
    assertThat(over.next("error").getString("code")).isEqualTo("ADDRESS_FULL");
    assertThat((int) over.awaitClose()).isEqualTo(1013);

    WireClient elsewhere = WireClient.trackerFrom(node, "203.0.113.8").send(Wire.trackerHello("session-addr08", "tab-addr08"));
    assertThat(elsewhere.next("welcome").getString("sessionId")).as("another address is not held back").isEqualTo("session-addr08");

    open.get(0).close();
    assertThat(welcomedOnceFreed(attempt -> WireClient.trackerFrom(node, "203.0.113.7"), "session-addr07", "ADDRESS_FULL"))
        .as("a closed socket gives its place back").isTrue();
  }

  /** Opens tabs until one is welcomed or the deadline passes: the node frees a place when it has seen the close. */
  private static boolean welcomedOnceFreed(IntFunction<WireClient> open, String session, String fullCode) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      WireClient tab = open.apply(attempt);
      // a socket refused as it opens may be closed before its hello goes out: its error is in the inbox all the same
      tab.sendUnlessClosed(Wire.trackerHello(session, "tab-" + session.substring(8)));
      JsonObject answer = tab.next(f -> "welcome".equals(f.getString("t")) || "error".equals(f.getString("t")), "a welcome or an error");
      if ("welcome".equals(answer.getString("t"))) {
        return true;
      }
      assertThat(answer.getString("code")).isEqualTo(fullCode);
    }
    return false;
  }

  private static JsonObject bulkyBatch(int seq) {
    JsonArray events = new JsonArray().add(new JsonObject().put("type", seq == 1 ? 2 : 3).put("timestamp", seq)
        .put("data", new JsonObject().put("text", "x".repeat(1500))));
    return new JsonObject().put("t", "events").put("seq", seq).put("snapshot", seq == 1).put("d", events);
  }

  private static boolean isError(JsonObject frame, String code) {
    return "error".equals(frame.getString("t")) && code.equals(frame.getString("code"));
  }

  private static List<JsonObject> framesUntil(WireClient client, String type) {
    List<JsonObject> frames = new ArrayList<>();
    do {
      frames.add(client.next());
    } while (!type.equals(frames.get(frames.size() - 1).getString("t")));
    return frames;
  }

  private static List<JsonObject> framesUntilClosed(WireClient client) {
    client.awaitClose();
    return client.drained();
  }

  private static int refused(List<AuditLog.Entry> rows, String code) {
    return rows.stream().mapToInt(row -> row.details().getJsonObject("codes").getInteger(code, 0)).sum();
  }

  /** The session's refusal rows, once they count at least {@code atLeast} refusals (they are written after the socket closed). */
  private List<AuditLog.Entry> refusalRows(String session, int atLeast) {
    return node.auditUntil(session, "tracker.refused", rows -> rows.stream().mapToInt(row -> row.details().getInteger("count")).sum() >= atLeast);
  }
}
