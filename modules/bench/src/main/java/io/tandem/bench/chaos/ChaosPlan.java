package io.tandem.bench.chaos;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one chaos run does (issue #16), from {@code --key=value} flags; the defaults are the issue's:
 * 3 nodes, 300 rooms at 30 events/s with 2 agents each, a SIGKILL every 30 s for 5 minutes (10
 * kills) with the node started again 5 s later, one node SIGSTOPped for 10 s, one PostgreSQL
 * restart, 6 real pages and 2 real consoles in Chromium. The tabs batch their events as the tracker
 * does ({@code --batch-ms}, its {@code flushMs} of 100 ms: a busy page sends one batch per window);
 * {@code --batch-ms=0} sends each event as a batch of its own, as the runs before 2026-12-04 did.
 */
record ChaosPlan(int nodes, int rooms, int eventsPerSecond, long batchMs, int agentsPerRoom, int consentRooms, int kills,
    Duration killEvery, Duration restartAfter, Duration stopFor, Duration settle, int pages, int consoles, long seed,
    String serverJar, String out, String doc) {
  /** tracker/src/batcher.ts, {@code DEFAULT_BATCHING.flushMs}. */
  private static final int TRACKER_FLUSH_MS = 100;
  private static final Set<String> FLAGS = Set.of("rooms", "rate", "batch-ms", "consent-rooms", "kills", "kill-every-s", "pages",
      "consoles", "seed", "server-jar", "out", "doc");

  static ChaosPlan parse(String[] args) {
    Map<String, String> flags = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("flags are --key=value; got " + arg);
      }
      String key = arg.substring(2, eq);
      if (!FLAGS.contains(key)) {
        throw new IllegalArgumentException("unknown flag --" + key + " (known: " + String.join(", ", new TreeSet<>(FLAGS)) + ")");
      }
      flags.put(key, arg.substring(eq + 1));
    }
    int rooms = number(flags, "rooms", 300);
    return new ChaosPlan(3, rooms, number(flags, "rate", 30), number(flags, "batch-ms", TRACKER_FLUSH_MS), 2,
        Math.min(rooms, number(flags, "consent-rooms", 30)), number(flags, "kills", 10),
        Duration.ofSeconds(number(flags, "kill-every-s", 30)), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        number(flags, "pages", 6), number(flags, "consoles", 2), number(flags, "seed", 16),
        flags.getOrDefault("server-jar", "modules/server/target/tandem-server.jar"),
        flags.getOrDefault("out", "modules/bench/target/chaos-report.json"), flags.getOrDefault("doc", "docs/reliability.md"));
  }

  private static int number(Map<String, String> flags, String key, int otherwise) {
    String value = flags.get(key);
    return value == null ? otherwise : Integer.parseInt(value);
  }

  JsonObject toJson() {
    return new JsonObject().put("nodes", nodes).put("rooms", rooms).put("eventsPerSecond", eventsPerSecond).put("batchMs", batchMs)
        .put("agentsPerRoom", agentsPerRoom).put("consentRooms", consentRooms).put("kills", kills)
        .put("killEverySeconds", killEvery.toSeconds()).put("restartAfterSeconds", restartAfter.toSeconds())
        .put("stopForSeconds", stopFor.toSeconds()).put("browserPages", pages).put("browserConsoles", consoles).put("seed", seed);
  }
}
