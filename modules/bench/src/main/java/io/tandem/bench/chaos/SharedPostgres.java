package io.tandem.bench.chaos;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The cluster's one PostgreSQL, on loopback, in a data directory of the run's own. It can be
 * restarted on the same port and data, as an operator's database restarts under running nodes.
 */
final class SharedPostgres implements AutoCloseable {
  private final Path dir;
  private final int port;
  private EmbeddedPostgres server;

  private SharedPostgres(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  static SharedPostgres start(Path dir, int port) {
    SharedPostgres postgres = new SharedPostgres(dir, port);
    postgres.server = postgres.launch();
    return postgres;
  }

  int port() {
    return port;
  }

  /** Stops the server (a fast shutdown: sessions are cut) and starts it again on the same data. */
  void restart() {
    stop();
    server = launch();
  }

  /** Never a clean data directory: zonky deletes a clean one when it stops, and the restart needs it. The run's folder is new. */
  private EmbeddedPostgres launch() {
    try {
      Files.createDirectories(dir);
      return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false)
          .setServerConfig("listen_addresses", "127.0.0.1").setServerConfig("synchronous_commit", "on")
          .setServerConfig("fsync", "on").setServerConfig("max_connections", "200").setPort(port).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the shared PostgreSQL", e);
    }
  }

  private void stop() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the shared PostgreSQL", e);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      stop();
    }
  }
}
