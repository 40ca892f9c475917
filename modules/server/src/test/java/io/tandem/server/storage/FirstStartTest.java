package io.tandem.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestDatabase;
import io.tandem.server.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Deployment starts its replicas at once: several nodes against one empty database all start,
 * the schema is migrated once, and what the first run seeds (projects, the demo agent) exists once.
 */
class FirstStartTest {
  private static final int NODES = 4;

  @Test
  void nodesStartingTogetherOnAnEmptyDatabaseAllStart(@TempDir Path dir) throws Exception {
    String url = TestDatabase.url("first-start-" + dir.getFileName());
    List<Vertx> vertxes = new ArrayList<>();
    ExecutorService starters = Executors.newFixedThreadPool(NODES);
    CountDownLatch ready = new CountDownLatch(NODES);
    try {
      List<CompletableFuture<TestNode>> starts = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        Vertx vertx = Vertx.vertx();
        vertxes.add(vertx);
        Path dataDir = dir.resolve("node-" + i);
        starts.add(CompletableFuture.supplyAsync(() -> {
          ready.countDown();
          awaitQuietly(ready);
          return TestNode.start(vertx, dataDir, new JsonObject().put("storage", new JsonObject().put("url", url)));
        }, starters));
      }
      List<Throwable> failures = new ArrayList<>();
      for (CompletableFuture<TestNode> start : starts) {
        try {
          start.get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
          failures.add(e.getCause() == null ? e : e.getCause());
        }
      }
      assertThat(failures).as("nodes that failed to start").isEmpty();
      assertThat(count(vertxes.get(0), url, "select count(*) from schema_version")).isEqualTo(Migrations.FILES.size());
      assertThat(count(vertxes.get(0), url, "select count(*) from agents where id = 'demo'")).isEqualTo(1);
      assertThat(count(vertxes.get(0), url, "select count(*) from projects where id = 'demo'")).isEqualTo(1);
    } finally {
      starters.shutdownNow();
      vertxes.forEach(vertx -> TestNode.await(vertx.close()));
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int count(Vertx vertx, String url, String sql) {
    Pool pool = PgBuilder.pool().connectingTo(url).using(vertx).build();
    try {
      return TestNode.await(pool.query(sql).execute()).iterator().next().getInteger(0);
    } finally {
      pool.close();
    }
  }
}
