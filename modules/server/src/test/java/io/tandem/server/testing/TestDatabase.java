package io.tandem.server.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * One embedded PostgreSQL for the whole test JVM, with a database of its own for each test node:
 * {@code initdb} runs once instead of once per node. Tests about the node's own embedded
 * PostgreSQL (restart, readiness) use {@link TestNode#withOwnDatabase} instead.
 */
public final class TestDatabase {
  private static EmbeddedPostgres server;
  private static final Set<String> CREATED = new HashSet<>();

  private TestDatabase() {}

  /** The URL of the database named after {@code name}, created on first use; the same name gives the same data. */
  public static synchronized String url(String name) {
    String database = "node_" + name.toLowerCase().replaceAll("[^a-z0-9]", "_");
    if (CREATED.add(database)) {
      execute("create database " + database);
    }
    return "postgresql://postgres@127.0.0.1:" + server().getPort() + "/" + database;
  }

  private static EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder()
            .setDataDirectory(Path.of("target", "test-nodes", "shared-postgres-" + ProcessHandle.current().pid()).toAbsolutePath())
            .setCleanDataDirectory(true)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the tests' PostgreSQL", e);
      }
    }
    return server;
  }

  private static void execute(String sql) {
    try (Connection connection = server().getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "' on the tests' PostgreSQL", e);
    }
  }
}
