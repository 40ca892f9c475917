package io.tandem.bench.soak;

import io.tandem.bench.report.Machine;
import io.tandem.bench.target.ProcessCpu;
import io.tandem.bench.target.TargetProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads the node's gauges from outside it, so the measuring costs the node nothing but the full
 * collections the heap figure needs: heap after GC through {@code jcmd}, threads and open files
 * from /proc, its database connections from PostgreSQL's own view of them.
 */
final class NodeGauges implements AutoCloseable {
  /** Client backends only (not PostgreSQL's own workers), and not the connection asking. */
  private static final String NODE_CONNECTIONS =
      "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()";
  private static final long CLOCK_TICKS = Machine.clockTicksPerSecond();

  private final TargetProcess node;
  private final int databasePort;
  private final NodeLog log;
  private final Vertx vertx = Vertx.vertx();

  NodeGauges(TargetProcess node, int databasePort, NodeLog log) {
    this.node = node;
    this.databasePort = databasePort;
    this.log = log;
  }

  NodeSample sample(double minute, JsonObject churn) {
    long heap = node.liveHeapBytes();
    return new NodeSample(minute, heap, threads(), openFiles(), databaseConnections(), loadAverage(),
        ProcessCpu.seconds(node.pid(), CLOCK_TICKS), log.errorLines(), churn);
  }

  boolean nodeAlive() {
    return node.alive();
  }

  private int threads() {
    try {
      return Files.readAllLines(proc("status")).stream().filter(line -> line.startsWith("Threads:"))
          .map(line -> Integer.parseInt(line.substring("Threads:".length()).trim())).findFirst()
          .orElseThrow(() -> new IllegalStateException("no Threads: line for process " + node.pid()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int openFiles() {
    try (Stream<Path> entries = Files.list(proc("fd"))) {
      return (int) entries.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int databaseConnections() {
    PgConnectOptions options = new PgConnectOptions().setHost("127.0.0.1").setPort(databasePort).setDatabase("postgres").setUser("postgres");
    try {
      return PgConnection.connect(vertx, options)
          .compose(connection -> connection.query(NODE_CONNECTIONS).execute().eventually(connection::close))
          .map(rows -> rows.iterator().next().getLong(0).intValue())
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot count the node's database connections on port " + databasePort + ": " + e, e);
    }
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path proc(String name) {
    return Path.of("/proc", String.valueOf(node.pid()), name);
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
