package io.tandem.bench.report;

import io.tandem.bench.report.Figure.Better;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/** The markdown table of every figure for the three targets and Tandem's ratios to each baseline. */
public final class ResultsTable {
  static final List<Figure> FIGURES = List.of(
      new Figure("streaming", "event latency p50 (ms)", "streaming.atRate.latencyMs.p50", Better.LOWER),
      new Figure("streaming", "event latency p99 (ms)", "streaming.atRate.latencyMs.p99", Better.LOWER),
      new Figure("streaming", "event latency p99.9 (ms)", "streaming.atRate.latencyMs.p999", Better.LOWER),
      new Figure("streaming", "event latency max (ms)", "streaming.atRate.latencyMs.max", Better.LOWER),
      new Figure("streaming", "events delivered/s at the set rate", "streaming.atRate.eventsDeliveredPerSecond", Better.HIGHER),
      new Figure("streaming", "max sustained events delivered/s (ramp)", "streaming.maxSustainedDeliveriesPerSecond", Better.HIGHER),
      new Figure("streaming", "MB to agents in the window", "streaming.atRate.bytesDeliveredMB", Better.LOWER),
      new Figure("streaming", "setup: all agents have a snapshot (s)", "streaming.setupSeconds", Better.LOWER),
      new Figure("streaming", "order/delivery violations", "streaming.correctness.violations", Better.LOWER),
      new Figure("streaming", "errors in the window", "streaming.atRate.errors", Better.LOWER),
      new Figure("idle", "idle rooms open", "idle.roomsOpen", Better.HIGHER),
      new Figure("idle", "heap per idle room after GC (KiB)", "idle.heapPerRoomKiB", Better.LOWER),
      new Figure("idle", "RSS per idle room (KiB)", "idle.rssPerRoomKiB", Better.LOWER),
      new Figure("storm", "agents with a snapshot", "storm.agentsWithSnapshot", Better.HIGHER),
      new Figure("storm", "time to first full snapshot p50 (ms)", "storm.timeToSnapshotMs.p50", Better.LOWER),
      new Figure("storm", "time to first full snapshot p99 (ms)", "storm.timeToSnapshotMs.p99", Better.LOWER),
      new Figure("storm", "time to first full snapshot max (ms)", "storm.timeToSnapshotMs.max", Better.LOWER),
      new Figure("storm", "order/delivery violations", "storm.correctness.violations", Better.LOWER),
      new Figure("large", "time to 5 MB snapshot p50 (ms)", "large.timeToSnapshotMs.p50", Better.LOWER),
      new Figure("large", "time to 5 MB snapshot max (ms)", "large.timeToSnapshotMs.max", Better.LOWER),
      new Figure("large", "event latency p99 beside it (ms)", "large.stream.latencyMs.p99", Better.LOWER),
      new Figure("large", "order violations", "large.correctness.violations", Better.LOWER));

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
    Figure p99 = FIGURES.get(1);
    Figure sustained = FIGURES.get(5);
    Figure heap = FIGURES.get(11);
    StringBuilder out = new StringBuilder("| goal | measured | met |\n|---|---|---|\n");
    goal(out, "p99 at least 3× lower than the socket.io relay", quotient(p99.valueIn(socketIo), p99.valueIn(tandem)), 3);
    goal(out, "throughput at least 2× the socket.io relay", quotient(sustained.valueIn(tandem), sustained.valueIn(socketIo)), 2);
    goal(out, "throughput at least 0.7× the bare relay", quotient(sustained.valueIn(tandem), sustained.valueIn(bare)), 0.7);
    Double kib = heap.valueIn(tandem);
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
