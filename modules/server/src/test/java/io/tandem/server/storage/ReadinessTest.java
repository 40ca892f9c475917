package io.tandem.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.admin.ApiNode;
import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
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
 * /health/ready reports the database and does not follow it: every node shares it, so a probe that
 * failed with it would empty the balancer of every node at once (the chaos run refused 1,187
 * returning tabs so). Without the database live sessions go on, a good token is still good, and
 * agents are told to try again, not to log in again.
 */
@ExtendWith(VertxExtension.class)
class ReadinessTest {

  @Test
  void theNodeStaysReadyForLiveSessionsWhileTheDatabaseIsDown(Vertx vertx, @TempDir Path dataDir) throws Exception {
    // the account check is not reused, so every request reads the account
    ApiNode node = ApiNode.withOwnDatabase(vertx, dataDir, new JsonObject().put("auth", new JsonObject().put("accountStatusCacheMs", 0)));
    String token = node.http.adminToken();
    HttpResponse<?> ready = node.http.get("/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP").put("database", "UP"));
    assertThat(TestNode.sample(node.node.scrape(), "tandem_database_up")).isEqualTo(1);

    long pid = Long.parseLong(Files.readAllLines(node.dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();

    // The kill takes effect asynchronously; ask until the probe notices, within a deadline.
    long deadline = System.nanoTime() + 10_000_000_000L;
    HttpResponse<?> down = node.http.get("/health/ready", null);
    while ("UP".equals(down.bodyAsJsonObject().getString("database")) && System.nanoTime() < deadline) {
      down = node.http.get("/health/ready", null);
    }
    assertThat(down.statusCode()).as("still ready: the balancer keeps the node").isEqualTo(200);
    // what is down, never why: the driver's error (host, port, user) stays in the node's log
    assertThat(down.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP").put("database", "DOWN"));
    assertThat(TestNode.sample(node.node.scrape(), "tandem_ready")).isEqualTo(1);
    assertThat(TestNode.sample(node.node.scrape(), "tandem_database_up")).as("what the probe found, for the alert").isZero();

    WireClient tab = WireClient.tracker(node.node);
    tab.send(Wire.trackerHello("session-no-database", "tab-no-database"));
    assertThat(tab.next("welcome").getString("sessionId")).as("a tab is welcomed without the database").isEqualTo("session-no-database");

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
