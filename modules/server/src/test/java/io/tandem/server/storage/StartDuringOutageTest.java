package io.tandem.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started while its database restarts waits for it (up to {@code storage.startupWaitMs})
 * instead of exiting: in the chaos run a node started again during the PostgreSQL restart exited
 * with "Connection reset" and had to be started once more. A real embedded PostgreSQL, down when
 * the node's storage starts and started again on its data and port once the node has found it out
 * of reach.
 */
@ExtendWith(VertxExtension.class)
class StartDuringOutageTest {

  @Test
  void storageStartedWhileTheDatabaseIsDownIsReadyOnceItIsBack(Vertx vertx, @TempDir Path dataDir) throws Exception {
    int port = TestNode.freePort();
    LocalPostgres.acquire(dataDir, port).release();
    CountDownLatch outOfReach = new CountDownLatch(1);
    Handler watcher = warnings(outOfReach);
    Logger.getLogger(DatabaseReach.class.getName()).addHandler(watcher);
    try {
      Future<String> deployed = vertx.deployVerticle(storage(port, 60_000));
      assertThat(outOfReach.await(30, TimeUnit.SECONDS)).as("the node found the database out of reach and waits").isTrue();
      LocalPostgres again = LocalPostgres.acquire(dataDir, port);
      try {
        TestNode.await(deployed);
        Pool pool = PgBuilder.pool().connectingTo(again.connectOptions()).using(vertx).build();
        assertThat(TestNode.await(pool.query("select count(*) from schema_version").execute()).iterator().next().getInteger(0))
            .as("migrated once the database was back").isEqualTo(Migrations.FILES.size());
        TestNode.await(pool.close());
      } finally {
        TestNode.await(vertx.close());
        again.release();
      }
    } finally {
      Logger.getLogger(DatabaseReach.class.getName()).removeHandler(watcher);
    }
  }

  @Test
  void aDatabaseThatStaysDownFailsTheStartOnceTheWaitIsOver(Vertx vertx, @TempDir Path dataDir) {
    int port = TestNode.freePort();
    LocalPostgres.acquire(dataDir, port).release();
    Future<String> deployed = vertx.deployVerticle(storage(port, 1_000));
    Throwable failure = TestNode.await(deployed.transform(done -> Future.succeededFuture(done.cause())));
    assertThat(failure).as("the start failed").isNotNull().hasMessageContaining("storage.startupWaitMs").hasMessageContaining("out of reach");
  }

  private static StorageVerticle storage(int port, long startupWaitMs) {
    StorageSettings settings = new StorageSettings("postgresql://postgres@127.0.0.1:" + port + "/postgres", "", 0, "", "", "", 2,
        startupWaitMs, 0, Path.of("unused"));
    return new StorageVerticle(settings, pool -> Future.succeededFuture());
  }

  private static Handler warnings(CountDownLatch outOfReach) {
    return new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getMessage().startsWith("the database is out of reach")) {
          outOfReach.countDown();
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }
}
