package io.tandem.bench.report;

import io.tandem.bench.report.Figure.Better;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The markdown table of every figure for the three targets, each the median of its runs with their
 * range, Tandem's ratios (of medians) to each baseline, and the goals.
 */
public final class ResultsTable {
  private static final Figure P99 = new Figure("streaming", "event latency p99 at the set rate (ms)", "streaming.atRate.latencyMs.p99", Better.LOWER);
  private static final Figure CPU = new Figure("streaming", "CPU per delivered event at the set rate (µs)", "streaming.atRate.cpuMicrosPerEvent", Better.LOWER);
  private static final Figure KNEE =
      new Figure("streaming", "knee: highest events delivered/s with p99 ≤ 50 ms", "streaming.knee.deliveriesPerSecond", Better.HIGHER);
  private static final Figure SETUP = new Figure("streaming", "setup: all agents have a snapshot (s)", "streaming.setupSeconds", Better.LOWER);
  private static final Figure SETUP_CONTROL =
      new Figure("streaming", "setup: MB of control frames to agents", "streaming.setupControlMBToAgents", Better.LOWER);
  private static final Figure SETUP_LISTS =
      new Figure("streaming", "setup: MB of session-list frames to agents", "streaming.setupListMBToAgents", Better.LOWER);
  private static final Figure HEAP = new Figure("idle", "heap per idle room after GC (KiB)", "idle.heapPerRoomKiB", Better.LOWER);
  private static final Figure STORM_P99 = new Figure("storm", "time to first full snapshot p99 (ms)", "storm.timeToSnapshotMs.p99", Better.LOWER);
  private static final Figure STORM_CONTROL = new Figure("storm", "MB of control frames to agents", "storm.during.controlMBToAgents", Better.LOWER);
  private static final Figure STORM_LISTS = new Figure("storm", "MB of session-list frames to agents", "storm.during.listMBToAgents", Better.LOWER);
  private static final Figure G2G_P95 = new Figure("live", "glass to glass p95 (ms)", "live.glassToGlassMs.p95", Better.LOWER);
  private static final Figure CONTROL_P95 = new Figure("live", "control round trip p95 (ms)", "live.controlRoundTripMs.p95", Better.LOWER);
  private static final Figure JOIN_DEMO_P95 = new Figure("live", "join → first frame, demo page, p95 (ms)", "live.joinDemoMs.p95", Better.LOWER);
  private static final Figure JOIN_LARGE_P95 = new Figure("live", "join → first frame, ~1 MB page, p95 (ms)", "live.joinLargeMs.p95", Better.LOWER);
  private static final Figure JOIN_LARGE_TASK =
      new Figure("live", "~1 MB page: longest task on the page at the join, max (ms)", "live.joinLargeMs.longestTaskOnPage.max", Better.LOWER);
  private static final Figure BUSY_LONG_TASKS =
      new Figure("live", "busy page, streaming: long tasks over 50 ms", "live.busyPage.streaming.longTasksOver50Ms", Better.LOWER);
  private static final List<Figure> VIOLATIONS = List.of(
      new Figure("streaming", "order/delivery violations", "streaming.correctness.violations", Better.LOWER),
      new Figure("storm", "order/delivery violations", "storm.correctness.violations", Better.LOWER),
      new Figure("large", "order violations", "large.correctness.violations", Better.LOWER),
      new Figure("seek", "late-join order/completeness violations", "seek.lateJoinViolations", Better.LOWER),
      new Figure("cross-node", "order/delivery violations (both agents)", "cross-node.violations", Better.LOWER));

  static final List<Figure> FIGURES = List.of(
      new Figure("streaming", "runs whose window at the set rate settled", "streaming.atRate.settled", Better.HIGHER, true),
      new Figure("streaming", "event latency p50 at the set rate (ms)", "streaming.atRate.latencyMs.p50", Better.LOWER),
      P99,
      new Figure("streaming", "event latency p99.9 at the set rate (ms)", "streaming.atRate.latencyMs.p999", Better.LOWER),
      new Figure("streaming", "event latency max at the set rate (ms)", "streaming.atRate.latencyMs.max", Better.LOWER),
      new Figure("streaming", "events delivered/s at the set rate", "streaming.atRate.eventsDeliveredPerSecond", Better.HIGHER),
      CPU,
      KNEE,
      new Figure("streaming", "CPU per delivered event at the knee (µs)", "streaming.knee.cpuMicrosPerEvent", Better.LOWER),
      new Figure("streaming", "highest events delivered/s in any window", "streaming.peakDeliveriesPerSecond", Better.HIGHER),
      new Figure("streaming", "MB to agents in the window at the set rate", "streaming.atRate.bytesDeliveredMB", Better.LOWER),
      SETUP,
      SETUP_CONTROL,
      SETUP_LISTS,
      VIOLATIONS.get(0),
      new Figure("streaming", "batches still queued when the check ended", "streaming.correctness.batchesStillQueuedAtEnd", Better.LOWER),
      new Figure("streaming", "errors in the window at the set rate", "streaming.atRate.errors", Better.LOWER),
      new Figure("idle", "idle rooms open", "idle.roomsOpen", Better.HIGHER),
      HEAP,
      new Figure("idle", "RSS per idle room (KiB)", "idle.rssPerRoomKiB", Better.LOWER),
      new Figure("storm", "agents with a snapshot 20 s after the last join", "storm.agentsWithSnapshot", Better.HIGHER),
      new Figure("storm", "time to first full snapshot p50 (ms)", "storm.timeToSnapshotMs.p50", Better.LOWER),
      STORM_P99,
      new Figure("storm", "time to first full snapshot max (ms)", "storm.timeToSnapshotMs.max", Better.LOWER),
      STORM_CONTROL,
      STORM_LISTS,
      VIOLATIONS.get(1),
      new Figure("storm", "batches still queued when the check ended", "storm.correctness.batchesStillQueuedAtEnd", Better.LOWER),
      new Figure("large", "time to 5 MB snapshot p50 (ms)", "large.timeToSnapshotMs.p50", Better.LOWER),
      new Figure("large", "time to 5 MB snapshot max (ms)", "large.timeToSnapshotMs.max", Better.LOWER),
      new Figure("large", "event latency p99 beside it (ms)", "large.stream.latencyMs.p99", Better.LOWER),
      VIOLATIONS.get(2),
      new Figure("seek", "late join to live: whole buffer, p50 (ms)", "seek.joinToLiveMs.p50", Better.LOWER),
      new Figure("seek", "late join to live: whole buffer, p99 (ms)", "seek.joinToLiveMs.p99", Better.LOWER),
      new Figure("seek", "buffer sent to a late agent (MB)", "seek.bufferMB", Better.LOWER),
      new Figure("seek", "buffer sent to a late agent (batches)", "seek.bufferBatches", Better.LOWER),
      VIOLATIONS.get(3),
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
      VIOLATIONS.get(4),
      new Figure("live", "glass to glass p50 (ms)", "live.glassToGlassMs.p50", Better.LOWER),
      G2G_P95,
      new Figure("live", "glass to glass max (ms)", "live.glassToGlassMs.max", Better.LOWER),
      new Figure("live", "control round trip p50 (ms)", "live.controlRoundTripMs.p50", Better.LOWER),
      CONTROL_P95,
      new Figure("live", "control round trip max (ms)", "live.controlRoundTripMs.max", Better.LOWER),
      new Figure("live", "join → first frame, demo page, p50 (ms)", "live.joinDemoMs.p50", Better.LOWER),
      JOIN_DEMO_P95,
      new Figure("live", "join → first frame, demo page, max (ms)", "live.joinDemoMs.max", Better.LOWER),
      new Figure("live", "join → first frame, ~1 MB page, p50 (ms)", "live.joinLargeMs.p50", Better.LOWER),
      JOIN_LARGE_P95,
      new Figure("live", "join → first frame, ~1 MB page, max (ms)", "live.joinLargeMs.max", Better.LOWER),
      new Figure("live", "~1 MB page: snapshot on the page, p50 (ms)", "live.joinLargeMs.legs.snapshotOnPage.p50", Better.LOWER),
      new Figure("live", "~1 MB page: node and sockets, p50 (ms)", "live.joinLargeMs.legs.transfer.p50", Better.LOWER),
      new Figure("live", "~1 MB page: console, first events to first frame, p50 (ms)", "live.joinLargeMs.legs.inConsole.p50", Better.LOWER),
      JOIN_LARGE_TASK,
      new Figure("live", "busy page without the tracker: script ms per s, p50", "live.busyPage.withoutTracker.scriptMsPerSecond.p50", Better.LOWER),
      new Figure("live", "busy page, streaming: script ms per s, p50", "live.busyPage.streaming.scriptMsPerSecond.p50", Better.LOWER),
      new Figure("live", "busy page, streaming: script ms per s, p95", "live.busyPage.streaming.scriptMsPerSecond.p95", Better.LOWER),
      new Figure("live", "busy page, streaming: script ms per s, max", "live.busyPage.streaming.scriptMsPerSecond.max", Better.LOWER),
      BUSY_LONG_TASKS);

  private ResultsTable() {}

  /** {@code targets} maps a target id (tandem, socketio, bare) to its results by scenario, each {@code {runs: [...]}}. */
  public static String markdown(JsonObject targets) {
    JsonObject tandem = targets.getJsonObject("tandem", new JsonObject());
    JsonObject socketIo = targets.getJsonObject("socketio", new JsonObject());
    JsonObject bare = targets.getJsonObject("bare", new JsonObject());
    StringBuilder out = new StringBuilder();
    out.append("| scenario | figure | Tandem | socket.io relay | bare Vert.x relay | Tandem/socket.io | Tandem/bare | reading |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---|\n");
    for (Figure figure : FIGURES) {
      Optional<Spread> t = figure.spreadIn(tandem);
      Optional<Spread> s = figure.spreadIn(socketIo);
      Optional<Spread> b = figure.spreadIn(bare);
      if (t.isEmpty() && s.isEmpty() && b.isEmpty()) {
        continue;
      }
      out.append("| ").append(figure.scenario()).append(" | ").append(figure.label())
          .append(" | ").append(cell(figure, tandem)).append(" | ").append(cell(figure, socketIo)).append(" | ").append(cell(figure, bare))
          .append(" | ").append(figure.yesNo() ? "—" : ratio(median(t), median(s)))
          .append(" | ").append(figure.yesNo() ? "—" : ratio(median(t), median(b)))
          .append(" | ").append(figure.better().text).append(" |\n");
    }
    return out.toString();
  }

  /** The goals, each with the measured medians and whether it is met. */
  public static String goals(JsonObject targets) {
    JsonObject tandem = targets.getJsonObject("tandem", new JsonObject());
    JsonObject socketIo = targets.getJsonObject("socketio", new JsonObject());
    JsonObject bare = targets.getJsonObject("bare", new JsonObject());
    StringBuilder out = new StringBuilder("| goal | measured (medians) | met |\n|---|---|---|\n");
    atMost(out, "Tandem CPU per delivered event ≤ 1.5× the bare relay's", quotient(median(CPU, tandem), median(CPU, bare)), 1.5);
    atLeast(out, "knee ≥ 0.8× the bare relay's", quotient(median(KNEE, tandem), median(KNEE, bare)), 0.8);
    atMost(out, "streaming p99 at the set rate ≤ 2× the bare relay's", quotient(median(P99, tandem), median(P99, bare)), 2);
    atLeast(out, "streaming p99 at the set rate ≥ 5× lower than the socket.io relay's", quotient(median(P99, socketIo), median(P99, tandem)), 5);
    Double stormTandem = median(STORM_P99, tandem);
    Double stormBare = median(STORM_P99, bare);
    row(out, "storm p99 ≤ 2× the bare relay's + 100 ms",
        stormTandem == null || stormBare == null ? null : number(stormTandem) + " ms against " + number(2 * stormBare + 100) + " ms",
        stormTandem == null || stormBare == null ? null : stormTandem <= 2 * stormBare + 100);
    atMost(out, "setup ≤ 1.5× the bare relay's", quotient(median(SETUP, tandem), median(SETUP, bare)), 1.5);
    limit(out, "idle heap per room ≤ 12 KiB", median(HEAP, tandem), 12, " KiB");
    limit(out, "storm: at most 5 MB of list frames", median(STORM_LISTS, tandem), 5, " MB");
    limit(out, "streaming setup: at most 10 MB of list frames", median(SETUP_LISTS, tandem), 10, " MB");
    Double violations = VIOLATIONS.stream().flatMap(f -> f.valuesIn(tandem).stream()).reduce(Double::sum).orElse(null);
    limit(out, "violations: 0 in every scenario and run", violations, 0, "");
    limit(out, "live: glass to glass p95 ≤ 100 ms", median(G2G_P95, tandem), 100, " ms");
    limit(out, "live: control round trip p95 ≤ 200 ms", median(CONTROL_P95, tandem), 200, " ms");
    limit(out, "live: join → first frame (demo page) p95 ≤ 250 ms", median(JOIN_DEMO_P95, tandem), 250, " ms");
    limit(out, "live: join → first frame (~1 MB page; the goal is for a 700 KB page) p95 ≤ 1 s", median(JOIN_LARGE_P95, tandem), 1000, " ms");
    limit(out, "live: no task over 100 ms on the ~1 MB page at the join", median(JOIN_LARGE_TASK, tandem), 100, " ms");
    limit(out, "live: no long task over 50 ms while streaming the busy page", median(BUSY_LONG_TASKS, tandem), 0, "");
    return out.toString();
  }

  /** The median and, when runs differ, their range; for a yes-or-no figure, how many runs said yes. */
  private static String cell(Figure figure, JsonObject target) {
    List<Double> values = figure.valuesIn(target);
    if (values.isEmpty()) {
      return "—";
    }
    if (figure.yesNo()) {
      return values.stream().filter(v -> v > 0).count() + " of " + values.size();
    }
    Spread s = Spread.of(values).orElseThrow();
    if (s.min() == s.max()) {
      return number(s.median());
    }
    return number(s.median()) + " (" + number(s.min()) + "–" + number(s.max()) + ")";
  }

  private static Double median(Optional<Spread> spread) {
    return spread.map(Spread::median).orElse(null);
  }

  private static Double median(Figure figure, JsonObject target) {
    return median(figure.spreadIn(target));
  }

  private static Double quotient(Double a, Double b) {
    return a == null || b == null || b == 0 ? null : a / b;
  }

  private static void atMost(StringBuilder out, String goal, Double factor, double bound) {
    row(out, goal, factor == null ? null : String.format(Locale.ROOT, "%.2f×", factor), factor == null ? null : factor <= bound);
  }

  private static void atLeast(StringBuilder out, String goal, Double factor, double bound) {
    row(out, goal, factor == null ? null : String.format(Locale.ROOT, "%.2f×", factor), factor == null ? null : factor >= bound);
  }

  private static void limit(StringBuilder out, String goal, Double value, double bound, String unit) {
    row(out, goal, value == null ? null : number(value) + unit, value == null ? null : value <= bound);
  }

  private static void row(StringBuilder out, String goal, String measured, Boolean met) {
    out.append("| ").append(goal).append(" | ").append(measured == null ? "—" : measured)
        .append(" | ").append(met == null ? "not measured" : met ? "yes" : "no").append(" |\n");
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
