package io.tandem.bench.report;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the results into {@code docs/benchmarks.md} between two markers, so the hand-written
 * notes around them survive every run.
 */
public final class ReportPage {
  static final String BEGIN = "<!-- bench:results:begin (written by modules/bench/run.sh; edits inside are overwritten) -->";
  static final String END = "<!-- bench:results:end -->";

  private ReportPage() {}

  public static void write(Path page, JsonObject report) {
    try {
      String existing = Files.exists(page) ? Files.readString(page) : "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n";
      Files.createDirectories(page.toAbsolutePath().getParent());
      Files.writeString(page, splice(existing, results(report)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String splice(String page, String results) {
    int begin = page.indexOf(BEGIN);
    int end = page.indexOf(END);
    if (begin < 0 || end < begin) {
      return page + "\n" + BEGIN + "\n" + results + END + "\n";
    }
    return page.substring(0, begin + BEGIN.length()) + "\n" + results + page.substring(end);
  }

  static String results(JsonObject report) {
    JsonObject machine = report.getJsonObject("machine");
    JsonObject ran = report.getJsonObject("ran");
    StringBuilder out = new StringBuilder();
    out.append("\n### Last run: ").append(report.getString("finishedAt")).append(", ")
        .append(report.getDouble("minutes")).append(" min\n\n");
    out.append("Machine: ").append(machine.getString("cpu")).append(", ").append(machine.getInteger("cores")).append(" cores, ")
        .append(machine.getString("memory")).append(" RAM, ").append(machine.getString("os")).append("; ")
        .append(machine.getString("java")).append("; Node ").append(machine.getString("node"))
        .append("; open-file limit ").append(machine.getLong("maxOpenFiles"))
        .append("; Tandem built from `").append(machine.getString("tree")).append("`").append(". Everything on 127.0.0.1: generator, target and baselines share the cores.")
        .append(" Load average (1, 5, 15 min) at the start ").append(machine.getString("loadAverageAtStart", "?"))
        .append(", at the end ").append(machine.getString("loadAverageAtEnd", "?")).append(".\n\n");
    int repeats = report.getJsonObject("options", new JsonObject()).getInteger("repeats", 1);
    out.append("Each target ran each scenario ").append(repeats).append(repeats == 1 ? " time" : " times")
        .append(", every run in a fresh process, the targets taking turns within each round. A cell is the median of the runs")
        .append(" with the lowest and highest in parentheses; ratios and goals use the medians. A window that did not settle")
        .append(" is not measured (the run has no figure for it). The first run of each target is the one profiled (JFR).\n\n");
    out.append("What ran:\n\n");
    ran.forEach(e -> out.append("- **").append(e.getKey()).append("**: ").append(e.getValue()).append('\n'));
    out.append('\n').append(ResultsTable.markdown(report.getJsonObject("targets"))).append('\n');
    out.append("Goals from the issue (aimed at, not assumed):\n\n").append(ResultsTable.goals(report.getJsonObject("targets"))).append('\n');
    JsonObject profiles = report.getJsonObject("profiles", new JsonObject());
    profiles.forEach(scenario -> {
      out.append("<details><summary>CPU profiles of the JVM targets in the ").append(scenario.getKey()).append(" scenario (JFR)</summary>\n\n");
      ((JsonObject) scenario.getValue()).forEach(e -> out.append(Profile.markdown(e.getKey(), (JsonObject) e.getValue())));
      out.append("</details>\n\n");
    });
    return out.toString();
  }
}
