package io.tandem.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.admin.Http;
import io.tandem.server.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Metrics answer only on their own port; the public port has the probes and no demo unless it is on. */
@ExtendWith(VertxExtension.class)
class OperationsTest {

  @Test
  void metricsAreServedOnTheirOwnPortOnly(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir);
    Http http = new Http(vertx, node.port);
    assertThat(http.get("/metrics", null).statusCode()).isEqualTo(404);
    assertThat(http.get("/health/live", null).statusCode()).isEqualTo(200);
    assertThat(node.started.metricsPort()).isNotEqualTo(node.port);
    assertThat(node.scrape()).contains("tandem_rooms");
    assertThat(node.onMetricsPort("/health/live").statusCode()).as("the metrics port serves /metrics and nothing else").isEqualTo(404);
  }

  @Test
  void withoutTheDemoNoDemoPagesAreServed(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir, new JsonObject().put("demo", false));
    Http http = new Http(vertx, node.port);
    assertThat(http.get("/demo/", null).statusCode()).isEqualTo(404);
    assertThat(http.get("/demo/canvas.html", null).statusCode()).isEqualTo(404);
    var root = http.get("/", null);
    assertThat(http.get("/console/", null).statusCode()).isEqualTo(200);
    assertThat(root.bodyAsString()).contains("Tandem console");
  }
}
