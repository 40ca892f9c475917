package io.tandem.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What operators see on /metrics after a room is claimed, streams, resends a batch and skips one. */
@ExtendWith(VertxExtension.class)
class RoomMetricsTest {

  @Test
  void roomsAgentsDropsDeliveryLatencyAndClaimsAreScraped(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir);
    WireClient tracker = Wire.openTab(node, "session-met01", "tab-met01");
    WireClient agent = Wire.openAgent(node);
    agent.send(new JsonObject().put("t", "join").put("room", "session-met01"));
    tracker.next("start");
    tracker.send(Wire.batch(1, true, 2)).send(Wire.batch(2, false, 2)).send(Wire.batch(2, false, 2)).send(Wire.batch(4, false, 1));
    tracker.next("start");
    agent.next("events");
    agent.next("events");

    String metrics = node.scrape();

    assertThat(TestNode.sample(metrics, "tandem_rooms")).isEqualTo(1);
    assertThat(TestNode.sample(metrics, "tandem_agents")).isEqualTo(1);
    assertThat(TestNode.sample(metrics, "tandem_batches_dropped_total{reason=\"duplicate\"}")).isEqualTo(1);
    assertThat(TestNode.sample(metrics, "tandem_batches_dropped_total{reason=\"out_of_sync\"}")).isEqualTo(1);
    assertThat(TestNode.sample(metrics, "tandem_delivery_latency_seconds_count")).isEqualTo(3);
    assertThat(TestNode.sample(metrics, "tandem_bytes_out_total{endpoint=\"agent\"}")).isPositive();
    assertThat(metrics).contains("tandem_delivery_latency_seconds_bucket{le=");
    assertThat(TestNode.sample(metrics, "tandem_room_claim_seconds_count")).as("the tab's room, claimed once").isEqualTo(1);
  }
}
