package io.tandem.bench.chaos;

import io.tandem.bench.Polling;
import io.tandem.bench.page.Recording;
import io.tandem.bench.report.Machine;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The chaos run (issue #16; docs/reliability.md): a cluster of separate JVMs on one PostgreSQL,
 * a balancer in front, rooms streaming to agents on random nodes, real pages and consoles in
 * Chromium through the balancer, and a timeline of kills, one pause and one database restart.
 * Writes a JSON report and the chaos section of docs/reliability.md.
 *
 * <pre>scripts/chaos.sh [--rooms=300 --kills=10 ...]</pre>
 */
public final class ChaosRun {
  private static final Duration SETUP = Duration.ofSeconds(480);
  private static final String ROOM_PREFIX = "chaos-room-";
  /** A socket closed this long after a kill or a resume is the disruption's doing. */
  private static final long CLOSE_WINDOW_NANOS = Duration.ofSeconds(15).toNanos();
  private static final int START_ATTEMPTS = 3;

  private final ChaosPlan plan;
  private final Random random;
  private final Probes probes = new Probes();
  /** The driver's event loops' lateness, over a run far shorter than this. */
  private final DriverLag driverLag = new DriverLag(System.nanoTime(), Duration.ofHours(2).toMillis());
  private final List<Disruption> disruptions = new ArrayList<>();
  private final ConcurrentLinkedQueue<Double> loads = new ConcurrentLinkedQueue<>();
  private final List<ChaosTab> tabs = new ArrayList<>();
  private final List<ChaosAgent> agents = new ArrayList<>();
  private final Set<ChaosNode> restarting = ConcurrentHashMap.newKeySet();
  /**
   * Disruptions the timeline did not make: it takes a node down only while another is ready to take
   * its rooms (a kill of the last one is an outage, not a failover), and restarts are slow on a loaded machine.
   */
  private final List<String> skipped = new ArrayList<>();
  private long startNanos;

  private ChaosRun(ChaosPlan plan) {
    this.plan = plan;
    this.random = new Random(plan.seed());
  }

  public static void main(String[] args) throws IOException {
    ChaosPlan plan = ChaosPlan.parse(args);
    Path dir = Files.createTempDirectory("tandem-chaos");
    System.out.println("chaos: " + plan.toJson().encode() + " in " + dir);
    JsonObject report = new ChaosRun(plan).run(dir);
    Files.createDirectories(Path.of(plan.out()).toAbsolutePath().getParent());
    Files.writeString(Path.of(plan.out()), report.encodePrettily());
    ChaosSection.write(Path.of(plan.doc()), report);
    System.out.println(report.getJsonObject("summary").encodePrettily());
    long violations = report.getLong("violations");
    System.out.println("report: " + plan.out() + "; section written into " + plan.doc() + "; " + violations + " violation(s)");
    // exit at once: the clients' Vert.x and the balancer's are closed, but zonky's and the JDK's pools linger
    System.exit(violations == 0 ? 0 : 1);
  }

  private JsonObject run(Path dir) {
    Instant started = Instant.now();
    JsonObject machine = Machine.describe();
    String loadAtStart = Machine.loadAverage();
    Thread sampler = loadSampler();
    try (ChaosCluster cluster = ChaosCluster.start(plan, dir);
        Balancer balancer = Balancer.start(cluster.nodes)) {
      Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
      try {
        Polling.waitUntil(() -> balancer.liveNodes().size() == plan.nodes(), Duration.ofSeconds(10));
        String token = AdminClient.login(cluster.nodes.get(0).port).token();
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
            .setConnectTimeout(5000).setMaxFrameSize(64 * 1024 * 1024).setMaxMessageSize(64 * 1024 * 1024));
        open(vertx, client, balancer, token);
        try (Browsers browsers = Browsers.start(plan, balancer.port(), dir)) {
          startNanos = System.nanoTime();
          CpuShares cpu = CpuShares.start();
          timeline(cluster, balancer);
          int last = probes.add(System.nanoTime());
          Polling.sleep(plan.settle().toMillis());
          cpu.close();
          JsonObject browserReport = browsers.finish();
          driverLag.stop();
          JsonObject verdict = new Verdict(plan, tabs, agents, probes, disruptions, last, startNanos, driverLag).judge(cluster, started);
          sampler.interrupt();
          return verdict
              .put("plan", plan.toJson())
              .put("browsers", browserReport)
              .put("machine", machine.put("loadAverageAtStart", loadAtStart).put("loadAverage1mDuringRun", loadFigures()))
              .put("cpu", cpu.toJson())
              .put("balancerRefused", balancer.refused())
              .put("skipped", new JsonArray(skipped))
              .put("started", started.toString())
              .put("logs", dir.toString());
        } finally {
          tabs.forEach(ChaosTab::close);
          agents.forEach(ChaosAgent::close);
        }
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().join();
      }
    }
  }

  private void open(Vertx vertx, WebSocketClient client, Balancer balancer, String token) {
    Recording recording = Recording.builtIn();
    List<Context> contexts = List.of(vertx.getOrCreateContext(), vertx.getOrCreateContext());
    contexts.forEach(driverLag::watch);
    for (int i = 0; i < plan.rooms(); i++) {
      String room = String.format(ROOM_PREFIX + "%04d", i);
      ChaosTab tab = new ChaosTab(room, contexts.get(i % 2), client, balancer.port(), recording, plan.eventsPerSecond(), plan.batchMs());
      tabs.add(tab);
      tab.connect();
      for (int a = 0; a < plan.agentsPerRoom(); a++) {
        agents.add(new ChaosAgent(room, a == 0 && i < plan.consentRooms(), contexts.get((i + a + 1) % 2), client, balancer, token, probes));
      }
    }
    if (!Polling.waitUntil(() -> tabs.stream().allMatch(t -> t.connects > 0), SETUP)) {
      throw new IllegalStateException("not every tab connected within " + SETUP.toSeconds() + " s");
    }
    int ready = probes.add(System.nanoTime());
    agents.forEach(ChaosAgent::connect);
    if (!Polling.waitUntil(() -> agents.stream().allMatch(a -> a.firstAfter[ready] != 0), SETUP)) {
      long missing = agents.stream().filter(a -> a.firstAfter[ready] == 0).count();
      throw new IllegalStateException(missing + " agents had no batch within " + SETUP.toSeconds() + " s of joining");
    }
    disruptions.add(new Disruption("setup", "-", ready, probes.at(ready), 0, 0, new JsonObject()));
    System.out.println("chaos: " + tabs.size() + " rooms streaming to " + agents.size() + " agents");
  }

  /**
   * Every {@code killEvery} a node drawn at random among the ready ones, if another stays ready, is
   * killed and started again {@code restartAfter} later (in the background, so a slow start does not shift the schedule);
   * half-way through the 4th interval a ready node is paused for {@code stopFor} (if no other node is
   * ready then, half-way through the next interval, and so on), half-way through the 7th PostgreSQL
   * is restarted. Then it waits until every node is ready again.
   */
  private void timeline(ChaosCluster cluster, Balancer balancer) {
    List<CompletableFuture<Void>> restarts = new ArrayList<>();
    int pauseSlot = Math.min(3, plan.kills() - 1);
    int postgresSlot = Math.min(6, plan.kills() - 1);
    boolean paused = false;
    for (int k = 0; k < plan.kills(); k++) {
      long slot = startNanos + k * plan.killEvery().toNanos();
      sleepUntil(slot);
      restarts.add(kill(cluster, balancer));
      sleepUntil(slot + plan.killEvery().toNanos() / 2);
      if (k >= pauseSlot && !paused) {
        paused = pause(balancer);
      }
      if (k == postgresSlot) {
        restartPostgres(cluster);
      }
    }
    sleepUntil(startNanos + plan.kills() * plan.killEvery().toNanos());
    restarts.forEach(CompletableFuture::join);
  }

  private CompletableFuture<Void> kill(ChaosCluster cluster, Balancer balancer) {
    List<ChaosNode> up = balancer.liveNodes();
    // never a node still being started again: two starts of one node would share its ports
    List<ChaosNode> pool = up.stream().filter(node -> !restarting.contains(node)).toList();
    if (pool.isEmpty() || up.size() < 2) {
      skipped.add("kill at " + Math.round(seconds(System.nanoTime())) + " s");
      System.out.println("chaos: fewer than two ready nodes (a kill would leave none to fail over to); kill skipped");
      return CompletableFuture.completedFuture(null);
    }
    ChaosNode victim = pool.get(random.nextInt(pool.size()));
    restarting.add(victim);
    long at = System.nanoTime();
    victim.kill();
    int probe = probes.add(at);
    JsonObject details = new JsonObject().put("liveBefore", up.size());
    disruptions.add(new Disruption("kill", victim.id, probe, at, seconds(at), CLOSE_WINDOW_NANOS, details));
    System.out.println("chaos: t=" + Math.round(seconds(at)) + " s SIGKILL " + victim.id);
    return CompletableFuture.runAsync(() -> {
      sleepUntil(at + plan.restartAfter().toNanos());
      // read before the restart lists the node again
      long unlisted = balancer.unlistedNanos(victim);
      long launched = System.nanoTime();
      JsonObject outcome = restart(cluster, victim);
      restarting.remove(victim);
      synchronized (details) {
        details.put("unlistedAfterMs", unlisted > at ? (unlisted - at) / 1_000_000 : -1)
            .mergeIn(outcome).put("restartToReadyMs", (System.nanoTime() - launched) / 1_000_000);
      }
    });
  }

  /**
   * Starts a killed node again; one that exits while starting (say, its database was restarting) is
   * started once more, up to {@link #START_ATTEMPTS} times, as Kubernetes restarts a crashing pod.
   */
  private static JsonObject restart(ChaosCluster cluster, ChaosNode node) {
    JsonObject outcome = new JsonObject().put("readyAgain", false);
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return outcome.put("readyAgain", cluster.restart(node)).put("startAttempts", attempt);
      } catch (IllegalStateException e) {
        outcome.put("startAttempts", attempt).put("lastStartFailure", e.getMessage());
      }
    }
    return outcome;
  }

  /** Whether the pause was made: a node is paused only while another stays ready. */
  private boolean pause(Balancer balancer) {
    List<ChaosNode> up = balancer.liveNodes();
    ChaosNode victim = up.stream().filter(node -> !restarting.contains(node)).findAny().orElse(null);
    if (victim == null || up.size() < 2) {
      skipped.add("sigstop at " + Math.round(seconds(System.nanoTime())) + " s");
      System.out.println("chaos: fewer than two ready nodes (a pause would leave none to fail over to); SIGSTOP put off");
      return false;
    }
    int liveBefore = up.size();
    long at = System.nanoTime();
    victim.suspend();
    int stopped = probes.add(at);
    disruptions.add(new Disruption("sigstop", victim.id, stopped, at, seconds(at), plan.stopFor().toNanos() + CLOSE_WINDOW_NANOS,
        new JsonObject().put("stoppedForSeconds", plan.stopFor().toSeconds()).put("liveBefore", liveBefore)));
    System.out.println("chaos: t=" + Math.round(seconds(at)) + " s SIGSTOP " + victim.id);
    sleepUntil(at + plan.stopFor().toNanos());
    long resumed = System.nanoTime();
    victim.resume();
    int probe = probes.add(resumed);
    disruptions.add(new Disruption("sigcont", victim.id, probe, resumed, seconds(resumed), CLOSE_WINDOW_NANOS, new JsonObject()));
    System.out.println("chaos: t=" + Math.round(seconds(resumed)) + " s SIGCONT " + victim.id);
    return true;
  }

  private void restartPostgres(ChaosCluster cluster) {
    long at = System.nanoTime();
    int probe = probes.add(at);
    cluster.postgres.restart();
    long back = (System.nanoTime() - at) / 1_000_000;
    disruptions.add(new Disruption("postgres-restart", "postgres", probe, at, seconds(at), CLOSE_WINDOW_NANOS,
        new JsonObject().put("downMs", back)));
    System.out.println("chaos: t=" + Math.round(seconds(at)) + " s PostgreSQL restarted in " + back + " ms");
  }

  private double seconds(long nanos) {
    return Math.round((nanos - startNanos) / 1e7) / 100.0;
  }

  private static void sleepUntil(long nanos) {
    long left = nanos - System.nanoTime();
    if (left > 0) {
      Polling.sleep(left / 1_000_000);
    }
  }

  private Thread loadSampler() {
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          loads.add(Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]));
          Thread.sleep(10_000);
        } catch (IOException | InterruptedException e) {
          return;
        }
      }
    }, "load-sampler");
    sampler.setDaemon(true);
    sampler.start();
    return sampler;
  }

  private JsonObject loadFigures() {
    List<Double> all = List.copyOf(loads);
    return new JsonObject().put("samples", all.size())
        .put("min", all.stream().mapToDouble(d -> d).min().orElse(0))
        .put("mean", Math.round(all.stream().mapToDouble(d -> d).average().orElse(0) * 100) / 100.0)
        .put("max", all.stream().mapToDouble(d -> d).max().orElse(0));
  }
}
