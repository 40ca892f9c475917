package io.tandem.bench.soak;

import io.tandem.bench.LoopbackPorts;
import io.tandem.bench.Polling;
import io.tandem.bench.report.Machine;
import io.tandem.bench.target.Installation;
import io.tandem.bench.target.TargetKind;
import io.tandem.bench.target.TargetProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The soak (issue #16): one node, from the server jar, in its own JVM with its embedded PostgreSQL,
 * holds a fixed number of streaming rooms for an hour while agents come and go, tabs reload and
 * sessions end and start at a steady rate. Every sample it records the node's heap after a full GC,
 * threads, open files and database connections; it reports each one's slope per hour after the
 * warm-up, the node's error-level log lines, and every agent's stream check. The report is
 * rewritten after each sample, so a run cut short still has its figures.
 *
 * <pre>java -cp modules/bench/target/tandem-bench.jar io.tandem.bench.soak.Soak --minutes=60</pre>
 *
 * Its own flags: {@code --server-jar=}, {@code --out-dir=} (modules/bench/target/soak), {@code --docs=}
 * (a page with the soak's markers to write the section into), {@code --node-setting=TANDEM_KEY=value}
 * (repeatable); the rest are the {@link SoakPlan}'s.
 */
public final class Soak {
  public static final List<String> NODE_JVM = List.of("-Xms256m", "-Xmx2g", "-XX:+UseG1GC");
  private static final Duration CLOCK = Duration.ofMillis(100);
  private static final Duration LAND = Duration.ofSeconds(60);
  /** Over the node's reconnect grace: how much later than it a session's agents may be told it ended. */
  private static final Duration ENDED_SLACK = Duration.ofSeconds(60);
  private static final long DEFAULT_RECONNECT_GRACE_MS = 30_000;

  /** Where a run writes: its JSON report, its markdown section, and optionally the page that carries the section. */
  public record Outputs(Path json, Path markdown, Path page) {}

  private Soak() {}

  public static void main(String[] args) throws IOException {
    List<String> own = new ArrayList<>();
    String serverJar = "modules/server/target/tandem-server.jar";
    Path outDir = Path.of("modules/bench/target/soak");
    Path page = null;
    Map<String, String> nodeSettings = new TreeMap<>();
    for (String arg : args) {
      if (arg.startsWith("--server-jar=")) {
        serverJar = arg.substring("--server-jar=".length());
      } else if (arg.startsWith("--out-dir=")) {
        outDir = Path.of(arg.substring("--out-dir=".length()));
      } else if (arg.startsWith("--node-setting=") && arg.indexOf('=', "--node-setting=".length()) > 0) {
        String setting = arg.substring("--node-setting=".length());
        nodeSettings.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
      } else if (arg.startsWith("--docs=")) {
        page = arg.length() > "--docs=".length() ? Path.of(arg.substring("--docs=".length())) : null;
      } else {
        own.add(arg);
      }
    }
    SoakPlan plan = SoakPlan.parse(own.toArray(String[]::new));
    Files.createDirectories(outDir);
    Installation installation = new Installation(Path.of(serverJar), null, null, outDir.resolve("node"), NODE_JVM, false);
    int databasePort = LoopbackPorts.unused();
    Outputs outputs = new Outputs(outDir.resolve("soak-report.json"), outDir.resolve("soak-report.md"), page);
    System.out.println("soak: " + plan.toJson().encode() + "; writing " + outputs.json() + " and " + outputs.markdown() + " every sample");
    JsonObject report;
    Map<String, String> environment = new HashMap<>(nodeSettings);
    environment.put("TANDEM_STORAGE_EMBEDDED_PORT", String.valueOf(databasePort));
    try (TargetProcess node = TargetProcess.start(TargetKind.TANDEM, installation, "soak", plan.rooms() * 2, environment)) {
      report = run(node, plan, NODE_JVM, nodeSettings, databasePort, installation.logs().resolve("tandem-soak.log"), outputs);
    }
    System.out.println(report.getJsonObject("outcome").encodePrettily());
    System.out.println("report: " + outputs.json() + ", " + outputs.markdown());
    System.exit(report.getJsonObject("outcome").getLong("violations") == 0 ? 0 : 1);
  }

  /**
   * Soaks a running node. {@code nodeJvm}: the options its JVM was started with (for the report);
   * {@code nodeSettings}: the TANDEM_* settings the node was given beyond the bench's own (for the
   * report, and the reconnect grace the session ends wait out); {@code databasePort}: its embedded
   * PostgreSQL's port. The report's {@code outcome.violations} counts what must be 0.
   */
  public static JsonObject run(TargetProcess node, SoakPlan plan, List<String> nodeJvm, Map<String, String> nodeSettings, int databasePort, Path nodeLog, Outputs outputs) {
    NodeLog log = new NodeLog(nodeLog);
    EndingWire wire = new EndingWire(node.wire());
    long graceMs = Long.parseLong(nodeSettings.getOrDefault("TANDEM_ROOMS_RECONNECT_GRACE_MS", String.valueOf(DEFAULT_RECONNECT_GRACE_MS)));
    SoakReport report = new SoakReport(plan, setup(nodeJvm, nodeSettings));
    try (NodeGauges gauges = new NodeGauges(node, databasePort, log); Churn churn = new Churn(plan, wire, Duration.ofMillis(graceMs).plus(ENDED_SLACK))) {
      report.add(gauges.sample(0, churn.progress()));
      report.write(outputs.json(), outputs.markdown(), outputs.page(), false, progress(churn, log));
      boolean opened = churn.open();
      long started = System.nanoTime();
      Thread sampler = new Thread(() -> sampleEvery(plan, started, gauges, churn, log, report, outputs), "soak-sampler");
      sampler.start();
      drive(plan, churn, node, sampler);
      churn.finish(LAND);
      boolean survived = node.alive() && node.ready();
      JsonObject outcome = churn.figures()
          .put("roomsOpened", opened)
          .put("nodeSurvived", survived)
          .put("errorLogLines", log.errorLines())
          .put("warningLogLines", log.warningLines())
          .put("errorLogExamples", log.errorExamples())
          .put("nodeLog", nodeLog.toAbsolutePath().toString());
      outcome.put("failedSamples", report.failedSamples());
      outcome.put("violations", churn.violations() + (opened ? 0 : 1) + (survived ? 0 : 1) + log.errorLines());
      report.write(outputs.json(), outputs.markdown(), outputs.page(), true, outcome);
      return report.toJson(true, outcome);
    }
  }

  /** The soak's clock: changes at their steady rates and the tabs' checkpoints, until the last sample is taken. */
  private static void drive(SoakPlan plan, Churn churn, TargetProcess node, Thread sampler) {
    double swaps = 0;
    double reloads = 0;
    double ends = 0;
    long last = System.nanoTime();
    while (sampler.isAlive() && node.alive()) {
      Polling.sleep(CLOCK.toMillis());
      long now = System.nanoTime();
      double minutes = (now - last) / 60e9;
      last = now;
      swaps += plan.agentSwapsPerMinute() * minutes;
      reloads += plan.reloadsPerMinute() * minutes;
      ends += plan.sessionEndsPerMinute() * minutes;
      for (; swaps >= 1; swaps--) {
        churn.swapAgent();
      }
      for (; reloads >= 1; reloads--) {
        churn.reload();
      }
      for (; ends >= 1; ends--) {
        churn.endSession();
      }
      churn.checkpoints(now);
    }
  }

  /** Samples at every {@code sampleEvery} of the plan's length, then returns (which ends the load). */
  private static void sampleEvery(SoakPlan plan, long started, NodeGauges gauges, Churn churn, NodeLog log, SoakReport report, Outputs outputs) {
    long every = plan.sampleEvery().toNanos();
    long count = plan.length().toNanos() / every;
    for (long k = 1; k <= count; k++) {
      long due = started + k * every;
      while (System.nanoTime() < due) {
        Polling.sleep(Math.max(1, (due - System.nanoTime()) / 1_000_000));
      }
      try {
        // the sample's nominal time: samples are evenly spaced for the fit, however long a full GC takes
        report.add(gauges.sample(k * every / 60e9, churn.progress()));
      } catch (RuntimeException e) {
        // a sample the node could not give (jcmd or the database not answering in time) is reported, not made up
        report.failed(k * every / 60e9, e);
        if (!gauges.nodeAlive()) {
          return;
        }
      }
      report.write(outputs.json(), outputs.markdown(), outputs.page(), false, progress(churn, log));
    }
  }

  private static JsonObject progress(Churn churn, NodeLog log) {
    return churn.progress().put("errorLogLines", log.errorLines()).put("warningLogLines", log.warningLines());
  }

  private static JsonObject setup(List<String> nodeJvm, Map<String, String> nodeSettings) {
    Map<String, String> sorted = new TreeMap<>(nodeSettings);
    JsonObject machine = Machine.describe();
    return new JsonObject()
        .put("started", Instant.now().toString())
        .put("tree", machine.getString("tree"))
        .put("machine", machine.getString("cpu") + ", " + machine.getInteger("cores") + " cores, " + machine.getString("memory"))
        .put("nodeJvm", String.join(" ", nodeJvm))
        .put("nodeSettings", sorted.isEmpty() ? "none (the defaults: 10 min time-travel window, 30 s reconnect grace)"
            : sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
  }
}
