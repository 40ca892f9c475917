package io.tandem.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit rows made while the database restarts are kept and written once it is back (the chaos
 * run's PostgreSQL restart dropped 361 of them on one node). A real embedded PostgreSQL, stopped
 * and started again on its data and port.
 */
@ExtendWith(VertxExtension.class)
class AuditOutageTest {
  private static final int ROWS = 20;

  @Test
  void rowsMadeWhileTheDatabaseIsDownAreWrittenOnceItIsBack(Vertx vertx, @TempDir Path dataDir) {
    int port = TestNode.freePort();
    LocalPostgres database = LocalPostgres.acquire(dataDir, port);
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(database.connectOptions()).using(vertx).build();
    TestNode.await(Migrations.apply(pool));
    AuditLog audit = new AuditLog(vertx, pool);
    TestNode.await(audit.record("session.join", "demo", "outage-before", "success", null));

    database.release();
    List<Future<Void>> whileDown = IntStream.range(0, ROWS)
        .mapToObj(i -> audit.record("session.join", "demo", "outage-" + i, "success", null)).toList();
    LocalPostgres again = LocalPostgres.acquire(dataDir, port);
    try {
      TestNode.await(Future.all(whileDown));
      long written = TestNode.await(pool.preparedQuery("select count(*) from audit_log where session_id like $1")
          .execute(Tuple.of("outage-%"))).iterator().next().getLong(0);
      assertThat(written).as("rows of before and during the outage, each once").isEqualTo(ROWS + 1);
    } finally {
      TestNode.await(pool.close());
      again.release();
    }
  }
}
