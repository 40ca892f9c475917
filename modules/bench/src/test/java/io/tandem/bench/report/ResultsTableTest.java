package io.tandem.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

  private static JsonObject streaming(double p99, double sustained) {
    return new JsonObject().put("streaming", new JsonObject()
        .put("atRate", new JsonObject().put("latencyMs", new JsonObject().put("p99", p99)))
        .put("maxSustainedDeliveriesPerSecond", sustained)
        .put("peakDeliveriesPerSecond", sustained * 1.5));
  }

  @Test
  void givesEachFigureItsRatiosToBothBaselines() {
    JsonObject targets = new JsonObject()
        .put("tandem", streaming(2.0, 60_000))
        .put("socketio", streaming(8.0, 20_000))
        .put("bare", streaming(1.0, 80_000));

    String table = ResultsTable.markdown(targets);

    assertThat(table).contains("| streaming | event latency p99 (ms) | 2 | 8 | 1 | 0.25× | 2.00× | lower is better |");
    assertThat(table).contains("| streaming | max sustained events delivered/s (ramp) | 60,000 | 20,000 | 80,000 | 3.00× | 0.75× | higher is better |");
    assertThat(table).as("figures no target measured are left out").doesNotContain("heap per idle room");
  }

  @Test
  void aTandemOnlyFigureHasNoRatio() {
    JsonObject targets = new JsonObject()
        .put("tandem", new JsonObject().put("seek", new JsonObject().put("joinToLiveMs", new JsonObject().put("p99", 420))))
        .put("socketio", streaming(8.0, 20_000));

    assertThat(ResultsTable.markdown(targets)).contains("| seek | late join to live: whole buffer, p99 (ms) | 420 | — | — | — | — | lower is better |");
  }

  @Test
  void saysWhichGoalsAreMet() {
    JsonObject targets = new JsonObject()
        .put("tandem", streaming(2.0, 60_000).put("idle", new JsonObject().put("heapPerRoomKiB", 25.5)))
        .put("socketio", streaming(8.0, 20_000))
        .put("bare", streaming(1.0, 80_000));

    String goals = ResultsTable.goals(targets);

    assertThat(goals).contains("| p99 at least 3× lower than the socket.io relay | 4.00× | yes |");
    assertThat(goals).contains("| throughput (highest delivered/s) at least 2× the socket.io relay | 3.00× | yes |");
    assertThat(goals).contains("| throughput (highest delivered/s) at least 0.7× the bare relay | 0.75× | yes |");
    assertThat(goals).contains("| at most 20 KiB heap per idle room | 25.50 KiB | no |");
  }

  @Test
  void crossNodeReportsBothDeliveriesAndTheirRatio() {
    JsonObject latency = new JsonObject().put("p50", 1.5).put("p99", 4.0).put("p999", 9.0).put("max", 20.0);
    JsonObject crossLatency = new JsonObject().put("p50", 3.0).put("p99", 10.0).put("p999", 30.0).put("max", 45.0);
    JsonObject targets = new JsonObject().put("tandem", new JsonObject().put("cross-node", new JsonObject()
        .put("local", new JsonObject().put("latencyMs", latency))
        .put("crossNode", new JsonObject().put("latencyMs", crossLatency))
        .put("p99Ratio", 2.5)));

    String table = ResultsTable.markdown(targets);

    assertThat(table).contains("| cross-node | local delivery p99 (ms) | 4 | — | — | — | — | lower is better |");
    assertThat(table).contains("| cross-node | cross-node delivery p99.9 (ms) | 30 | — | — | — | — | lower is better |");
    assertThat(table).contains("| cross-node | cross-node/local p99 | 2.50 | — | — | — | — | lower is better |");
  }

  @Test
  void aMissingBaselineShowsADashNotAZeroRatio() {
    assertThat(ResultsTable.ratio(1.0, null)).isEqualTo("—");
    assertThat(ResultsTable.ratio(1.0, 0.0)).isEqualTo("—");
    assertThat(ResultsTable.number(null)).isEqualTo("—");
  }
}
