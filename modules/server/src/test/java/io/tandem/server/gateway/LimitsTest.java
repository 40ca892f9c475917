package io.tandem.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every limit is read from configuration and, when exceeded, answered with its own error code. */
@ExtendWith(VertxExtension.class)
@DisplayName("configured limits")
class LimitsTest {
  private TestNode node;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    JsonObject limits = new JsonObject()
        .put("maxEventsPerSecond", 10)
        .put("maxAgentsPerRoom", 1)
        .put("maxRoomsPerAgent", 1)
        .put("maxRoomsPerNode", 2)
        .put("maxTabsPerRoom", 1)
        .put("maxMetadataBytes", 100)
        .put("helloTimeoutMs", 300)
        .put("trackerSilenceMs", 60_000);
    node = TestNode.start(vertx, dataDir, new JsonObject().put("limits", limits));
  }

  private static void assertRefused(WireClient client, String code, int closeCode) {
    assertThat(client.next("error").getString("code")).isEqualTo(code);
    assertThat((int) client.awaitClose()).isEqualTo(closeCode);
  }

  private static JsonObject join(String room) {
    return new JsonObject().put("t", "join").put("room", room);
  }

  @Test
  void moreEventsPerSecondThanAllowedIsRateLimited() {
    WireClient tracker = Wire.openTab(node, "session-rate1", "tab-rate1");
    tracker.send(Wire.batch(1, true, 15)).send(Wire.batch(2, false, 15));
    assertRefused(tracker, "RATE_LIMITED", 1008);
  }

  @Test
  void aSocketThatNeverSaysHelloIsClosed() {
    assertRefused(WireClient.tracker(node), "HELLO_TIMEOUT", 1013);
  }

  @Test
  void aTabOverTheRoomsLimitIsRefused() {
    Wire.openTab(node, "session-tabs1", "tab-tabs1");
    WireClient second = WireClient.tracker(node).send(Wire.trackerHello("session-tabs1", "tab-tabs2"));
    assertRefused(second, "TOO_MANY_TABS", 1008);
  }

  @Test
  void aRoomOverTheNodesLimitIsRefusedWithTryAgainLater() {
    Wire.openTab(node, "session-node1", "tab-node1");
    Wire.openTab(node, "session-node2", "tab-node2");
    WireClient third = WireClient.tracker(node).send(Wire.trackerHello("session-node3", "tab-node3"));
    assertRefused(third, "NODE_FULL", 1013);
  }

  @Test
  void metadataOverItsLimitIsRefused() {
    JsonObject hello = Wire.trackerHello("session-meta1", "tab-meta1").put("metadata", new JsonObject().put("note", "x".repeat(200)));
    assertRefused(WireClient.tracker(node).send(hello), "METADATA_TOO_LARGE", 1008);
  }

  @Test
  void aPageFrameOverTheMetadataLimitIsRefused() {
    WireClient tracker = Wire.openTab(node, "session-page1", "tab-page1");
    tracker.send(new JsonObject().put("t", "page").put("url", "http://x/" + "p".repeat(200)).put("title", "t").put("visible", true));
    assertRefused(tracker, "METADATA_TOO_LARGE", 1008);
  }

  @Test
  void aDuplicatedTabIdHandsTheTabToTheNewerSocket() {
    WireClient original = Wire.openTab(node, "session-dup01", "tab-dup01");
    WireClient copy = Wire.openTab(node, "session-dup01", "tab-dup01");
    assertRefused(original, "TAB_REPLACED", 1001);
    assertThat(copy.closed).isNotDone();
  }

  @Test
  void aFullRoomAndAnAgentAtItsRoomLimitAreRefusedButStayConnected() {
    Wire.openTab(node, "session-full1", "tab-full1");
    Wire.openTab(node, "session-full2", "tab-full2");
    WireClient first = Wire.openAgent(node);
    first.send(join("session-full1"));
    first.next("joined");

    first.send(join("session-full2"));
    assertThat(first.next("error").getString("code")).isEqualTo("TOO_MANY_ROOMS");

    WireClient second = Wire.openAgent(node);
    second.send(join("session-full1"));
    assertThat(second.next("error").getString("code")).isEqualTo("ROOM_FULL");
    second.send(join("session-full2"));
    assertThat(second.next("joined").getString("room")).isEqualTo("session-full2");
  }
}
