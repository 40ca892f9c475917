package io.tandem.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.admin.ApiNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** /health/ready follows the database; /health/live does not. */
@ExtendWith(VertxExtension.class)
class ReadinessTest {

  @Test
  void theNodeIsReadyOnlyWhileTheDatabaseAnswers(Vertx vertx, @TempDir Path dataDir) throws Exception {
    ApiNode node = ApiNode.withOwnDatabase(vertx, dataDir);
    HttpResponse<?> ready = node.http.get("/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getString("database")).isEqualTo("UP");

    long pid = Long.parseLong(Files.readAllLines(node.dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();

    // The kill takes effect asynchronously; ask until the probe notices, within a deadline.
    long deadline = System.nanoTime() + 10_000_000_000L;
    HttpResponse<?> down = node.http.get("/health/ready", null);
    while (down.statusCode() == 200 && System.nanoTime() < deadline) {
      down = node.http.get("/health/ready", null);
    }
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.bodyAsJsonObject().getString("database")).startsWith("DOWN");
    assertThat(node.http.get("/health/live", null).statusCode()).isEqualTo(200);
  }
}
