package io.tandem.server.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Supplier;

/**
 * One PostgreSQL advisory lock for a node's first steps on the database (migrating the schema,
 * then seeding what the configuration declares): nodes that start together, as a Deployment's
 * replicas do, take turns, so each step runs once and the next node finds it done. The lock is
 * held on a connection of its own, outside the pool (a pool of one would otherwise wait on
 * itself), and a node that dies holding it lets go with its connection.
 */
final class StartupLock {
  private static final long LOCK_ID = 0x7a6e64656d4cL;

  private StartupLock() {}

  static <T> Future<T> holding(Vertx vertx, PgConnectOptions options, Supplier<Future<T>> steps) {
    return PgConnection.connect(vertx, options).compose(connection -> connection
        .preparedQuery("select pg_advisory_lock($1)").execute(Tuple.of(LOCK_ID))
        .compose(locked -> steps.get())
        .eventually(() -> connection.close()));
  }
}
