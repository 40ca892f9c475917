package io.tandem.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.bench.LoopbackPorts;
import io.tandem.bench.target.Installation;
import io.tandem.bench.target.TargetKind;
import io.tandem.bench.target.TargetProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak's smoke in the test suite: two minutes of 50 streaming rooms × 2 agents on a real node
 * (the server jar the build just made, its own JVM, its embedded PostgreSQL), churning faster than
 * the hour-long soak so a minute holds enough of it: 60 agent swaps, 30 tab reloads and 60 ended and
 * started sessions a minute. No agent may miss, repeat or reorder a batch, the node may log no
 * error, and after the warm-up (the first minute, in which the rooms' time-travel windows fill) the
 * node's heap after GC, threads, open files and database connections may not grow past bounds that
 * a leak of what the churn creates would break:
 * <ul>
 *   <li>heap after a full GC: at most {@value #HEAP_GROWTH_MIB} MiB more at the end than after the
 *   warm-up. A room of this run costs the node about 0.26 MiB (its sockets and 20–30 s of history);
 *   the minute after the warm-up ends 60 sessions, so a node that kept what each ended room held
 *   would grow by about 15 MiB; noise (histories between checkpoints, sessions waiting out their
 *   grace) kept the heap within 1.4 MiB after the warm-up in the runs measured (docs/reliability.md).</li>
 *   <li>open files: at most {@value #OPEN_FILES_GROWTH} more. The minute closes about 270 sockets
 *   (60 agent swaps, 30 reloads, 60 sessions of a tab and 2 agents); sockets being replaced at the
 *   moment of a sample account for a few either way.</li>
 *   <li>threads: at most {@value #THREAD_GROWTH} more (the JVM starts compiler threads and Vert.x
 *   worker threads on demand; one per session or reload would be 30 or more).</li>
 *   <li>database connections: never more than the pool's size (storage.poolSize, 8).</li>
 * </ul>
 */
class SoakTest {
  private static final Path SERVER_JAR = Path.of("../server/target/tandem-server.jar");
  private static final double HEAP_GROWTH_MIB = 4;
  private static final int OPEN_FILES_GROWTH = 24;
  private static final int THREAD_GROWTH = 8;
  private static final int POOL_SIZE = 8;
  private static final double MIB = 1024 * 1024;
  /** A short window, checkpoint and grace, so rooms reach their steady size and ended sessions end within the warm-up minute. */
  private static final Map<String, String> SHORT_TIMES = Map.of(
      "TANDEM_ROOMS_TIME_TRAVEL_WINDOW_MS", "20000",
      "TANDEM_ROOMS_RECONNECT_GRACE_MS", "5000");

  @Test
  void twoMinutesOfChurnLoseNoBatchLogNoErrorAndGrowNothing(@TempDir Path work) {
    assertThat(SERVER_JAR).as("the server jar, built before this module's tests").exists();
    SoakPlan plan = SoakPlan.parse(new String[] {"--minutes=2", "--rooms=50", "--agent-swaps-per-minute=60", "--reloads-per-minute=30",
        "--session-ends-per-minute=60", "--checkpoint-seconds=10", "--warmup-minutes=1", "--sample-seconds=20"});
    int databasePort = LoopbackPorts.unused();
    Map<String, String> environment = new HashMap<>(SHORT_TIMES);
    environment.put("TANDEM_STORAGE_EMBEDDED_PORT", String.valueOf(databasePort));
    List<String> jvm = List.of("-Xmx512m", "-XX:+UseG1GC");
    Installation installation = new Installation(SERVER_JAR, null, null, work, jvm, false);
    JsonObject report;
    try (TargetProcess node = TargetProcess.start(TargetKind.TANDEM, installation, "soak", plan.rooms() * 2, environment)) {
      report = Soak.run(node, plan, jvm, SHORT_TIMES, databasePort, installation.logs().resolve("tandem-soak.log"),
          new Soak.Outputs(work.resolve("soak-report.json"), work.resolve("soak-report.md"), null));
    }
    // the run's section, kept in target/surefire-reports with the test's output: the spread of the gauges across runs
    System.out.println(SoakReport.markdown(report));
    JsonObject outcome = report.getJsonObject("outcome");
    JsonObject streams = outcome.getJsonObject("streams");
    String account = outcome.encodePrettily();

    // the churn happened (a change finds its room busy now and then, hence the margins)
    assertThat(outcome.getLong("sessionsEnded")).as(account).isGreaterThanOrEqualTo(90);
    assertThat(outcome.getLong("agentSwaps")).as(account).isGreaterThanOrEqualTo(90);
    assertThat(outcome.getLong("reloads")).as(account).isGreaterThanOrEqualTo(45);
    assertThat(streams.getLong("agentsChecked")).as(account).isGreaterThanOrEqualTo(300);
    // every agent's stream whole, once, in order; nothing logged at error level
    assertThat(streams.getLong("gaps")).as(account).isZero();
    assertThat(streams.getLong("duplicatedOrOutOfOrder")).as(account).isZero();
    assertThat(streams.getLong("agentsIncomplete")).as(account).isZero();
    assertThat(streams.getLong("agentsWithoutSnapshot")).as(account).isZero();
    assertThat(outcome.getLong("errorLogLines")).as(outcome.getJsonArray("errorLogExamples").encodePrettily()).isZero();
    assertThat(outcome.getLong("violations")).as(account).isZero();

    JsonArray samples = report.getJsonArray("samples");
    JsonObject afterWarmup = sampleAt(samples, 1);
    JsonObject last = sampleAt(samples, 2);
    String gauges = samples.encodePrettily();
    assertThat((last.getLong("heapAfterGcBytes") - afterWarmup.getLong("heapAfterGcBytes")) / MIB).as(gauges).isLessThanOrEqualTo(HEAP_GROWTH_MIB);
    assertThat(last.getInteger("openFiles") - afterWarmup.getInteger("openFiles")).as(gauges).isLessThanOrEqualTo(OPEN_FILES_GROWTH);
    assertThat(last.getInteger("threads") - afterWarmup.getInteger("threads")).as(gauges).isLessThanOrEqualTo(THREAD_GROWTH);
    for (int i = 0; i < samples.size(); i++) {
      assertThat(samples.getJsonObject(i).getInteger("databaseConnections")).as(gauges).isBetween(1, POOL_SIZE);
    }
  }

  private static JsonObject sampleAt(JsonArray samples, double minute) {
    for (int i = 0; i < samples.size(); i++) {
      if (Math.abs(samples.getJsonObject(i).getDouble("minute") - minute) < 1e-6) {
        return samples.getJsonObject(i);
      }
    }
    throw new AssertionError("no sample at minute " + minute + ": " + samples.encode());
  }
}
