package io.tandem.server.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Waits for the database at a node's start, up to {@code storage.startupWaitMs}: a database out of
 * reach (starting, restarting, failing over) is tried again, 250 ms doubling to 4 s; a failure of
 * another kind, or the wait running out, fails the start. A node started during a database restart
 * would otherwise exit, and be started again only after its orchestrator's back-off.
 */
public final class DatabaseReach {
  private static final Logger LOG = Logger.getLogger(DatabaseReach.class.getName());
  private static final long FIRST_RETRY_MS = 250;
  private static final long MAX_RETRY_MS = 4000;

  private DatabaseReach() {}

  /** {@code attempt} until it succeeds or fails for a reason other than an outage, within the wait. */
  static <T> Future<T> awaiting(Vertx vertx, long waitMs, Supplier<Future<T>> attempt) {
    return attempt(vertx, waitMs, System.nanoTime() + waitMs * 1_000_000, FIRST_RETRY_MS, attempt);
  }

  /**
   * Before a node joins its cluster: the external database answers. A member waiting for its
   * database holds Hazelcast partitions meanwhile, and one that gives up leaves again: each such
   * start moves the partitions twice, and a node restarted in a loop keeps the room directory slow
   * for every node. The embedded database is the node's own and is not asked.
   */
  public static Future<Void> beforeJoining(Vertx vertx, StorageSettings settings) {
    if (settings.embedded()) {
      return Future.succeededFuture();
    }
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(settings.external()).using(vertx).build();
    return awaiting(vertx, settings.startupWaitMs(), () -> pool.query("select 1").execute().<Void>mapEmpty()).eventually(pool::close);
  }

  private static <T> Future<T> attempt(Vertx vertx, long waitMs, long deadlineNanos, long retryMs, Supplier<Future<T>> attempt) {
    return attempt.get().recover(failure -> {
      if (!DatabaseOutage.is(failure)) {
        return Future.failedFuture(failure);
      }
      if (System.nanoTime() + retryMs * 1_000_000 > deadlineNanos) {
        return Future.failedFuture(new IllegalStateException("the database was out of reach for the " + waitMs
            + " ms the node waits at start (storage.startupWaitMs): " + failure.getMessage(), failure));
      }
      LOG.warning("the database is out of reach (" + failure.getMessage() + "); trying again in " + retryMs + " ms");
      return vertx.timer(retryMs).compose(t -> attempt(vertx, waitMs, deadlineNanos, Math.min(MAX_RETRY_MS, retryMs * 2), attempt));
    });
  }
}
