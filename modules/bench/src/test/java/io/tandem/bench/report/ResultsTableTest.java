package io.tandem.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

  /** A target's results: one scenario with these runs. */
  private static JsonObject scenario(String id, JsonObject... runs) {
    return new JsonObject().put(id, new JsonObject().put("runs", new JsonArray(Arrays.asList((Object[]) runs))));
  }

  private static JsonObject streamingRun(double p99, double knee, double cpu) {
    return new JsonObject()
        .put("atRate", new JsonObject().put("settled", true).put("latencyMs", new JsonObject().put("p99", p99)).put("cpuMicrosPerEvent", cpu))
        .put("knee", new JsonObject().put("deliveriesPerSecond", knee))
        .put("setupSeconds", 4.0);
  }

  private static JsonObject streaming(double p99, double knee, double cpu) {
    return scenario("streaming", streamingRun(p99, knee, cpu));
  }

  @Test
  void givesTheMedianOfTheRunsWithTheirRangeAndRatiosOfMedians() {
    JsonObject targets = new JsonObject()
        .put("tandem", scenario("streaming", streamingRun(30, 60_000, 9), streamingRun(10, 40_000, 7), streamingRun(20, 50_000, 8)))
        .put("socketio", streaming(80, 20_000, 30))
        .put("bare", streaming(10, 80_000, 4));

    String table = ResultsTable.markdown(targets);

    assertThat(table).contains("| streaming | event latency p99 at the set rate (ms) | 20 (10–30) | 80 | 10 | 0.25× | 2.00× | lower is better |");
    assertThat(table).contains("| streaming | knee: highest events delivered/s with p99 ≤ 50 ms | 50,000 (40,000–60,000) | 20,000 | 80,000 | 2.50× | 0.63× | higher is better |");
    assertThat(table).contains("| streaming | CPU per delivered event at the set rate (µs) | 8 (7–9) | 30 | 4 | 0.27× | 2.00× | lower is better |");
    assertThat(table).as("figures no target measured are left out").doesNotContain("heap per idle room");
  }

  @Test
  void aWindowThatDidNotSettleHasNoFigureAndIsCounted() {
    JsonObject refused = new JsonObject().put("atRate", new JsonObject().put("settled", false).put("refused", "not measured"));
    JsonObject targets = new JsonObject().put("tandem", scenario("streaming", streamingRun(30, 1, 1), refused, streamingRun(10, 1, 1)));

    String table = ResultsTable.markdown(targets);

    assertThat(table).contains("| streaming | runs whose window at the set rate settled | 2 of 3 | — | — | — | — | higher is better |");
    assertThat(table).contains("| streaming | event latency p99 at the set rate (ms) | 20 (10–30) | — | — |");
  }

  @Test
  void aTandemOnlyFigureHasNoRatio() {
    JsonObject targets = new JsonObject()
        .put("tandem", scenario("seek", new JsonObject().put("joinToLiveMs", new JsonObject().put("p99", 420))))
        .put("socketio", streaming(80, 20_000, 30));

    assertThat(ResultsTable.markdown(targets)).contains("| seek | late join to live: whole buffer, p99 (ms) | 420 | — | — | — | — | lower is better |");
  }

  @Test
  void saysWhichGoalsAreMet() {
    JsonObject tandem = streaming(15, 70_000, 5.5)
        .mergeIn(scenario("idle", new JsonObject().put("heapPerRoomKiB", 12.5)))
        .mergeIn(scenario("storm", new JsonObject().put("timeToSnapshotMs", new JsonObject().put("p99", 120.0))
            .put("during", new JsonObject().put("controlMBToAgents", 9.0).put("listMBToAgents", 3.0)).put("correctness", new JsonObject().put("violations", 0))));
    tandem.getJsonObject("streaming").getJsonArray("runs").getJsonObject(0)
        .put("setupControlMBToAgents", 20.0).put("setupListMBToAgents", 12.0).put("correctness", new JsonObject().put("violations", 1));
    JsonObject bare = streaming(10, 80_000, 4)
        .mergeIn(scenario("storm", new JsonObject().put("timeToSnapshotMs", new JsonObject().put("p99", 14.0))));
    JsonObject targets = new JsonObject().put("tandem", tandem).put("socketio", streaming(90, 20_000, 30)).put("bare", bare);

    String goals = ResultsTable.goals(targets);

    assertThat(goals).contains("| Tandem CPU per delivered event ≤ 1.5× the bare relay's | 1.38× | yes |");
    assertThat(goals).contains("| knee ≥ 0.8× the bare relay's | 0.88× | yes |");
    assertThat(goals).contains("| streaming p99 at the set rate ≤ 2× the bare relay's | 1.50× | yes |");
    assertThat(goals).contains("| streaming p99 at the set rate ≥ 5× lower than the socket.io relay's | 6.00× | yes |");
    assertThat(goals).contains("| storm p99 ≤ 2× the bare relay's + 100 ms | 120 ms against 128 ms | yes |");
    assertThat(goals).contains("| setup ≤ 1.5× the bare relay's | 1.00× | yes |");
    assertThat(goals).contains("| idle heap per room ≤ 12 KiB | 12.50 KiB | no |");
    assertThat(goals).contains("| storm: at most 5 MB of list frames | 3 MB | yes |");
    assertThat(goals).contains("| streaming setup: at most 10 MB of list frames | 12 MB | no |");
    assertThat(goals).contains("| violations: 0 in every scenario and run | 1 | no |");
  }

  @Test
  void aGoalWithoutItsBaselineIsNotMeasured() {
    String goals = ResultsTable.goals(new JsonObject().put("tandem", streaming(15, 70_000, 5.5)));

    assertThat(goals).contains("| knee ≥ 0.8× the bare relay's | — | not measured |");
  }

  @Test
  void crossNodeReportsBothDeliveriesAndTheirRatio() {
    JsonObject latency = new JsonObject().put("p50", 1.5).put("p99", 4.0).put("p999", 9.0).put("max", 20.0);
    JsonObject crossLatency = new JsonObject().put("p50", 3.0).put("p99", 10.0).put("p999", 30.0).put("max", 45.0);
    JsonObject targets = new JsonObject().put("tandem", scenario("cross-node", new JsonObject()
        .put("local", new JsonObject().put("latencyMs", latency))
        .put("crossNode", new JsonObject().put("latencyMs", crossLatency))
        .put("p99Ratio", 2.5)));

    String table = ResultsTable.markdown(targets);

    assertThat(table).contains("| cross-node | local delivery p99 (ms) | 4 | — | — | — | — | lower is better |");
    assertThat(table).contains("| cross-node | cross-node delivery p99.9 (ms) | 30 | — | — | — | — | lower is better |");
    assertThat(table).contains("| cross-node | cross-node/local p99 | 2.50 | — | — | — | — | lower is better |");
  }

  @Test
  void liveFiguresAndTheirGoals() {
    JsonObject g2g = new JsonObject().put("p50", 40.0).put("p95", 80.0).put("max", 130.0);
    JsonObject join = new JsonObject().put("p50", 180.0).put("p95", 300.0).put("max", 420.0);
    JsonObject large = new JsonObject().put("p95", 900.0).put("longestTaskOnPage", new JsonObject().put("max", 240.0));
    JsonObject busy = new JsonObject().put("streaming", new JsonObject().put("longTasksOver50Ms", 0));
    JsonObject targets = new JsonObject().put("tandem", scenario("live",
        new JsonObject().put("glassToGlassMs", g2g).put("joinDemoMs", join).put("joinLargeMs", large).put("busyPage", busy)));

    String table = ResultsTable.markdown(targets);
    String goals = ResultsTable.goals(targets);

    assertThat(table).contains("| live | glass to glass p95 (ms) | 80 | — | — | — | — | lower is better |");
    assertThat(table).contains("| live | join → first frame, demo page, max (ms) | 420 | — | — | — | — | lower is better |");
    assertThat(goals).contains("| live: glass to glass p95 ≤ 100 ms | 80 ms | yes |");
    assertThat(goals).contains("| live: control round trip p95 ≤ 200 ms | — | not measured |");
    assertThat(goals).contains("| live: join → first frame (demo page) p95 ≤ 250 ms | 300 ms | no |");
    assertThat(goals).contains("| live: no task over 100 ms on the ~1 MB page at the join | 240 ms | no |");
    assertThat(goals).contains("| live: no long task over 50 ms while streaming the busy page | 0 | yes |");
  }

  @Test
  void aMissingBaselineShowsADashNotAZeroRatio() {
    assertThat(ResultsTable.ratio(1.0, null)).isEqualTo("—");
    assertThat(ResultsTable.ratio(1.0, 0.0)).isEqualTo("—");
    assertThat(ResultsTable.number(null)).isEqualTo("—");
  }
}
