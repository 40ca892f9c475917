package io.tandem.bench.soak;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How long the soak runs, how big it is and how fast it churns. Flags: {@code --minutes=},
 * {@code --rooms=}, {@code --agents-per-room=}, {@code --events-per-second=},
 * {@code --agent-swaps-per-minute=}, {@code --reloads-per-minute=}, {@code --session-ends-per-minute=},
 * {@code --checkpoint-seconds=}, {@code --warmup-minutes=}, {@code --sample-seconds=}, {@code --seed=}.
 *
 * @param minutes              how long the rooms stream and churn
 * @param rooms                sessions streaming at once, one tab each (ended ones are replaced at once)
 * @param agentsPerRoom        agents watching each room
 * @param eventsPerSecond      rrweb events per second per tab, one per batch (5: a person using a page, not a benchmark)
 * @param agentSwapsPerMinute  an agent closes its console and another agent joins the room
 * @param reloadsPerMinute     a tab reloads: its socket closes, the new page says hello with the session's secret, sends a new snapshot
 * @param sessionEndsPerMinute a user closes the tab for good (its agents get {@code ended} after the grace) and a new session starts
 * @param checkpoint           every tab takes a full snapshot this often, as the tracker does ({@code checkoutEveryMs}, 5 minutes)
 * @param warmup               samples before this are left out of the slopes: the time-travel windows are filling
 * @param sampleEvery          how often the node is sampled (heap after a full GC, threads, open files, database connections)
 * @param seed                 which rooms the churn picks
 */
public record SoakPlan(double minutes, int rooms, int agentsPerRoom, double eventsPerSecond, double agentSwapsPerMinute,
                       double reloadsPerMinute, double sessionEndsPerMinute, Duration checkpoint, Duration warmup,
                       Duration sampleEvery, long seed) {
  private static final Set<String> FLAGS = Set.of("minutes", "rooms", "agents-per-room", "events-per-second", "agent-swaps-per-minute",
      "reloads-per-minute", "session-ends-per-minute", "checkpoint-seconds", "warmup-minutes", "sample-seconds", "seed");

  public Duration length() {
    return Duration.ofMillis(Math.round(minutes * 60_000));
  }

  JsonObject toJson() {
    return new JsonObject().put("minutes", minutes).put("rooms", rooms).put("agentsPerRoom", agentsPerRoom)
        .put("eventsPerSecondPerTab", eventsPerSecond).put("agentSwapsPerMinute", agentSwapsPerMinute)
        .put("reloadsPerMinute", reloadsPerMinute).put("sessionEndsPerMinute", sessionEndsPerMinute)
        .put("checkpointSeconds", checkpoint.toSeconds()).put("warmupMinutes", warmup.toSeconds() / 60.0)
        .put("sampleSeconds", sampleEvery.toSeconds()).put("seed", seed);
  }

  public static SoakPlan parse(String[] args) {
    Map<String, String> flags = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("flags look like --name=value, got '" + arg + "'");
      }
      flags.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    if (!FLAGS.containsAll(flags.keySet())) {
      Set<String> unknown = new java.util.TreeSet<>(flags.keySet());
      unknown.removeAll(FLAGS);
      throw new IllegalArgumentException("unknown flags " + unknown + "; known: " + new java.util.TreeSet<>(FLAGS));
    }
    SoakPlan plan = new SoakPlan(
        Double.parseDouble(flags.getOrDefault("minutes", "60")),
        Integer.parseInt(flags.getOrDefault("rooms", "200")),
        Integer.parseInt(flags.getOrDefault("agents-per-room", "2")),
        Double.parseDouble(flags.getOrDefault("events-per-second", "5")),
        Double.parseDouble(flags.getOrDefault("agent-swaps-per-minute", "20")),
        Double.parseDouble(flags.getOrDefault("reloads-per-minute", "10")),
        Double.parseDouble(flags.getOrDefault("session-ends-per-minute", "5")),
        Duration.ofSeconds(Long.parseLong(flags.getOrDefault("checkpoint-seconds", "300"))),
        Duration.ofSeconds(Math.round(Double.parseDouble(flags.getOrDefault("warmup-minutes", "15")) * 60)),
        Duration.ofSeconds(Long.parseLong(flags.getOrDefault("sample-seconds", "60"))),
        Long.parseLong(flags.getOrDefault("seed", "16")));
    if (plan.rooms < 1 || plan.agentsPerRoom < 1 || plan.minutes <= 0 || plan.sampleEvery.isZero()) {
      throw new IllegalArgumentException("--rooms, --agents-per-room, --minutes and --sample-seconds must be positive");
    }
    return plan;
  }
}
