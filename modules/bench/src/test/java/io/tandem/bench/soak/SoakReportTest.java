package io.tandem.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class SoakReportTest {
  private static final double MIB = 1024 * 1024;

  private static SoakReport report() {
    SoakPlan plan = SoakPlan.parse(new String[] {"--minutes=4", "--warmup-minutes=2"});
    JsonObject setup = new JsonObject().put("started", "2026-12-03T07:00:00Z").put("tree", "abc1234").put("machine", "2 cores")
        .put("nodeJvm", "-Xmx2g").put("nodeSettings", "none");
    SoakReport report = new SoakReport(plan, setup);
    // idle, warming up, then flat heap and threads, and one more open file a minute
    long[] heap = {10, 40, 80, 81, 80};
    for (int minute = 0; minute <= 4; minute++) {
      report.add(new NodeSample(minute, (long) (heap[minute] * MIB), 40, 200 + minute, 3, 1.5, minute * 10.0, 0, new JsonObject()
          .put("sessionsEnded", minute * 5).put("batchesDelivered", minute * 1000)));
    }
    return report;
  }

  @Test
  void slopesLeaveOutTheWarmUpAndTheIdleSample() {
    JsonObject slopes = report().slopes();

    assertThat(slopes.getJsonObject("heapAfterGcMiB").getInteger("samples")).isEqualTo(3);
    assertThat(slopes.getJsonObject("heapAfterGcMiB").getDouble("perHour")).isEqualTo(0.0);
    assertThat(slopes.getJsonObject("openFiles").getDouble("perHour")).isEqualTo(60.0);
    assertThat(slopes.getJsonObject("openFiles").getBoolean("withinTwoStandardErrorsOfZero")).isFalse();
  }

  @Test
  void aRunNotFinishedIsMarkedPartialWithTheMinutesDone() {
    JsonObject progress = new JsonObject().put("sessionsStarted", 210).put("sessionsEnded", 10).put("agentSwaps", 40).put("reloads", 20)
        .put("batchesDelivered", 4000).put("errorLogLines", 0).put("warningLogLines", 1).put("violations", 0);

    String section = SoakReport.markdown(report().toJson(false, progress));

    assertThat(section).contains("PARTIAL: 4 of 4 minutes").contains("| heap after full GC (MiB) | 80 | 80 | 80 – 81 | 0 ± ");
  }

  @Test
  void theSectionReplacesWhatIsBetweenTheMarkersOnly() {
    String page = "# Reliability\n\nbefore\n" + SoakReport.BEGIN + "\nold figures\n" + SoakReport.END + "\nafter\n";

    String written = SoakReport.splice(page, "new figures\n");

    assertThat(written).isEqualTo("# Reliability\n\nbefore\n" + SoakReport.BEGIN + "\nnew figures\n" + SoakReport.END + "\nafter\n");
    assertThatThrownBy(() -> SoakReport.splice("# no markers\n", "x")).isInstanceOf(IllegalArgumentException.class);
  }
}
