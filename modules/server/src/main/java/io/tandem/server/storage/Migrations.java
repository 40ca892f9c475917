package io.tandem.server.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Logger;

/**
 * Brings the schema up to date at start-up: the SQL files under {@code db/migration}, in order,
 * each in its own transaction with its version recorded in {@code schema_version}. Runs under the
 * {@link StartupLock}, so nodes that start together take turns and each migration runs once.
 */
final class Migrations {
  private static final Logger LOG = Logger.getLogger(Migrations.class.getName());
  /** Listed rather than scanned: a jar cannot be listed portably, and the order must be explicit. */
  static final List<String> FILES = List.of("V1__initial_schema.sql", "V2__recording_uploads.sql", "V3__token_version.sql", "V4__recording_user.sql", "V5__project_retention.sql",
      "V6__audit_project.sql", "V7__single_sign_on.sql");

  private Migrations() {}

  static Future<Integer> apply(Pool pool) {
    return pool.query("create table if not exists schema_version ("
            + "version integer primary key, name text not null, applied_at timestamptz not null default now())")
        .execute()
        .compose(created -> {
          Future<Integer> applied = Future.succeededFuture(0);
          for (String file : FILES) {
            applied = applied.compose(count -> pool.withTransaction(conn -> applyOne(conn, file)).map(ran -> ran ? count + 1 : count));
          }
          return applied;
        });
  }

  private static Future<Boolean> applyOne(SqlConnection conn, String file) {
    int version = version(file);
    return conn.preparedQuery("select 1 from schema_version where version = $1").execute(Tuple.of(version))
        .compose(rows -> {
          if (rows.size() > 0) {
            return Future.succeededFuture(false);
          }
          LOG.info("applying database migration " + file);
          // The simple query protocol runs a file of several statements in one round trip.
          return conn.query(read(file)).execute()
              .compose(done -> conn.preparedQuery("insert into schema_version (version, name) values ($1, $2)").execute(Tuple.of(version, file)))
              .map(true);
        });
  }

  static int version(String file) {
    return Integer.parseInt(file.substring(1, file.indexOf("__")));
  }

  private static String read(String file) {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream("db/migration/" + file)) {
      if (in == null) {
        throw new IllegalStateException("migration db/migration/" + file + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
