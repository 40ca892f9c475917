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
 * it all when Vert.x closes. A database out of reach at start is waited for ({@link DatabaseReach}).
 */
public final class StorageVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(StorageVerticle.class.getName());

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
      return DatabaseReach.awaiting(vertx, settings.startupWaitMs(),
          () -> StartupLock.holding(vertx, options, () -> Migrations.apply(pool).compose(applied -> seed.apply(pool).map(applied))));
    }).onSuccess(applied -> LOG.info("database ready; " + applied + " migration(s) applied"));
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
