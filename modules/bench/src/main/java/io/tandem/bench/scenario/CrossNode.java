package io.tandem.bench.scenario;

import io.tandem.bench.BenchOptions;
import io.tandem.bench.LoopbackPorts;
import io.tandem.bench.Polling;
import io.tandem.bench.load.Agent;
import io.tandem.bench.load.Pace;
import io.tandem.bench.load.Tally;
import io.tandem.bench.load.Tracker;
import io.tandem.bench.target.Installation;
import io.tandem.bench.target.Target;
import io.tandem.bench.target.TargetKind;
import io.tandem.bench.target.TargetProcess;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Clustering (issue #7): two clustered Tandem nodes on loopback, every room's tracker on the
 * first, one agent on the first (local delivery) and one on the second (cross-node delivery),
 * both timed per event with the same clock. The harness starts the first node with this
 * scenario's cluster settings; the scenario starts the second, pointed at the first's embedded
 * PostgreSQL and sharing its data directory, so both sign and accept the same agent tokens.
 */
public final class CrossNode implements Scenario {
  private static final int ROOMS = 200;
  private static final int RATE = 30;
  /** Up to this long for both kinds of delivery to be steady before the window opens. */
  private static final int SETTLE_SECONDS = 20;
  private static final int STEADY_SECONDS = 2;
  private static final double STEADY_P99_MS = 1000;
  private static final int MEASURE_SECONDS = 30;
  private static final Duration LAND_LIMIT = Duration.ofSeconds(20);
  private static final String HAZELCAST_CONFIG = "cluster-config/hazelcast-local.xml";

  /** Chosen when the harness asks for the first node's environment; the second node needs the same. */
  private Ports ports;

  private record Ports(int firstCluster, int secondCluster, int postgres) {
    String members() {
      return "127.0.0.1:" + firstCluster + ",127.0.0.1:" + secondCluster;
    }
  }

  @Override
  public String id() {
    return "cross-node";
  }

  @Override
  public boolean appliesTo(TargetKind kind) {
    return kind == TargetKind.TANDEM;
  }

  @Override
  public String describe(Setup setup) {
    return "two clustered Tandem nodes on loopback (one Hazelcast cluster, one PostgreSQL); " + ROOMS + " rooms, each with its"
        + " tracker on node 1 streaming " + RATE + " events/s, one agent on node 1 (local) and one on node 2 (cross-node);"
        + " up to " + SETTLE_SECONDS + " s until both deliveries have had " + STEADY_SECONDS + " steady seconds (90% delivered,"
        + " p99 < 1 s and not climbing; no window at all if they do not), then a " + MEASURE_SECONDS + " s measured window per kind of delivery, then every"
        + " agent's stream is checked once it has landed (up to " + LAND_LIMIT.toSeconds() + " s); no baseline is clustered,"
        + " so the figure is cross-node against local on the same run";
  }

  @Override
  public Map<String, String> tandemEnvironment(Setup setup) {
    ports = new Ports(LoopbackPorts.unused(), LoopbackPorts.unused(), LoopbackPorts.unused());
    return Map.of(
        "TANDEM_NODE_ID", "bench-1",
        "TANDEM_STORAGE_EMBEDDED_PORT", String.valueOf(ports.postgres()),
        "TANDEM_CLUSTER_PORT", String.valueOf(ports.firstCluster()),
        "TANDEM_STUN_ENABLED", "false",
        "TANDEM_CLUSTER_ENABLED", "true",
        "TANDEM_CLUSTER_CONFIG", hazelcastConfig(setup.options()).toString(),
        "TANDEM_CLUSTER_MEMBERS", ports.members());
  }

  private Map<String, String> secondNode(Setup setup) {
    return Map.of(
        "TANDEM_NODE_ID", "bench-2",
        "TANDEM_STORAGE_HOST", "127.0.0.1",
        "TANDEM_STORAGE_PORT", String.valueOf(ports.postgres()),
        "TANDEM_STORAGE_DATABASE", "postgres",
        "TANDEM_STORAGE_USER", "postgres",
        "TANDEM_CLUSTER_PORT", String.valueOf(ports.secondCluster()),
        "TANDEM_STUN_ENABLED", "false",
        "TANDEM_CLUSTER_ENABLED", "true",
        "TANDEM_CLUSTER_CONFIG", hazelcastConfig(setup.options()).toString(),
        "TANDEM_CLUSTER_MEMBERS", ports.members());
  }

  @Override
  public JsonObject run(Target first, Setup setup) {
    if (ports == null) {
      throw new IllegalStateException("cross-node runs only on a node started with its tandemEnvironment");
    }
    BenchOptions o = setup.options();
    // The data directory is the first node's, so the second reads the signing keys the first wrote.
    Installation installation = new Installation(Path.of(o.serverJar()), null, null, setup.workDir(), o.jvmOptions(), false);
    try (TargetProcess second = TargetProcess.start(TargetKind.TANDEM, installation, id() + "-node2", ROOMS, secondNode(setup))) {
      return measure(first, second, setup);
    }
  }

  private static JsonObject measure(Target first, Target second, Setup setup) {
    BenchOptions o = setup.options();
    Tally local = new Tally();
    Tally remote = new Tally();
    Pace pace = new Pace(0);
    Crowd onFirst = new Crowd(setup.lanes(), first.wire(), local, o.connectConcurrency());
    Crowd onSecond = new Crowd(setup.lanes(), second.wire(), remote, o.connectConcurrency());
    List<Tracker> trackers = onFirst.trackers("xnode", ROOMS, setup.recording(), pace);
    List<Agent> localAgents = onFirst.agents(trackers, 1);
    List<Agent> remoteAgents = onSecond.agents(trackers, 1);

    pace.set(RATE);
    Settling localSettling = settling();
    Settling remoteSettling = settling();
    settle(local, localSettling, remote, remoteSettling);
    JsonObject result = new JsonObject()
        .put("rooms", ROOMS).put("ratePerRoom", RATE)
        .put("trackersAccepted", trackers.stream().filter(Tracker::ready).count())
        .put("settleSeconds", localSettling.seconds());
    if (localSettling.settled() && remoteSettling.settled()) {
      local.reset();
      remote.reset();
      Polling.sleep(MEASURE_SECONDS * 1000L);
      JsonObject localWindow = local.figures();
      JsonObject remoteWindow = remote.figures();
      result.put("local", localWindow).put("crossNode", remoteWindow)
          .put("p99Ratio", ratio(remoteWindow, localWindow, "p99"))
          .put("p50Ratio", ratio(remoteWindow, localWindow, "p50"));
    } else {
      result.put("refused", "not measured: no steady state within " + SETTLE_SECONDS + " s (local: "
          + Objects.requireNonNullElse(localSettling.why(), "steady") + "; cross-node: " + Objects.requireNonNullElse(remoteSettling.why(), "steady") + ")");
    }

    JsonObject localCheck = Crowd.finish(pace, local, trackers, localAgents, LAND_LIMIT);
    JsonObject remoteCheck = Crowd.finish(pace, remote, trackers, remoteAgents, LAND_LIMIT);
    List<Agent> all = new ArrayList<>(localAgents);
    all.addAll(remoteAgents);
    Crowd.closeAll(trackers, all);
    return result
        .put("localCorrectness", localCheck)
        .put("crossNodeCorrectness", remoteCheck)
        .put("violations", localCheck.getLong("violations") + remoteCheck.getLong("violations"));
  }

  /**
   * Waits until local and cross-node delivery have both settled ({@link Settling}), so the window
   * measures the stream and not the backlog of setup and JIT warm-up; at most {@link #SETTLE_SECONDS}.
   */
  private static void settle(Tally local, Settling localSettling, Tally remote, Settling remoteSettling) {
    for (int second = 1; second <= SETTLE_SECONDS && !(localSettling.settled() && remoteSettling.settled()); second++) {
      local.reset();
      remote.reset();
      Polling.sleep(1000);
      localSettling.add(second(local.figures()));
      remoteSettling.add(second(remote.figures()));
    }
  }

  private static Settling settling() {
    return new Settling(ROOMS * RATE, 0.9, STEADY_P99_MS, Long.MAX_VALUE, STEADY_SECONDS);
  }

  private static Settling.Second second(JsonObject figures) {
    return new Settling.Second(figures.getDouble("eventsDeliveredPerSecond"), figures.getJsonObject("latencyMs").getDouble("p99"),
        figures.getLong("controlBytesToAgents"));
  }

  private static Double ratio(JsonObject crossNode, JsonObject local, String percentile) {
    double base = local.getJsonObject("latencyMs").getDouble(percentile);
    return base == 0 ? null : Math.round(crossNode.getJsonObject("latencyMs").getDouble(percentile) / base * 100) / 100.0;
  }

  /** The repository's Hazelcast file, found from the working directory or from the server jar's place in the tree. */
  private static Path hazelcastConfig(BenchOptions o) {
    Path here = Path.of(HAZELCAST_CONFIG).toAbsolutePath();
    if (Files.isRegularFile(here)) {
      return here;
    }
    // modules/server/target/<jar>: the jar's fourth ancestor is the repository root
    Path fromJar = Path.of(o.serverJar()).toAbsolutePath().getParent().getParent().getParent().getParent().resolve(HAZELCAST_CONFIG);
    if (Files.isRegularFile(fromJar)) {
      return fromJar;
    }
    throw new IllegalStateException("cross-node needs " + HAZELCAST_CONFIG + "; looked at " + here + " and " + fromJar);
  }
}
