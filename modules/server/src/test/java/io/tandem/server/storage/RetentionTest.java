package io.tandem.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.storage.RecordingStore.Recording;
import io.tandem.server.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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
      store(recordings, "old-recording", Instant.now().minus(Duration.ofDays(11)));
      store(recordings, "new-recording", Instant.now().minus(Duration.ofDays(9)));
      Pool pool = pool(vertx, node);
      TestNode.await(pool.preparedQuery("insert into audit_log (at, kind, outcome) values (now() - make_interval(days => $1), $2, 'success')")
          .executeBatch(List.of(Tuple.of(31, "old.row"), Tuple.of(29, "new.row"))));

      RetentionPurge.Run run = TestNode.await(node.started.services().retention().run(Duration.ZERO));

      assertThat(run).isEqualTo(new RetentionPurge.Run(true, 1, 1));
      assertThat(TestNode.await(recordings.find("old-recording"))).isEmpty();
      assertThat(TestNode.await(recordings.find("new-recording"))).isPresent();
      assertThat(kinds(pool)).contains("new.row", "retention.purge").doesNotContain("old.row");
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

  private static void store(RecordingStore recordings, String id, Instant startedAt) {
    TestNode.await(recordings.insert(new Recording(id, "demo", "session-" + id, startedAt, Optional.of(startedAt.plusSeconds(60)),
        "application/x-ndjson", 0), List.of()));
  }

  private static Pool pool(Vertx vertx, TestNode node) {
    return PgBuilder.pool().connectingTo(node.started.config().raw().getJsonObject("storage").getString("url")).using(vertx).build();
  }

  private static List<String> kinds(Pool pool) {
    return TestNode.await(pool.query("select kind from audit_log").execute()).stream().map(row -> row.getString("kind")).toList();
  }

  private static List<Instant> runs(Pool pool) {
    return TestNode.await(pool.query("select at from audit_log where kind = 'retention.purge' order by at").execute()).stream()
        .map(row -> row.getOffsetDateTime("at").toInstant()).toList();
  }
}
