package io.tandem.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.admin.ApiNode;
import io.tandem.server.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node that stops and starts again on its data directory finds everything it stored. */
class RestartTest {

  @Test
  void projectsAgentsAndTheAuditLogSurviveARestart(@TempDir Path dataDir) {
    Vertx first = Vertx.vertx();
    ApiNode before = ApiNode.withOwnDatabase(first, dataDir);
    String admin = before.http.adminToken();
    JsonObject project = before.http.call(HttpMethod.POST, "/api/admin/projects", admin,
        new JsonObject().put("id", "kept").put("allowedOrigins", new JsonArray().add("https://kept.example"))).bodyAsJsonObject();
    before.http.agentToken(admin, "keeper", "kept");
    TestNode.await(first.close());

    assertThat(before.dataDir.resolve("postgres/PG_VERSION")).exists();
    Vertx second = Vertx.vertx();
    try {
      ApiNode after = ApiNode.withOwnDatabase(second, dataDir);
      String again = after.http.adminToken();
      assertThat(after.http.get("/api/admin/projects/kept", again).bodyAsJsonObject()).isEqualTo(project);
      assertThat(after.http.get("/api/admin/agents/keeper", again).bodyAsJsonObject().getJsonArray("projects")).containsExactly("kept");
      after.http.login("keeper", "password-of-keeper");
      JsonArray created = after.http.get("/api/admin/audit?kind=project.create", again).bodyAsJsonObject().getJsonArray("items");
      assertThat(created.stream().map(e -> ((JsonObject) e).getJsonObject("details").getString("projectId"))).containsExactly("kept");
    } finally {
      TestNode.await(second.close());
    }
  }

  @Test
  void closingTheNodeStopsItsEmbeddedPostgres(@TempDir Path dataDir) throws Exception {
    Vertx vertx = Vertx.vertx();
    Path nodeData = ApiNode.withOwnDatabase(vertx, dataDir).dataDir;
    // postmaster.pid: pid, data directory, start time, port, ...
    int port = Integer.parseInt(Files.readAllLines(nodeData.resolve("postgres/postmaster.pid")).get(3).trim());
    assertThat(accepts(port)).isTrue();

    TestNode.await(vertx.close());

    assertThat(nodeData.resolve("postgres/postmaster.pid")).doesNotExist();
    assertThat(accepts(port)).isFalse();
    try (Stream<Path> files = Files.list(nodeData.resolve("postgres"))) {
      assertThat(files).isNotEmpty();
    }
  }

  /** An answered write (an audit row, a recording chunk) is on disk: the embedded server waits for the flush of each commit. */
  @Test
  void theEmbeddedDatabaseFlushesEveryCommit(@TempDir Path dataDir) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Path nodeData = ApiNode.withOwnDatabase(vertx, dataDir).dataDir;
      int port = Integer.parseInt(Files.readAllLines(nodeData.resolve("postgres/postmaster.pid")).get(3).trim());
      Pool pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(port).setDatabase("postgres")
          .setUser("postgres")).using(vertx).build();
      for (String setting : new String[] {"synchronous_commit", "fsync"}) {
        assertThat(TestNode.await(pool.query("show " + setting).execute()).iterator().next().getString(0)).as(setting).isEqualTo("on");
      }
    } finally {
      TestNode.await(vertx.close());
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
