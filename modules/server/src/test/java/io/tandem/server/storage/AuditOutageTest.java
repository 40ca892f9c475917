package io.tandem.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit rows made while the database restarts are kept and written once it is back (the chaos
 * run's PostgreSQL restart dropped 361 of them on one node), up to {@code audit.maxPendingRows}:
 * past that they are refused and counted, so a long outage does not fill the heap. A real embedded
 * PostgreSQL, stopped and started again on its data and port.
 */
@ExtendWith(VertxExtension.class)
class AuditOutageTest {
  private static final int ROWS = 20;

  @Test
  void rowsMadeWhileTheDatabaseIsDownAreWrittenOnceItIsBack(Vertx vertx, @TempDir Path dataDir) {
    withOutage(vertx, dataDir, ROWS + 1, (outage) -> {
      TestNode.await(Future.all(outage.whileDown));
      assertThat(outage.writtenRows()).as("rows of before and during the outage, each once").isEqualTo(ROWS + 1);
    });
  }

  @Test
  void pastTheCapRowsAreRefusedAndCountedAndTheRestWritten(Vertx vertx, @TempDir Path dataDir) {
    int cap = 5;
    withOutage(vertx, dataDir, cap, (outage) -> {
      List<Future<Void>> kept = outage.whileDown.subList(0, cap);
      List<Future<Void>> refused = outage.whileDown.subList(cap, ROWS);
      assertThat(refused).allSatisfy(row -> assertThat(row.cause()).isInstanceOf(AuditBacklogFull.class)
          .hasMessageContaining("audit.maxPendingRows"));
      assertThat(outage.registry.get("tandem.audit.rows.dropped").counter().count()).isEqualTo(ROWS - cap);

      TestNode.await(Future.all(kept));
      assertThat(outage.writtenRows()).as("the row of before and the kept ones").isEqualTo(cap + 1);
      assertThat(outage.registry.get("tandem.audit.rows.pending").gauge().value()).isZero();
    });
  }

  private record Outage(List<Future<Void>> whileDown, Pool pool, SimpleMeterRegistry registry) {
    long writtenRows() {
      return TestNode.await(pool.preparedQuery("select count(*) from audit_log where session_id like $1")
          .execute(Tuple.of("outage-%"))).iterator().next().getLong(0);
    }
  }

  /** One row written, the database stopped, {@value #ROWS} rows made, the database started again; then {@code check}. */
  private static void withOutage(Vertx vertx, Path dataDir, int maxPendingRows, Consumer<Outage> check) {
    int port = TestNode.freePort();
    LocalPostgres database = LocalPostgres.acquire(dataDir, port);
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(database.connectOptions()).using(vertx).build();
    TestNode.await(Migrations.apply(pool));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AuditLog audit = new AuditLog(vertx, pool, maxPendingRows, registry);
    TestNode.await(audit.record("session.join", "demo", "outage-before", "success", null));

    database.release();
    List<Future<Void>> whileDown = IntStream.range(0, ROWS)
        .mapToObj(i -> audit.record("session.join", "demo", "outage-" + i, "success", null)).toList();
    LocalPostgres again = LocalPostgres.acquire(dataDir, port);
    try {
      check.accept(new Outage(whileDown, pool, registry));
    } finally {
      TestNode.await(pool.close());
      again.release();
    }
  }
}
