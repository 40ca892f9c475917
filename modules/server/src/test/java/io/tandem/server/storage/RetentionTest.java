package io.tandem.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.admin.ApiNode;
import io.tandem.server.storage.RecordingStore.Recording;
import io.tandem.server.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retention job against the real PostgreSQL: what is past its time goes, once per interval across nodes. */
class RetentionTest {

  @Test
  void recordingsAndAuditRowsPastTheirTimeAreGoneAfterTheJobRuns(@TempDir Path dataDir) {
    Vertx vertx = Vertx.vertx();
    try {
      TestNode node = TestNode.start(vertx, dataDir, new JsonObject().put("audit", new JsonObject().put("retentionDays", 30)));
      RecordingStore recordings = node.started.services().recordings();
      TestNode.await(recordings.setRetentionDays(10));
      store(recordings, "old-recording", "elsewhere", Instant.now().minus(Duration.ofDays(11)));
      store(recordings, "new-recording", "elsewhere", Instant.now().minus(Duration.ofDays(9)));
      // the demo project keeps its recordings 2 days, not the deployment's 10
      assertThat(TestNode.await(node.started.services().projectStore().setRetention("demo", new ProjectRetention(2, null)))).isTrue();
      store(recordings, "demo-old", "demo", Instant.now().minus(Duration.ofDays(3)));
      store(recordings, "demo-new", "demo", Instant.now().minus(Duration.ofDays(1)));
      Pool pool = pool(vertx, node);
      TestNode.await(pool.preparedQuery("insert into audit_log (at, kind, outcome) values (now() - make_interval(days => $1), $2, 'success')")
          .executeBatch(List.of(Tuple.of(31, "old.row"), Tuple.of(29, "new.row"))));

      RetentionPurge.Run run = TestNode.await(node.started.services().retention().run(Duration.ZERO));

      assertThat(run).isEqualTo(new RetentionPurge.Run(true, 2, 1));
      assertThat(TestNode.await(recordings.find("old-recording"))).isEmpty();
      assertThat(TestNode.await(recordings.find("new-recording"))).isPresent();
      assertThat(TestNode.await(recordings.find("demo-old"))).isEmpty();
      assertThat(TestNode.await(recordings.find("demo-new"))).isPresent();
      assertThat(kinds(pool)).contains("new.row", "retention.purge").doesNotContain("old.row");
    } finally {
      TestNode.await(vertx.close());
    }
  }

  /**
   * The demo project keeps its audit rows 5 days, the deployment 30: a row of the project, and a
   * consent row of one of its sessions (known through the session's join), go after 6 days; a row
   * of no project stays.
   */
  @Test
  void aProjectsAuditRowsFollowItsOwnDays(@TempDir Path dataDir) {
    Vertx vertx = Vertx.vertx();
    try {
      ApiNode node = ApiNode.start(vertx, dataDir, new JsonObject().put("audit", new JsonObject().put("retentionDays", 30)));
      HttpResponse<Buffer> set = node.http.call(HttpMethod.PUT, "/api/admin/projects/demo/retention", node.http.adminToken(),
          new JsonObject().put("auditDays", 5));
      assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
      assertThat(set.bodyAsJsonObject()).isEqualTo(new JsonObject().putNull("recordingsDays").put("auditDays", 5));
      Pool pool = pool(vertx, node.started.config().raw().getJsonObject("storage").getString("url"));
      TestNode.await(pool.preparedQuery("insert into audit_log (at, kind, session_id, project_id, outcome) "
              + "values (now() - make_interval(days => $1), $2, $3, $4, 'success')")
          .executeBatch(List.of(Tuple.of(6, "demo.join", "demo-session", "demo"), Tuple.of(6, "demo.consent", "demo-session", null),
              Tuple.of(4, "demo.recent", "demo-session", "demo"), Tuple.of(6, "unowned.row", "other-session", null))));

      RetentionPurge.Run run = TestNode.await(node.started.services().retention().run(Duration.ZERO));

      assertThat(run.auditRows()).isEqualTo(2);
      assertThat(kinds(pool)).contains("demo.recent", "unowned.row").doesNotContain("demo.join", "demo.consent");
    } finally {
      TestNode.await(vertx.close());
    }
  }

  @Test
  void aProjectsRetentionIsReadSetPartlyAndReturnedToTheDeployments(@TempDir Path dataDir) {
    Vertx vertx = Vertx.vertx();
    try {
      ApiNode node = ApiNode.start(vertx, dataDir);
      String path = "/api/admin/projects/demo/retention";
      String admin = node.http.adminToken();
      assertThat(node.http.call(HttpMethod.PUT, path, admin, new JsonObject().put("recordingsDays", 7).put("auditDays", 90)).statusCode()).isEqualTo(200);
      assertThat(node.http.call(HttpMethod.PUT, path, admin, new JsonObject().putNull("auditDays")).bodyAsJsonObject())
          .isEqualTo(new JsonObject().put("recordingsDays", 7).putNull("auditDays"));
      HttpResponse<Buffer> wrong = node.http.call(HttpMethod.PUT, path, admin, new JsonObject().put("auditDays", -1));
      assertThat(wrong.statusCode()).isEqualTo(400);
      assertThat(wrong.bodyAsJsonObject().getString("detail")).contains("'auditDays' must be a whole number from 0 to 3650");
      assertThat(node.http.call(HttpMethod.PUT, path, admin, new JsonObject()).statusCode()).isEqualTo(400);
      assertThat(node.http.call(HttpMethod.GET, path, admin, null).bodyAsJsonObject())
          .isEqualTo(new JsonObject().put("recordingsDays", 7).putNull("auditDays"));
      assertThat(node.http.call(HttpMethod.DELETE, path, admin, null).bodyAsJsonObject())
          .isEqualTo(new JsonObject().putNull("recordingsDays").putNull("auditDays"));
      assertThat(node.http.call(HttpMethod.GET, "/api/admin/projects/nowhere/retention", admin, null).statusCode()).isEqualTo(404);
    } finally {
      TestNode.await(vertx.close());
    }
  }

  /**
   * Two nodes on one database, each with its own timer at its own phase: the runs that happen (one
   * audit row each) are at least 0.9 intervals apart, so the cluster purged once per interval.
   */
  @Test
  void twoNodesPurgeOncePerInterval(@TempDir Path dataDir) {
    Vertx first = Vertx.vertx();
    Vertx second = Vertx.vertx();
    try {
      long intervalMs = 1000;
      JsonObject often = new JsonObject().put("recordings", new JsonObject().put("purgeIntervalMs", intervalMs));
      TestNode one = TestNode.start(first, dataDir.resolve("shared"), often);
      TestNode.start(second, dataDir.resolve("other"), often.copy()
          .put("storage", new JsonObject().put("url", one.started.config().raw().getJsonObject("storage").getString("url"))));
      Pool pool = pool(first, one);

      List<Instant> runs = runs(pool);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (runs.size() < 5 && System.nanoTime() < deadline) {
        runs = runs(pool);
      }

      assertThat(runs).hasSizeGreaterThanOrEqualTo(5);
      for (int i = 1; i < runs.size(); i++) {
        assertThat(Duration.between(runs.get(i - 1), runs.get(i))).isGreaterThanOrEqualTo(Duration.ofMillis(intervalMs * 9 / 10));
      }
    } finally {
      TestNode.await(first.close());
      TestNode.await(second.close());
    }
  }

  @Test
  void aDeletionByUserIdRemovesTheirRecordingsAndAuditDetailsAndIsAudited(@TempDir Path dataDir) {
    Vertx vertx = Vertx.vertx();
    try {
      ApiNode node = ApiNode.start(vertx, dataDir);
      RecordingStore recordings = node.started.services().recordings();
      Instant now = Instant.now();
      TestNode.await(recordings.create(new Recording("theirs", "demo", "their-session", now, Optional.empty(), "application/x-ndjson", 0), "demo", "user-42"));
      TestNode.await(recordings.create(new Recording("others", "demo", "other-session", now, Optional.empty(), "application/x-ndjson", 0), "demo", "user-7"));
      AuditLog audit = node.started.services().audit();
      JsonObject browser = new JsonObject().put("address", "203.0.113.9").put("page", "https://shop.example/cart");
      TestNode.await(audit.record("session.join", "demo", "their-session", "success", browser));
      TestNode.await(audit.record("consent.granted", "demo", null, "success", new JsonObject().put("userId", "user-42")));
      TestNode.await(audit.record("session.join", "demo", "other-session", "success", browser));

      HttpResponse<Buffer> deleted = node.http.call(HttpMethod.DELETE, "/api/admin/users/user-42/data", node.http.adminToken(), null);

      assertThat(deleted.statusCode()).as(deleted.bodyAsString()).isEqualTo(200);
      assertThat(deleted.bodyAsJsonObject()).isEqualTo(new JsonObject().put("recordings", 1).put("auditRows", 2));
      assertThat(TestNode.await(recordings.find("theirs"))).isEmpty();
      assertThat(TestNode.await(recordings.find("others"))).isPresent();
      Pool pool = pool(vertx, node.started.config().raw().getJsonObject("storage").getString("url"));
      List<JsonObject> rows = TestNode.await(pool.query("select kind, session_id, details from audit_log "
          + "where kind in ('session.join', 'consent.granted', 'user.data.delete') order by id").execute()).stream()
          .map(row -> new JsonObject().put("kind", row.getString("kind")).put("session", row.getString("session_id"))
              .put("details", row.getJsonObject("details"))).toList();
      assertThat(rows).containsExactly(
          row("session.join", "their-session", new JsonObject()),
          row("consent.granted", null, new JsonObject()),
          row("session.join", "other-session", browser),
          row("user.data.delete", null, new JsonObject().put("recordings", 1).put("auditRows", 2)));
    } finally {
      TestNode.await(vertx.close());
    }
  }

  private static JsonObject row(String kind, String session, JsonObject details) {
    return new JsonObject().put("kind", kind).put("session", session).put("details", details);
  }

  private static void store(RecordingStore recordings, String id, String project, Instant startedAt) {
    TestNode.await(recordings.insert(new Recording(id, project, "session-" + id, startedAt, Optional.of(startedAt.plusSeconds(60)),
        "application/x-ndjson", 0), List.of()));
  }

  private static Pool pool(Vertx vertx, TestNode node) {
    return pool(vertx, node.started.config().raw().getJsonObject("storage").getString("url"));
  }

  private static Pool pool(Vertx vertx, String url) {
    return PgBuilder.pool().connectingTo(url).using(vertx).build();
  }

  private static List<String> kinds(Pool pool) {
    return TestNode.await(pool.query("select kind from audit_log").execute()).stream().map(row -> row.getString("kind")).toList();
  }

  private static List<Instant> runs(Pool pool) {
    return TestNode.await(pool.query("select at from audit_log where kind = 'retention.purge' order by at").execute()).stream()
        .map(row -> row.getOffsetDateTime("at").toInstant()).toList();
  }
}
