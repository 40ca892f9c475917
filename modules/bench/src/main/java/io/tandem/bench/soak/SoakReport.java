package io.tandem.bench.soak;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The soak's figures, rewritten after every sample so a run stopped half-way still has them: a JSON
 * report and its markdown section (the one docs/reliability.md carries), with each gauge's slope
 * per hour over the samples after the warm-up.
 */
final class SoakReport {
  static final String BEGIN = "<!-- soak:begin (written by scripts/soak.sh; edits inside are overwritten) -->";
  static final String END = "<!-- soak:end -->";
  private static final double MIB = 1024 * 1024;

  private final SoakPlan plan;
  private final JsonObject setup;
  private final List<NodeSample> samples = new ArrayList<>();
  private final JsonArray failed = new JsonArray();

  SoakReport(SoakPlan plan, JsonObject setup) {
    this.plan = plan;
    this.setup = setup;
  }

  synchronized void add(NodeSample sample) {
    samples.add(sample);
  }

  /** A sample that could not be taken, and why. */
  synchronized void failed(double minute, RuntimeException cause) {
    failed.add(new JsonObject().put("minute", Math.round(minute * 100) / 100.0).put("error", String.valueOf(cause)));
  }

  synchronized JsonArray failedSamples() {
    return failed.copy();
  }

  /** The samples the slopes are fitted to: those at or after the warm-up (never the idle one before the load). */
  synchronized List<NodeSample> steady() {
    double warmupMinutes = plan.warmup().toSeconds() / 60.0;
    return samples.stream().filter(s -> s.minute() > 0 && s.minute() >= warmupMinutes - 1e-9).toList();
  }

  synchronized JsonObject slopes() {
    List<NodeSample> steady = steady();
    return new JsonObject()
        .put("heapAfterGcMiB", slope(steady, s -> s.heapAfterGcBytes() / MIB).toJson())
        .put("threads", slope(steady, NodeSample::threads).toJson())
        .put("openFiles", slope(steady, NodeSample::openFiles).toJson())
        .put("databaseConnections", slope(steady, NodeSample::databaseConnections).toJson());
  }

  static Slope slope(List<NodeSample> samples, ToDoubleFunction<NodeSample> value) {
    return Slope.fit(samples.stream().map(s -> s.minute() / 60).toList(), samples.stream().map(value::applyAsDouble).toList());
  }

  /** The report as it stands; {@code outcome} holds the end's figures (or the run's progress while it runs). */
  synchronized JsonObject toJson(boolean finished, JsonObject outcome) {
    JsonArray rows = new JsonArray();
    samples.forEach(s -> rows.add(s.toJson()));
    return new JsonObject().put("finished", finished).put("plan", plan.toJson()).put("setup", setup)
        .put("slopes", slopes()).put("outcome", outcome).put("samples", rows).put("failedSamples", failed.copy());
  }

  /** Writes the JSON, the markdown section, and (if given) splices the section into a page between the markers. */
  void write(Path json, Path markdown, Path page, boolean finished, JsonObject outcome) {
    JsonObject report = toJson(finished, outcome);
    String section = markdown(report);
    try {
      Files.createDirectories(json.toAbsolutePath().getParent());
      Files.writeString(json, report.encodePrettily());
      Files.writeString(markdown, section);
      if (page != null) {
        Files.writeString(page, splice(Files.readString(page), section));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String splice(String page, String section) {
    int begin = page.indexOf(BEGIN);
    int end = page.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("the page has no " + BEGIN + " ... " + END + " section to write into");
    }
    return page.substring(0, begin + BEGIN.length()) + "\n" + section + page.substring(end);
  }

  static String markdown(JsonObject report) {
    JsonObject plan = report.getJsonObject("plan");
    JsonObject setup = report.getJsonObject("setup");
    JsonObject outcome = report.getJsonObject("outcome");
    JsonArray samples = report.getJsonArray("samples");
    StringBuilder md = new StringBuilder();
    double lastMinute = samples.isEmpty() ? 0 : samples.getJsonObject(samples.size() - 1).getDouble("minute");
    md.append(report.getBoolean("finished")
        ? String.format(Locale.ROOT, "**%s**, %s minutes (finished).%n%n", setup.getString("started"), fmt(plan.getDouble("minutes")))
        : String.format(Locale.ROOT, "**%s**, PARTIAL: %s of %s minutes so far (the run is still going or was stopped).%n%n",
            setup.getString("started"), fmt(lastMinute), fmt(plan.getDouble("minutes"))));
    md.append(String.format(Locale.ROOT, "Built from `%s`; %s; node JVM `%s`; node settings changed: %s.%n%n",
        setup.getString("tree"), setup.getString("machine"), setup.getString("nodeJvm"), setup.getString("nodeSettings")));
    md.append("| gauge | after warm-up (minute %s) | last | min – max after warm-up | slope per hour ± standard error | within 2 s.e. of 0 |%n"
        .formatted(fmt(plan.getDouble("warmupMinutes"))));
    md.append("|---|---:|---:|---:|---:|---|\n");
    JsonObject slopes = report.getJsonObject("slopes");
    double warmup = plan.getDouble("warmupMinutes");
    List<JsonObject> steady = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      JsonObject s = samples.getJsonObject(i);
      if (s.getDouble("minute") > 0 && s.getDouble("minute") >= warmup - 1e-9) {
        steady.add(s);
      }
    }
    row(md, "heap after full GC (MiB)", "heapAfterGcMiB", steady, slopes);
    row(md, "live threads", "threads", steady, slopes);
    row(md, "open file descriptors", "openFiles", steady, slopes);
    row(md, "node's PostgreSQL connections", "databaseConnections", steady, slopes);
    md.append('\n');
    JsonObject streams = outcome.getJsonObject("streams", new JsonObject());
    md.append(String.format(Locale.ROOT, "Load: %s sessions started, %s ended, %s agent swaps, %s tab reloads, %s batches delivered. "
            + "Error-level (SEVERE) lines in the node's log: %s (WARNING: %s). Load average (1 min) while sampled: %s to %s.%n%n",
        outcome.getValue("sessionsStarted"), outcome.getValue("sessionsEnded"), outcome.getValue("agentSwaps"), outcome.getValue("reloads"),
        outcome.getValue("batchesDelivered"), outcome.getValue("errorLogLines"), outcome.getValue("warningLogLines"),
        fmt(min(samples, "loadAverage")), fmt(max(samples, "loadAverage"))));
    JsonArray failedSamples = report.getJsonArray("failedSamples");
    if (!failedSamples.isEmpty()) {
      md.append(String.format(Locale.ROOT, "Samples the node could not give (left out above): %d, the first at minute %s: %s.%n%n", failedSamples.size(),
          fmt(failedSamples.getJsonObject(0).getDouble("minute")), failedSamples.getJsonObject(0).getString("error")));
    }
    if (report.getBoolean("finished")) {
      md.append(String.format(Locale.ROOT, "Streams (every agent that left, whose session ended, or watched to the end): %s agents, %s batches checked; "
              + "gaps %s, duplicated or out of order %s, agents missing their tab's last batches %s, agents never given a snapshot %s. "
              + "Unexpected errors seen by the load: %s. Violations: **%s**.%n%n",
          streams.getValue("agentsChecked"), streams.getValue("batchesChecked"), streams.getValue("gaps"), streams.getValue("duplicatedOrOutOfOrder"),
          streams.getValue("agentsIncomplete"), streams.getValue("agentsWithoutSnapshot"), outcome.getValue("unexpectedErrors"),
          outcome.getValue("violations")));
    } else {
      md.append(String.format(Locale.ROOT, "Violations so far (streams of the agents let go, errors, sessions not ended): **%s**.%n%n",
          outcome.getValue("violations")));
    }
    md.append("| minute | heap after GC (MiB) | threads | open files | DB connections | load avg | node CPU s | sessions ended | batches delivered |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int i = 0; i < samples.size(); i++) {
      JsonObject s = samples.getJsonObject(i);
      JsonObject load = s.getJsonObject("load");
      md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %s | %s | %s |%n", fmt(s.getDouble("minute")), fmt(s.getDouble("heapAfterGcMiB")),
          s.getInteger("threads"), s.getInteger("openFiles"), s.getInteger("databaseConnections"), fmt(s.getDouble("loadAverage")),
          fmt(s.getDouble("nodeCpuSeconds")), load.getValue("sessionsEnded"), load.getValue("batchesDelivered")));
    }
    return md.toString();
  }

  private static void row(StringBuilder md, String label, String key, List<JsonObject> steady, JsonObject slopes) {
    String field = key;
    JsonObject slope = slopes.getJsonObject(key);
    if (steady.isEmpty()) {
      md.append("| ").append(label).append(" | — | — | — | — | — |\n");
      return;
    }
    double first = steady.get(0).getDouble(field);
    double last = steady.get(steady.size() - 1).getDouble(field);
    double lo = steady.stream().mapToDouble(s -> s.getDouble(field)).min().orElseThrow();
    double hi = steady.stream().mapToDouble(s -> s.getDouble(field)).max().orElseThrow();
    Double perHour = slope.getDouble("perHour");
    Double error = slope.getDouble("standardError");
    md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s – %s | %s ± %s | %s |%n", label, fmt(first), fmt(last), fmt(lo), fmt(hi),
        perHour == null ? "—" : fmt(perHour), error == null ? "—" : fmt(error),
        error == null ? "too few samples" : slope.getBoolean("withinTwoStandardErrorsOfZero") ? "yes" : "no"));
  }

  private static double min(JsonArray samples, String key) {
    double lo = Double.NaN;
    for (int i = 0; i < samples.size(); i++) {
      double v = samples.getJsonObject(i).getDouble(key);
      lo = Double.isNaN(lo) ? v : Math.min(lo, v);
    }
    return lo;
  }

  private static double max(JsonArray samples, String key) {
    double hi = Double.NaN;
    for (int i = 0; i < samples.size(); i++) {
      double v = samples.getJsonObject(i).getDouble(key);
      hi = Double.isNaN(hi) ? v : Math.max(hi, v);
    }
    return hi;
  }

  static String fmt(double value) {
    if (Double.isNaN(value)) {
      return "—";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e12 ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
  }
}
