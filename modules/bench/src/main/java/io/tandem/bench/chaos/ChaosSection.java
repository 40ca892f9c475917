package io.tandem.bench.chaos;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The figures of a chaos run as markdown, written into docs/reliability.md between its two markers
 * (the prose around them is the page's own), so the page always shows the last full run as measured.
 */
final class ChaosSection {
  static final String BEGIN = "<!-- chaos-run:begin (written by scripts/chaos.sh) -->";
  static final String END = "<!-- chaos-run:end -->";

  private ChaosSection() {}

  static void write(Path doc, JsonObject report) {
    try {
      String page = Files.readString(doc);
      int begin = page.indexOf(BEGIN);
      int end = page.indexOf(END);
      if (begin < 0 || end < begin) {
        throw new IllegalStateException(doc + " has no chaos section markers (" + BEGIN + " … " + END + ")");
      }
      Files.writeString(doc, page.substring(0, begin + BEGIN.length()) + "\n" + markdown(report) + page.substring(end));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String markdown(JsonObject r) {
    JsonObject plan = r.getJsonObject("plan");
    JsonObject machine = r.getJsonObject("machine");
    JsonObject load = machine.getJsonObject("loadAverage1mDuringRun");
    JsonObject s = r.getJsonObject("summary");
    JsonObject streams = r.getJsonObject("streams");
    JsonObject audit = r.getJsonObject("audit");
    JsonObject grants = r.getJsonObject("grants");
    StringBuilder md = new StringBuilder();
    md.append("**").append(r.getString("started"), 0, 10).append("** (built from `").append(machine.getString("tree"))
        .append("`, seed ").append(plan.getLong("seed")).append(", ").append(machine.getInteger("cores")).append(" cores shared with other work; ")
        .append("load average over the run ").append(load.getDouble("min")).append(" to ").append(load.getDouble("max"))
        .append(", mean ").append(load.getDouble("mean")).append("): ")
        .append(plan.getInteger("nodes")).append(" nodes, ").append(plan.getInteger("rooms")).append(" rooms at ")
        .append(plan.getInteger("eventsPerSecond")).append(" events/s (").append(batching(plan.getLong("batchMs", 0L))).append(") with ").append(plan.getInteger("agentsPerRoom"))
        .append(" agents each, ").append(plan.getInteger("kills")).append(" kills every ").append(plan.getLong("killEverySeconds"))
        .append(" s (restarted ").append(plan.getLong("restartAfterSeconds")).append(" s later), a ")
        .append(plan.getLong("stopForSeconds")).append(" s SIGSTOP, a PostgreSQL restart, ")
        .append(plan.getInteger("browserPages")).append(" Chromium pages and ").append(plan.getInteger("browserConsoles"))
        .append(" consoles.\n\n");
    md.append("| # | what | node | at (s) | rooms affected | live again for all agents, p50 / p99 / max (ms) | closed tabs welcomed again | closed agents joined again | not live again | other rooms, worst (ms) | driver's event loops late by, worst (ms) |\n");
    md.append("|---:|---|---|---:|---:|---|---|---|---:|---:|---:|\n");
    int i = 1;
    for (Object o : r.getJsonArray("disruptions")) {
      JsonObject d = (JsonObject) o;
      md.append("| ").append(i++).append(" | ").append(d.getString("kind")).append(" | ").append(d.getString("node")).append(" | ")
          .append(d.getDouble("atSecond")).append(" | ").append(d.getInteger("affectedRooms")).append(" | ").append(figures(d, "liveAgainMs"))
          .append(" | ").append(figures(d, "tabsWelcomedAgainMs")).append(" | ").append(figures(d, "agentsJoinedAgainMs"))
          .append(" | ").append(d.getInteger("notRecovered")).append(" | ").append(d.getLong("unaffectedRoomsWorstMs"))
          .append(" | ").append(d.getLong("driverLagWorstMs")).append(" |\n");
    }
    md.append("\n| over the run | measured | goal |\n|---|---:|---|\n");
    row(md, "agent connections checked (batches)", streams.getLong("agentConnections") + " (" + streams.getLong("batchesChecked") + ")", "—");
    row(md, "gaps / duplicates / reorders", s.getLong("gaps") + " / " + s.getLong("duplicates") + " / " + s.getLong("reorders"), "0 / 0 / 0");
    row(md, "resyncs (a later snapshot, which the promise allows)", String.valueOf(streams.getLong("resyncs")), "—");
    row(md, "agents that never came back (room ended for them)", s.getLong("agentsNeverBack") + " ("
        + r.getJsonObject("agentsNeverBack").getLong("roomEndedForThem") + ")", "0");
    row(md, "kills that affected a room: p99 of each (ms)", s.getJsonObject("kills").getJsonArray("p99PerKillMs").stream().map(String::valueOf)
        .collect(Collectors.joining(", ")), "≤ 5,000 each");
    row(md, "rooms listed wrongly at the end (twice, missing, unknown, without a tab), all nodes", String.valueOf(listedWrongly(r)), "0");
    row(md, "live ownership entries whose owner is gone (in the cluster each node is in)", ownerGone(r), "0");
    row(md, "join rows: made / found / lost", audit.getLong("joinsMade") + " / " + audit.getLong("joinRows") + " / " + audit.getLong("joinRowsLost"), "0 lost");
    row(md, "grant rows: made / found / lost", audit.getLong("grantsMade") + " / " + audit.getLong("grantRows") + " / " + audit.getLong("grantRowsLost"), "0 lost");
    JsonObject ended = audit.getJsonObject("roomsEndedForAgents", new JsonObject());
    row(md, "rooms ended for an agent (audit room.ended): user left / owner lost / by an admin", ended.getInteger("user_left", 0) + " / "
        + ended.getInteger("owner_lost", 0) + " / " + ended.getInteger("ended_by_admin", 0), "—");
    row(md, "grants believed at the end / disagreeing with the node", grants.getLong("believeGranted") + " / " + grants.getLong("disagreeing"), "0 disagreeing");
    row(md, "kills: rooms never live again", String.valueOf(s.getJsonObject("kills").getLong("roomsNotRecovered")), "0");
    JsonArray skipped = r.getJsonArray("skipped", new JsonArray());
    if (!skipped.isEmpty()) {
      md.append("\nNot made, for want of a second ready node to fail over to: ").append(skipped.stream().map(String::valueOf).collect(Collectors.joining(", "))).append(".\n");
    }
    md.append("\n").append(browsers(r.getJsonObject("browsers"))).append("\n");
    md.append("\n").append(restarts(r.getJsonArray("disruptions"))).append(" ").append(cpu(r.getJsonObject("cpu"))).append("\n");
    return md.toString();
  }

  /** A kill with only one other node ready leaves it every room: how long a killed node takes to be ready again says how often. */
  private static String restarts(JsonArray disruptions) {
    List<Long> ready = detail(disruptions, "restartToReadyMs");
    List<Long> unlisted = detail(disruptions, "unlistedAfterMs").stream().filter(ms -> ms >= 0).toList();
    String restarts = ready.isEmpty() ? "No node was started again." : "Killed nodes took " + Math.round(ready.get(0) / 1000.0) + " to "
        + Math.round(ready.get(ready.size() - 1) / 1000.0) + " s from their new launch to ready.";
    return unlisted.isEmpty() ? restarts : restarts + " The balancer stopped sending to a killed node " + unlisted.get(0) + " to "
        + unlisted.get(unlisted.size() - 1) + " ms after the kill.";
  }

  private static List<Long> detail(JsonArray disruptions, String key) {
    return disruptions.stream().map(o -> ((JsonObject) o).getJsonObject("details", new JsonObject()))
        .filter(d -> d.containsKey(key)).map(d -> d.getLong(key)).sorted().toList();
  }

  private static String cpu(JsonObject cpu) {
    if (cpu == null) {
      return "";
    }
    JsonObject seconds = cpu.getJsonObject("cpuSeconds");
    JsonObject percent = cpu.getJsonObject("percentOfMachine");
    return "CPU over the run's " + cpu.getLong("windowSeconds") + " s on " + cpu.getInteger("cores") + " cores: "
        + seconds.fieldNames().stream().sorted().map(kind -> kind + " " + seconds.getDouble(kind) + " s (" + percent.getLong(kind) + "%)")
            .collect(Collectors.joining(", ")) + " of what the cores could give.";
  }

  private static String batching(long batchMs) {
    return batchMs > 0 ? "batched as the tracker does, one batch per " + batchMs + " ms at most" : "each event a batch of its own";
  }

  private static long listedWrongly(JsonObject r) {
    return r.getJsonObject("orphans").getJsonArray("perNode").stream()
        .mapToLong(o -> ((JsonObject) o).getLong("violations", 1L)).sum();
  }

  private static String ownerGone(JsonObject r) {
    long gone = 0;
    StringBuilder unavailable = new StringBuilder();
    for (Object o : r.getJsonObject("orphans").getJsonArray("perNode")) {
      JsonObject ownership = ((JsonObject) o).getJsonObject("ownership");
      if (ownership == null) {
        unavailable.append(" (").append(((JsonObject) o).getString("node")).append(" not ready at the end)");
      } else if (ownership.containsKey("unavailable")) {
        unavailable.append(" (not read on ").append(((JsonObject) o).getString("node")).append(": ").append(ownership.getString("unavailable")).append(")");
      } else {
        gone += ownership.getLong("ownerGone");
      }
    }
    return gone + unavailable.toString();
  }

  private static void row(StringBuilder md, String what, String measured, String goal) {
    md.append("| ").append(what).append(" | ").append(measured).append(" | ").append(goal).append(" |\n");
  }

  private static String browsers(JsonObject b) {
    if (b == null || b.containsKey("skipped") || b.containsKey("failed")) {
      return "Browsers: " + (b == null ? "none" : b.getString("skipped", b.getString("failed"))) + ".";
    }
    return "Browsers: " + b.getInteger("pages") + " pages, " + b.getInteger("watches") + " watches by " + b.getInteger("consoles")
        + " consoles; at the end " + b.getInteger("caughtUp") + " of the watches showed the page's latest counter, "
        + b.getInteger("ended") + " had the room end (\"user left\") and " + b.getInteger("endedAtEnd", 0)
        + " of them were still ended at the end (the console follows a session back when its page returns), the longest a console lagged its page over the run was "
        + b.getLong("longestLagMs") + " ms, and counters went backwards " + b.getInteger("backwards") + " times. They ran at nice 10, and "
        + b.getInteger("sessionsLowered", 0) + " session(s) of theirs had their autogroup's nice set to 10.";
  }

  /** A disruption's p50 / p99 / max of one measure, or a dash when no room had it. */
  private static String figures(JsonObject disruption, String measure) {
    JsonObject ms = disruption.getJsonObject(measure, new JsonObject());
    return ms.containsKey("p50") ? ms.getLong("p50") + " / " + ms.getLong("p99") + " / " + ms.getLong("max") : "—";
  }
}
