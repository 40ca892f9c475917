package io.tandem.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's knobs, as {@code --name=value} flags. Defaults are the numbers; each can be
 * lowered for a quick run or raised on a bigger machine. Each target runs each scenario
 * {@code repeats} times; the knee's rates ({@code knee-start}, {@code knee-max}) are multiples of
 * {@code rate}.
 */
public record BenchOptions(
    List<String> targets,
    List<String> scenarios,
    int repeats,
    int lanes,
    int connectConcurrency,
    int rooms,
    int agentsPerRoom,
    double rate,
    int settleSeconds,
    int measureSeconds,
    double kneeP99Ms,
    double kneeStart,
    double kneeFactor,
    double kneeMax,
    int kneeRefinements,
    int kneeDownSteps,
    int kneeSettleSeconds,
    int kneeStepSeconds,
    int idleRooms,
    int stormAgents,
    int stormSeconds,
    int largeBytes,
    int largeRounds,
    int seekMinutes,
    int seekJoins,
    int liveSamples,
    String recording,
    String out,
    String markdown,
    String workDir,
    String serverJar,
    String socketIoRelay,
    List<String> jvmOptions,
    boolean profile) {

  public static BenchOptions parse(String[] args) {
    Map<String, String> flags = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("flags look like --name=value, got '" + arg + "'");
      }
      flags.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    Flags f = new Flags(flags);
    BenchOptions options = new BenchOptions(
        f.list("targets", "tandem,socketio,bare"),
        f.list("scenarios", io.tandem.bench.scenario.Scenarios.allIds()),
        f.integer("repeats", 3),
        f.integer("lanes", Runtime.getRuntime().availableProcessors()),
        f.integer("connect-concurrency", 200),
        f.integer("rooms", 1000),
        f.integer("agents-per-room", 2),
        f.decimal("rate", 30),
        f.integer("settle-seconds", 10),
        f.integer("measure-seconds", 10),
        f.decimal("knee-p99-ms", 50),
        f.decimal("knee-start", 0.25),
        f.decimal("knee-factor", 1.25),
        f.decimal("knee-max", 8),
        f.integer("knee-refinements", 2),
        f.integer("knee-down-steps", 4),
        f.integer("knee-settle-seconds", 5),
        f.integer("knee-step-seconds", 3),
        f.integer("idle-rooms", 20_000),
        f.integer("storm-agents", 1000),
        f.integer("storm-seconds", 10),
        f.integer("large-bytes", 5 * 1024 * 1024),
        f.integer("large-rounds", 5),
        f.integer("seek-minutes", 10),
        f.integer("seek-joins", 10),
        f.integer("live-samples", 60),
        f.text("recording", ""),
        f.text("out", "modules/bench/target/bench-report.json"),
        f.text("markdown", "docs/benchmarks.md"),
        f.text("work-dir", "modules/bench/target"),
        f.text("server-jar", "modules/server/target/tandem-server.jar"),
        f.text("socketio-relay", "modules/bench/baselines/socketio-relay"),
        f.list("jvm-options", "-Xms1g -Xmx4g -XX:+UseG1GC".replace(' ', ',')),
        Boolean.parseBoolean(f.text("profile", "true")));
    if (!f.unknown().isEmpty()) {
      throw new IllegalArgumentException("unknown flags: " + f.unknown());
    }
    return options;
  }

  /** Every option as it was in force, for the report. */
  public io.vertx.core.json.JsonObject toJson() {
    io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject();
    for (java.lang.reflect.RecordComponent component : getClass().getRecordComponents()) {
      try {
        Object value = component.getAccessor().invoke(this);
        json.put(component.getName(), value instanceof List<?> list ? new io.vertx.core.json.JsonArray(new ArrayList<>(list)) : value);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return json;
  }

  private static final class Flags {
    private final Map<String, String> values;
    private final List<String> used = new ArrayList<>();

    Flags(Map<String, String> values) {
      this.values = values;
    }

    String text(String name, String fallback) {
      used.add(name);
      return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
      return Integer.parseInt(text(name, String.valueOf(fallback)));
    }

    double decimal(String name, double fallback) {
      return Double.parseDouble(text(name, String.valueOf(fallback)));
    }

    List<String> list(String name, String fallback) {
      return Arrays.stream(text(name, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    List<String> unknown() {
      return values.keySet().stream().filter(k -> !used.contains(k)).sorted().toList();
    }
  }
}
