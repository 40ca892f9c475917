package io.tandem.server.storage;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Opens the database when deployed (starting the embedded PostgreSQL first if no database is
 * configured), migrates the schema and seeds it (both under the {@link StartupLock}), and closes
 * it all when Vert.x closes. A database out of reach at start (starting, restarting, failing over)
 * is waited for, up to {@code storage.startupWaitMs}: a node started during a database restart
 * would otherwise exit, and be started again only after its orchestrator's back-off.
 */
public final class StorageVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(StorageVerticle.class.getName());
  private static final long FIRST_RETRY_MS = 250;
  private static final long MAX_RETRY_MS = 4000;

  private final StorageSettings settings;
  private final Function<Pool, Future<Void>> seed;
  private LocalPostgres local;
  private Pool pool;

  /** {@code seed} puts what the configuration declares into the migrated database; it must leave what exists alone. */
  public StorageVerticle(StorageSettings settings, Function<Pool, Future<Void>> seed) {
    this.settings = settings;
    this.seed = seed;
  }

  @Override
  public Future<?> start() {
    Future<PgConnectOptions> target =
        settings.embedded()
            ? vertx.executeBlocking(() -> {
                local = LocalPostgres.acquire(settings.embeddedDir(), settings.embeddedPort());
                return local.connectOptions();
              })
            : Future.succeededFuture(settings.external());
    return target.compose(options -> {
      pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(settings.poolSize())).connectingTo(options).using(vertx).build();
      return prepare(options, System.nanoTime() + settings.startupWaitMs() * 1_000_000, FIRST_RETRY_MS);
    }).onSuccess(applied -> LOG.info("database ready; " + applied + " migration(s) applied"));
  }

  /** Migrates and seeds, trying again while the database is out of reach and the wait allows. */
  private Future<Integer> prepare(PgConnectOptions options, long deadlineNanos, long retryMs) {
    return StartupLock.holding(vertx, options, () -> Migrations.apply(pool).compose(applied -> seed.apply(pool).map(applied)))
        .recover(failure -> {
          if (!DatabaseOutage.is(failure)) {
            return Future.failedFuture(failure);
          }
          if (System.nanoTime() + retryMs * 1_000_000 > deadlineNanos) {
            return Future.failedFuture(new IllegalStateException("the database was out of reach for the " + settings.startupWaitMs()
                + " ms the node waits at start (storage.startupWaitMs): " + failure.getMessage(), failure));
          }
          LOG.warning("the database is out of reach (" + failure.getMessage() + "); trying again in " + retryMs + " ms");
          return vertx.timer(retryMs).compose(t -> prepare(options, deadlineNanos, Math.min(MAX_RETRY_MS, retryMs * 2)));
        });
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = pool == null ? Future.succeededFuture() : pool.close();
    return closed.eventually(() -> local == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      local.release();
      return null;
    }));
  }

  public Pool pool() {
    return pool;
  }
}
