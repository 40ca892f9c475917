package io.tandem.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.admin.ApiNode;
import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * /health/ready follows the database; /health/live does not. Without the database a good token is
 * still good: agents are told to try again, not to log in again.
 */
@ExtendWith(VertxExtension.class)
class ReadinessTest {

  @Test
  void theNodeIsReadyOnlyWhileTheDatabaseAnswers(Vertx vertx, @TempDir Path dataDir) throws Exception {
    // the account check is not reused, so every request reads the account
    ApiNode node = ApiNode.withOwnDatabase(vertx, dataDir, new JsonObject().put("auth", new JsonObject().put("accountStatusCacheMs", 0)));
    String token = node.http.adminToken();
    HttpResponse<?> ready = node.http.get("/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getString("database")).isEqualTo("UP");
    assertThat(TestNode.sample(node.node.scrape(), "tandem_ready")).isEqualTo(1);

    long pid = Long.parseLong(Files.readAllLines(node.dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();

    // The kill takes effect asynchronously; ask until the probe notices, within a deadline.
    long deadline = System.nanoTime() + 10_000_000_000L;
    HttpResponse<?> down = node.http.get("/health/ready", null);
    while (down.statusCode() == 200 && System.nanoTime() < deadline) {
      down = node.http.get("/health/ready", null);
    }
    assertThat(down.statusCode()).isEqualTo(503);
    // what is down, never why: the driver's error (host, port, user) stays in the node's log
    assertThat(down.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "DOWN").put("database", "DOWN"));
    assertThat(node.http.get("/health/live", null).statusCode()).isEqualTo(200);
    assertThat(TestNode.sample(node.node.scrape(), "tandem_ready")).as("what the probe found, for the alert").isZero();

    HttpResponse<?> unchecked = node.http.get("/api/admin/agents", token);
    assertThat(unchecked.statusCode()).isEqualTo(503);
    assertThat(unchecked.getHeader("Retry-After")).isEqualTo("5");
    WireClient console = WireClient.connect(node.port, "/ws/agent", null);
    console.send(new JsonObject().put("t", "hello").put("v", 1).put("token", token));
    JsonObject refused = console.next("error");
    assertThat(refused.getString("code")).isEqualTo("ACCOUNT_CHECK_FAILED");
    assertThat(refused.getString("message")).contains("try again");
    assertThat(console.awaitClose()).isEqualTo((short) 1013);
  }
}
