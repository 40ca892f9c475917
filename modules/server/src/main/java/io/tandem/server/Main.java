package io.tandem.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tandem.server.cluster.ClusterSettings;
import io.tandem.server.cluster.ClusteredVertx;
import io.tandem.server.config.ConfigLoader;
import io.tandem.server.storage.DatabaseReach;
import io.tandem.server.storage.StorageSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one node until the process is stopped. With {@code cluster.enabled} the node joins the
 * Hazelcast cluster first, once its ports are known to be free ({@link ListeningPorts}) and its
 * database answers ({@link DatabaseReach#beforeJoining}). On SIGTERM it drains: its trackers and
 * agents are told to reconnect to another node, and it waits (up to {@code cluster.drainTimeoutMs})
 * until its rooms have moved.
 */
public final class Main {
  private static final Logger LOG = Logger.getLogger(Main.class.getName());
  /** Beyond the drain: time for Vert.x, Hazelcast and the database pool to close. */
  private static final long CLOSE_MS = 10_000;
  /** Beyond {@code storage.startupWaitMs}: time for the last try to connect and be answered. */
  private static final long PROBE_MARGIN_MS = 30_000;
  private static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** The JVM's meters, for as long as the process runs (its garbage collector's listeners are never closed). */
  private static final ProcessMeters PROCESS_METERS = new ProcessMeters(REGISTRY);

  private Main() {}

  public static void main(String[] args) {
    LogFormat.install();
    PrometheusMeterRegistry registry = REGISTRY;
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        // Vert.x's own HTTP and TCP server meters: the gateway counts its sockets itself, and with the
        // server shared by several gateway instances these meters now and then threw on every request
        // of a node (a null socket metric in VertxHttpServerMetrics), leaving it unreachable
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.NET_SERVER));
    VertxBuilder builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(registry));
    JsonObject config;
    ClusterSettings cluster;
    try {
      config = load();
      cluster = ClusterSettings.from(config.getJsonObject("cluster"));
      ListeningPorts.checkFree(config);
      if (cluster.enabled()) {
        awaitDatabase(config);
      }
    } catch (IllegalStateException e) {
      LOG.severe("node failed to start: " + e.getMessage());
      System.exit(1);
      return;
    }
    JsonObject overrides = new JsonObject().put("node", new JsonObject().put("id", config.getJsonObject("node").getString("id")));
    Future<Node.Started> started = cluster.enabled()
        ? ClusteredVertx.start(builder, options, cluster, config.getJsonObject("node").getString("id"))
            .compose(member -> Node.start(member.vertx(), registry, overrides, Optional.of(member.hazelcast()))
                .onFailure(e -> exit(member.vertx(), e))
                .onSuccess(node -> stopOnSignal(member.vertx(), node, cluster.drainTimeoutMs())))
        : startAlone(builder.with(options).build(), registry, overrides, cluster.drainTimeoutMs());
    started.onFailure(e -> {
      LOG.log(Level.SEVERE, "node failed to start: " + e.getMessage(), e);
      System.exit(1);
    });
  }

  private static Future<Node.Started> startAlone(Vertx vertx, PrometheusMeterRegistry registry, JsonObject overrides, long drainTimeoutMs) {
    return Node.start(vertx, registry, overrides)
        .onFailure(e -> exit(vertx, e))
        .onSuccess(node -> stopOnSignal(vertx, node, drainTimeoutMs));
  }

  /** The configuration as the node will read it, with its node id fixed now: the cluster member is named by it. */
  private static JsonObject load() {
    Vertx bootstrap = Vertx.vertx();
    try {
      return Node.withNodeId(ConfigLoader.load(bootstrap, new JsonObject()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the configuration: " + e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the configuration: " + e.getMessage(), e);
    } finally {
      bootstrap.close();
    }
  }

  /** Waits until the database answers, before the node joins its cluster ({@link DatabaseReach#beforeJoining}). */
  private static void awaitDatabase(JsonObject config) {
    StorageSettings storage = StorageSettings.from(config.getJsonObject("storage"), Path.of(config.getString("dataDir")));
    Vertx probe = Vertx.vertx();
    try {
      DatabaseReach.beforeJoining(probe, storage).toCompletionStage().toCompletableFuture()
          .get(storage.startupWaitMs() + PROBE_MARGIN_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("the database did not answer: " + e, e);
    } finally {
      probe.close();
    }
  }

  private static void exit(Vertx vertx, Throwable e) {
    LOG.log(Level.SEVERE, "node failed to start: " + e.getMessage(), e);
    vertx.close().onComplete(done -> System.exit(1));
  }

  private static void stopOnSignal(Vertx vertx, Node.Started node, long drainTimeoutMs) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("draining: trackers and agents are sent to other nodes");
      try {
        node.services().router().drain();
        node.services().rooms().drain(drainTimeoutMs).eventually(vertx::close)
            .toCompletionStage().toCompletableFuture().get(drainTimeoutMs + CLOSE_MS, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warning("the node did not stop cleanly: " + e);
      }
    }, "tandem-drain"));
  }
}
