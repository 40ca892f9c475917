package io.tandem.server.testing;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tandem.server.Node;
import io.tandem.server.storage.AuditLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real node on free loopback ports (HTTP, metrics and STUN) with its own data directory and short
 * timings, its demo (project {@code demo}, agent {@code demo}) on.
 */
public final class TestNode {
  public static final String PROJECT_KEY = "demo-key";
  public static final String AGENT_PASSWORD = "test-password";
  private static final int FIRST_PORT = 20_000;
  private static final int PORTS = 12_000;
  private static final int PORT_ATTEMPTS = 1_000;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  public final Vertx vertx;
  public final int port;
  public final int stunPort;
  public final Path dataDir;
  public final Node.Started started;
  public final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /**
   * Held for the node's life: Vert.x closes a client nobody references any more (a Cleaner, after
   * a GC), and a scrape whose client was made and dropped in one expression went unanswered once
   * in CI (RoomHistoryCapTest). A WebClient reads the body itself, on the connection's own thread.
   */
  private final WebClient metricsClient;

  private TestNode(Vertx vertx, Path dataDir, JsonObject extra) {
    this.vertx = vertx;
    this.port = freePort();
    this.stunPort = freeUdpPort();
    this.dataDir = stableDataDir(dataDir);
    JsonObject storage = new JsonObject().put("url", TestDatabase.url(this.dataDir.getFileName().toString()));
    JsonObject overrides =
        new JsonObject()
            .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port).put("instances", 1))
            .put("metrics", new JsonObject().put("host", "127.0.0.1").put("port", freePort()))
            .put("demo", true)
            .put("dataDir", this.dataDir.toString())
            .put("storage", storage)
            .put("heartbeatMs", 1000)
            .put("stun", new JsonObject().put("host", "127.0.0.1").put("port", stunPort))
            .put("rooms", new JsonObject().put("emptyGraceMs", 300).put("reconnectGraceMs", 2000).put("listPushMs", 50))
            .put("auth", new JsonObject().put("demoAgent", new JsonObject().put("password", AGENT_PASSWORD)))
            .mergeIn(extra, true);
    this.started = await(Node.start(vertx, registry, overrides));
    this.metricsClient = WebClient.create(vertx);
  }

  public static TestNode start(Vertx vertx, Path dataDir) {
    return new TestNode(vertx, dataDir, new JsonObject());
  }

  public static TestNode start(Vertx vertx, Path dataDir, JsonObject extra) {
    return new TestNode(vertx, dataDir, extra);
  }

  /** A node that runs its own embedded PostgreSQL in its data directory, as a node without a configured database does. */
  public static TestNode withOwnDatabase(Vertx vertx, Path dataDir, JsonObject extra) {
    return new TestNode(vertx, dataDir, extra.copy().put("storage", new JsonObject().put("url", "")));
  }

  public String origin() {
    return "http://127.0.0.1:" + port;
  }

  public double counter(String name, String... tags) {
    var search = registry.find(name).tags(tags);
    return search.counter() == null ? 0 : search.counter().count();
  }

  /**
   * The audit rows of one session and kind, once {@code done} holds for them or 10 s have passed
   * (rows are written off the room's path, a moment after what they record).
   */
  public List<AuditLog.Entry> auditUntil(String session, String kind, Predicate<List<AuditLog.Entry>> done) {
    AuditLog.Query query = new AuditLog.Query(Optional.of(session), Optional.empty(), Optional.of(kind),
        Optional.empty(), Optional.empty(), Optional.empty(), 50);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<AuditLog.Entry> rows = await(started.services().audit().query(query)).entries();
    while (!done.test(rows) && System.nanoTime() < deadline) {
      rows = await(started.services().audit().query(query)).entries();
    }
    return rows;
  }

  /** What Prometheus would scrape from the node's /metrics, on its metrics port. */
  public String scrape() {
    return onMetricsPort("/metrics").bodyAsString();
  }

  /** A GET on the metrics port. */
  public HttpResponse<Buffer> onMetricsPort(String path) {
    return await(metricsClient.get(started.metricsPort(), "127.0.0.1", path).send());
  }

  /** The value of one series, e.g. {@code tandem_batches_dropped_total{reason="duplicate"}}, in a scrape. */
  public static double sample(String metrics, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    if (!m.find()) {
      throw new AssertionError(series + " is not in /metrics");
    }
    return Double.parseDouble(m.group(1));
  }

  public static <T> T await(Future<T> future) {
    return await(future, Duration.ofSeconds(30));
  }

  public static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
  }

  /**
   * JUnit deletes a {@code @TempDir} before Vert.x closes the node, while its embedded PostgreSQL
   * may still write there; a folder under {@code target/} named after it outlives the node, and
   * the same temp folder still means the same data (restart tests rely on that).
   */
  private static Path stableDataDir(Path tempDir) {
    return Path.of("target", "test-nodes", tempDir.getFileName().toString()).toAbsolutePath();
  }

  private static int freeUdpPort() {
    return freePort(port -> {
      try (DatagramSocket socket = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
        return true;
      }
    });
  }

  /** A loopback TCP port nothing listens on now; see {@link #freePort(PortCheck)}. */
  public static int freePort() {
    return freePort(port -> {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return true;
      }
    });
  }

  private interface PortCheck {
    boolean bindable(int port) throws IOException;
  }

  /**
   * A port below the kernel's ephemeral range (32768 up), free when picked and not handed out
   * before by this JVM. A port the kernel picks (bind to 0) is in that range, and between the pick
   * and the node's bind an outgoing connection of another node can take it as its local port: a
   * node of ThreeNodesTest failed to start so ("Address already in use" on its metrics port).
   */
  private static int freePort(PortCheck check) {
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      int port = FIRST_PORT + ThreadLocalRandom.current().nextInt(PORTS);
      if (HANDED_OUT.add(port) && bindable(check, port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port in " + FIRST_PORT + " to " + (FIRST_PORT + PORTS - 1) + " after " + PORT_ATTEMPTS + " tries");
  }

  private static boolean bindable(PortCheck check, int port) {
    try {
      return check.bindable(port);
    } catch (IOException e) {
      return false;
    }
  }
}
