package io.tandem.bench.report;

import io.tandem.bench.report.Figure.Better;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/** The markdown table of every figure for the three targets and Tandem's ratios to each baseline. */
public final class ResultsTable {
  private static final Figure P99 = new Figure("streaming", "event latency p99 (ms)", "streaming.atRate.latencyMs.p99", Better.LOWER);
  private static final Figure PEAK =
      new Figure("streaming", "highest events delivered/s in any window", "streaming.peakDeliveriesPerSecond", Better.HIGHER);
  private static final Figure HEAP = new Figure("idle", "heap per idle room after GC (KiB)", "idle.heapPerRoomKiB", Better.LOWER);

  static final List<Figure> FIGURES = List.of(
      new Figure("streaming", "event latency p50 (ms)", "streaming.atRate.latencyMs.p50", Better.LOWER),
      P99,
      new Figure("streaming", "event latency p99.9 (ms)", "streaming.atRate.latencyMs.p999", Better.LOWER),
      new Figure("streaming", "event latency max (ms)", "streaming.atRate.latencyMs.max", Better.LOWER),
      new Figure("streaming", "events delivered/s at the set rate", "streaming.atRate.eventsDeliveredPerSecond", Better.HIGHER),
      new Figure("streaming", "max sustained events delivered/s (ramp)", "streaming.maxSustainedDeliveriesPerSecond", Better.HIGHER),
      PEAK,
      new Figure("streaming", "MB to agents in the window", "streaming.atRate.bytesDeliveredMB", Better.LOWER),
      new Figure("streaming", "setup: all agents have a snapshot (s)", "streaming.setupSeconds", Better.LOWER),
      new Figure("streaming", "order/delivery violations", "streaming.correctness.violations", Better.LOWER),
      new Figure("streaming", "batches still queued when the check ended", "streaming.correctness.batchesStillQueuedAtEnd", Better.LOWER),
      new Figure("streaming", "errors in the window", "streaming.atRate.errors", Better.LOWER),
      new Figure("idle", "idle rooms open", "idle.roomsOpen", Better.HIGHER),
      HEAP,
      new Figure("idle", "RSS per idle room (KiB)", "idle.rssPerRoomKiB", Better.LOWER),
      new Figure("storm", "agents with a snapshot 20 s after the last join", "storm.agentsWithSnapshot", Better.HIGHER),
      new Figure("storm", "time to first full snapshot p50 (ms)", "storm.timeToSnapshotMs.p50", Better.LOWER),
      new Figure("storm", "time to first full snapshot p99 (ms)", "storm.timeToSnapshotMs.p99", Better.LOWER),
      new Figure("storm", "time to first full snapshot max (ms)", "storm.timeToSnapshotMs.max", Better.LOWER),
      new Figure("storm", "MB of control frames to agents", "storm.during.controlMBToAgents", Better.LOWER),
      new Figure("storm", "order/delivery violations", "storm.correctness.violations", Better.LOWER),
      new Figure("storm", "batches still queued when the check ended", "storm.correctness.batchesStillQueuedAtEnd", Better.LOWER),
      new Figure("large", "time to 5 MB snapshot p50 (ms)", "large.timeToSnapshotMs.p50", Better.LOWER),
      new Figure("large", "time to 5 MB snapshot max (ms)", "large.timeToSnapshotMs.max", Better.LOWER),
      new Figure("large", "event latency p99 beside it (ms)", "large.stream.latencyMs.p99", Better.LOWER),
      new Figure("large", "order violations", "large.correctness.violations", Better.LOWER),
      new Figure("seek", "late join to live: whole buffer, p50 (ms)", "seek.joinToLiveMs.p50", Better.LOWER),
      new Figure("seek", "late join to live: whole buffer, p99 (ms)", "seek.joinToLiveMs.p99", Better.LOWER),
      new Figure("seek", "buffer sent to a late agent (MB)", "seek.bufferMB", Better.LOWER),
      new Figure("seek", "buffer sent to a late agent (batches)", "seek.bufferBatches", Better.LOWER),
      new Figure("seek", "late-join order/completeness violations", "seek.lateJoinViolations", Better.LOWER),
      new Figure("seek", "console: new Replayer over the buffer (ms)", "seek.console.buildMs", Better.LOWER),
      new Figure("seek", "console: first pause(middle) (ms)", "seek.console.firstSeekMs", Better.LOWER),
      new Figure("seek", "console: later pause(t), p50 of 10 (ms)", "seek.console.laterSeekP50Ms", Better.LOWER),
      new Figure("seek", "console: later pause(t), max of 10 (ms)", "seek.console.laterSeekMaxMs", Better.LOWER),
      new Figure("cross-node", "local delivery p50 (ms)", "cross-node.local.latencyMs.p50", Better.LOWER),
      new Figure("cross-node", "local delivery p99 (ms)", "cross-node.local.latencyMs.p99", Better.LOWER),
      new Figure("cross-node", "local delivery p99.9 (ms)", "cross-node.local.latencyMs.p999", Better.LOWER),
      new Figure("cross-node", "local delivery max (ms)", "cross-node.local.latencyMs.max", Better.LOWER),
      new Figure("cross-node", "cross-node delivery p50 (ms)", "cross-node.crossNode.latencyMs.p50", Better.LOWER),
      new Figure("cross-node", "cross-node delivery p99 (ms)", "cross-node.crossNode.latencyMs.p99", Better.LOWER),
      new Figure("cross-node", "cross-node delivery p99.9 (ms)", "cross-node.crossNode.latencyMs.p999", Better.LOWER),
      new Figure("cross-node", "cross-node delivery max (ms)", "cross-node.crossNode.latencyMs.max", Better.LOWER),
      new Figure("cross-node", "cross-node/local p50", "cross-node.p50Ratio", Better.LOWER),
      new Figure("cross-node", "cross-node/local p99", "cross-node.p99Ratio", Better.LOWER),
      new Figure("cross-node", "order/delivery violations (both agents)", "cross-node.violations", Better.LOWER));

  private ResultsTable() {}

  /** {@code targets} maps a target id (tandem, socketio, bare) to its results by scenario. */
  public static String markdown(JsonObject targets) {
    JsonObject tandem = targets.getJsonObject("tandem", new JsonObject());
    JsonObject socketIo = targets.getJsonObject("socketio", new JsonObject());
    JsonObject bare = targets.getJsonObject("bare", new JsonObject());
    StringBuilder out = new StringBuilder();
    out.append("| scenario | figure | Tandem | socket.io relay | bare Vert.x relay | Tandem/socket.io | Tandem/bare | reading |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---|\n");
    for (Figure figure : FIGURES) {
      Double t = figure.valueIn(tandem);
      Double s = figure.valueIn(socketIo);
      Double b = figure.valueIn(bare);
      if (t == null && s == null && b == null) {
        continue;
      }
      out.append("| ").append(figure.scenario()).append(" | ").append(figure.label())
          .append(" | ").append(number(t)).append(" | ").append(number(s)).append(" | ").append(number(b))
          .append(" | ").append(ratio(t, s)).append(" | ").append(ratio(t, b))
          .append(" | ").append(figure.better().text).append(" |\n");
    }
    return out.toString();
  }

  /** The goals, each with the measured figure and whether it is met. */
  public static String goals(JsonObject targets) {
    JsonObject tandem = targets.getJsonObject("tandem", new JsonObject());
    JsonObject socketIo = targets.getJsonObject("socketio", new JsonObject());
    JsonObject bare = targets.getJsonObject("bare", new JsonObject());
    StringBuilder out = new StringBuilder("| goal | measured | met |\n|---|---|---|\n");
    goal(out, "p99 at least 3× lower than the socket.io relay", quotient(P99.valueIn(socketIo), P99.valueIn(tandem)), 3);
    goal(out, "throughput (highest delivered/s) at least 2× the socket.io relay", quotient(PEAK.valueIn(tandem), PEAK.valueIn(socketIo)), 2);
    goal(out, "throughput (highest delivered/s) at least 0.7× the bare relay", quotient(PEAK.valueIn(tandem), PEAK.valueIn(bare)), 0.7);
    Double kib = HEAP.valueIn(tandem);
    out.append("| at most 20 KiB heap per idle room | ").append(kib == null ? "—" : number(kib) + " KiB")
        .append(" | ").append(kib == null ? "not measured" : kib <= 20 ? "yes" : "no").append(" |\n");
    return out.toString();
  }

  private static Double quotient(Double a, Double b) {
    return a == null || b == null || b == 0 ? null : a / b;
  }

  private static void goal(StringBuilder out, String goal, Double factor, double target) {
    out.append("| ").append(goal).append(" | ")
        .append(factor == null ? "—" : String.format(Locale.ROOT, "%.2f×", factor))
        .append(" | ").append(factor == null ? "not measured" : factor >= target ? "yes" : "no").append(" |\n");
  }

  static String number(Double value) {
    if (value == null) {
      return "—";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.format(Locale.ROOT, "%,d", value.longValue());
    }
    return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%,.0f" : "%.2f", value);
  }

  static String ratio(Double tandem, Double other) {
    if (tandem == null || other == null || other == 0) {
      return "—";
    }
    return String.format(Locale.ROOT, "%.2f×", tandem / other);
  }
}
