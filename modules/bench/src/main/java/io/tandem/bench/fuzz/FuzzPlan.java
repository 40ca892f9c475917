package io.tandem.bench.fuzz;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;

/**
 * How much the fuzzer sends and how: flags {@code --frames=}, {@code --seconds=}, {@code --sockets=},
 * {@code --frames-per-socket=}, {@code --mutated-percent=}, {@code --seed=}, {@code --settle-seconds=}, {@code --rounds=}.
 *
 * @param frames       frames to send per round (the issue asks for 1,000,000; the test suite's smoke sends 10,000 in each of 2)
 * @param maxTime      a round stops here even if fewer frames went out
 * @param sockets      sockets open at once
 * @param perSocket    frames a socket sends before it closes and another opens (a fatal refusal ends it sooner)
 * @param mutatedPercent share of frames that are mutated; the rest are valid, so sockets live long enough to reach every state
 * @param settleMillis how long after each round the node's heap is measured again ({@code --settle-seconds=}, 10 by default)
 * @param rounds       rounds on the same node, each the same frames from the same seed with a control room of its own
 *                     (2 by default): the heap after the second against the first tells a leak from warm-up
 */
public record FuzzPlan(long frames, Duration maxTime, int sockets, int perSocket, int mutatedPercent, long seed, long settleMillis, int rounds) {
  /** Larger than either endpoint's frame limit (8 MiB for trackers, 64 KiB for agents). */
  static final int OVERSIZE_BYTES = 9 * 1024 * 1024;

  JsonObject toJson() {
    return new JsonObject().put("frames", frames).put("maxSeconds", maxTime.toSeconds()).put("sockets", sockets).put("perSocket", perSocket)
        .put("mutatedPercent", mutatedPercent).put("seed", seed)
        .put("settleSeconds", settleMillis / 1000).put("rounds", rounds);
  }

  public static FuzzPlan parse(String[] args) {
    Map<String, String> flags = new java.util.HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("flags look like --name=value, got '" + arg + "'");
      }
      flags.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    FuzzPlan plan = new FuzzPlan(
        Long.parseLong(flags.getOrDefault("frames", "1000000")),
        Duration.ofSeconds(Long.parseLong(flags.getOrDefault("seconds", "900"))),
        Integer.parseInt(flags.getOrDefault("sockets", "64")),
        Integer.parseInt(flags.getOrDefault("frames-per-socket", "400")),
        Integer.parseInt(flags.getOrDefault("mutated-percent", "10")),
        Long.parseLong(flags.getOrDefault("seed", String.valueOf(System.nanoTime()))),
        Long.parseLong(flags.getOrDefault("settle-seconds", "10")) * 1000,
        Integer.parseInt(flags.getOrDefault("rounds", "2")));
    flags.keySet().removeAll(java.util.Set.of("frames", "seconds", "sockets", "frames-per-socket", "mutated-percent", "seed", "settle-seconds", "rounds"));
    if (plan.rounds() < 1) {
      throw new IllegalArgumentException("--rounds must be 1 or more, got " + plan.rounds());
    }
    if (!flags.isEmpty()) {
      throw new IllegalArgumentException("unknown flags " + flags.keySet());
    }
    return plan;
  }
}
