package io.tandem.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input goes to one room's sockets while a second room streams; each gets its
 * error code and close code, and the second room's agent sees every batch, in order.
 */
@ExtendWith(VertxExtension.class)
class BadInputTest {
  private static final int MAX_TRACKER_FRAME = 64 * 1024;

  private record BadInput(String name, Function<TestNode, WireClient> attack, String code, int closeCode) {}

  private static WireClient trackerSending(TestNode node, String text) {
    return WireClient.tracker(node).send(text);
  }

  private static WireClient helloThen(TestNode node, JsonObject frame) {
    WireClient tracker = Wire.openTab(node, "session-bad01", "tab-bad01");
    return tracker.send(frame);
  }

  private static List<BadInput> badInputs() {
    String oversize = "{\"t\":\"events\",\"seq\":1,\"d\":[\"" + "x".repeat(MAX_TRACKER_FRAME) + "\"]}";
    return List.of(
        new BadInput("frame over the size limit", n -> helloThen(n, new JsonObject(oversize)), "FRAME_TOO_LARGE", 1009),
        new BadInput("not JSON", n -> trackerSending(n, "this is { not json"), "MALFORMED_FRAME", 1008),
        new BadInput("binary frame", n -> WireClient.tracker(n).sendBinary("{}".getBytes(StandardCharsets.UTF_8)), "BINARY_NOT_SUPPORTED", 1003),
        new BadInput("unknown type", n -> trackerSending(n, "{\"t\":\"teleport\"}"), "UNKNOWN_TYPE", 1008),
        new BadInput("hello missing its tab id", n -> trackerSending(n, Wire.trackerHello("session-bad02", "tab-bad02").copy().put("tabId", (String) null).encode()), "MISSING_FIELD", 1008),
        new BadInput("events before hello", n -> trackerSending(n, Wire.batch(1, true, 1).encode()), "HELLO_REQUIRED", 1008),
        new BadInput("agent frame on the tracker socket", n -> trackerSending(n, "{\"t\":\"join\",\"room\":\"session-bad01\"}"), "WRONG_ENDPOINT", 1008),
        new BadInput("server's history frame on the tracker socket", n -> trackerSending(n, "{\"t\":\"history\",\"room\":\"session-bad01\",\"tab\":\"tab-bad01\",\"batches\":[]}"), "WRONG_ENDPOINT", 1008),
        new BadInput("join naming a negative seq as held", n -> Wire.openAgent(n).send(new JsonObject().put("t", "join").put("room", "session-bad01")
            .put("since", new JsonObject().put("tab-bad01", -1))), "MALFORMED_FRAME", 1008),
        new BadInput("tracker frame on the agent socket", n -> WireClient.agent(n).send(Wire.batch(1, true, 1)), "WRONG_ENDPOINT", 1008),
        new BadInput("second hello", n -> helloThen(n, Wire.trackerHello("session-bad01", "tab-bad01")), "DUPLICATE_HELLO", 1008),
        new BadInput("batch with a non-array payload", n -> helloThen(n, new JsonObject().put("t", "events").put("seq", 1).put("d", "oops")), "MALFORMED_FRAME", 1008),
        new BadInput("forged agent token", n -> WireClient.agent(n).send("{\"t\":\"hello\",\"v\":1,\"token\":\"eyJhbGciOiJub25lIn0.e30.\"}"), "UNAUTHORIZED", 1008),
        new BadInput("wrong project key", n -> trackerSending(n, Wire.trackerHello("session-bad03", "tab-bad03").put("projectKey", "nope").encode()), "UNKNOWN_PROJECT", 1008),
        new BadInput("disallowed origin", n -> WireClient.connect(n, "/ws/tracker", "https://evil.example").send(Wire.trackerHello("session-bad04", "tab-bad04")), "ORIGIN_NOT_ALLOWED", 1008),
        new BadInput("unsupported version", n -> trackerSending(n, Wire.trackerHello("session-bad05", "tab-bad05").put("v", 99).encode()), "UNSUPPORTED_VERSION", 1008));
  }

  @Test
  void eachBadInputIsRefusedWithItsCodeAndTheOtherRoomSeesNoGap(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir, new JsonObject().put("limits", new JsonObject().put("maxTrackerFrameBytes", MAX_TRACKER_FRAME)));
    WireClient healthyTracker = Wire.openTab(node, "session-good1", "tab-good1");
    WireClient healthyAgent = Wire.openAgent(node);
    healthyAgent.send(new JsonObject().put("t", "join").put("room", "session-good1"));
    healthyTracker.next("start");

    long seq = 0;
    List<String> refused = new ArrayList<>();
    for (BadInput input : badInputs()) {
      healthyTracker.send(Wire.batch(++seq, seq == 1, 2));
      WireClient attacker = input.attack().apply(node);
      JsonObject error = attacker.next("error");
      assertThat(error.getString("code")).as(input.name()).isEqualTo(input.code());
      assertThat(error.getString("message")).as(input.name()).isNotBlank();
      assertThat((int) attacker.awaitClose()).as(input.name() + " close code").isEqualTo(input.closeCode());
      assertThat(node.counter("tandem.errors", "code", input.code())).as(input.name() + " counted").isPositive();
      refused.add(input.code());
      healthyTracker.send(Wire.batch(++seq, false, 2));
    }

    List<Long> delivered = new ArrayList<>();
    for (long i = 1; i <= seq; i++) {
      delivered.add(healthyAgent.next("events").getLong("seq"));
    }
    assertThat(delivered).containsExactlyElementsOf(LongStream.rangeClosed(1, seq).boxed().toList());
    assertThat(refused).hasSize(badInputs().size());
  }
}
