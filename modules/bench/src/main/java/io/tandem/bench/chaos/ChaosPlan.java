package io.tandem.bench.chaos;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * What one chaos run does (issue #16), from {@code --key=value} flags; the defaults are the issue's:
 * 3 nodes, 300 rooms at 30 events/s with 2 agents each, a SIGKILL every 30 s for 5 minutes (10
 * kills) with the node started again 5 s later, one node SIGSTOPped for 10 s, one PostgreSQL
 * restart, 6 real pages and 2 real consoles in Chromium.
 */
record ChaosPlan(int nodes, int rooms, int eventsPerSecond, int agentsPerRoom, int consentRooms, int kills,
    Duration killEvery, Duration restartAfter, Duration stopFor, Duration settle, int pages, int consoles, long seed,
    String serverJar, String out, String doc) {

  static ChaosPlan parse(String[] args) {
    ChaosPlan plan = new ChaosPlan(3, 300, 30, 2, 30, 10, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), 6, 2, 16, "modules/server/target/tandem-server.jar", "modules/bench/target/chaos-report.json",
        "docs/reliability.md");
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("flags are --key=value; got " + arg);
      }
      plan = plan.with(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return plan;
  }

  private ChaosPlan with(String key, String value) {
    return switch (key) {
      case "rooms" -> new ChaosPlan(nodes, Integer.parseInt(value), eventsPerSecond, agentsPerRoom, Math.min(consentRooms, Integer.parseInt(value)), kills, killEvery, restartAfter, stopFor, settle, pages, consoles, seed, serverJar, out, doc);
      case "rate" -> new ChaosPlan(nodes, rooms, Integer.parseInt(value), agentsPerRoom, consentRooms, kills, killEvery, restartAfter, stopFor, settle, pages, consoles, seed, serverJar, out, doc);
      case "consent-rooms" -> new ChaosPlan(nodes, rooms, eventsPerSecond, agentsPerRoom, Integer.parseInt(value), kills, killEvery, restartAfter, stopFor, settle, pages, consoles, seed, serverJar, out, doc);
      case "kills" -> new ChaosPlan(nodes, rooms, eventsPerSecond, agentsPerRoom, consentRooms, Integer.parseInt(value), killEvery, restartAfter, stopFor, settle, pages, consoles, seed, serverJar, out, doc);
      case "kill-every-s" -> new ChaosPlan(nodes, rooms, eventsPerSecond, agentsPerRoom, consentRooms, kills, Duration.ofSeconds(Long.parseLong(value)), restartAfter, stopFor, settle, pages, consoles, seed, serverJar, out, doc);
      case "pages" -> new ChaosPlan(nodes, rooms, eventsPerSecond, agentsPerRoom, consentRooms, kills, killEvery, restartAfter, stopFor, settle, Integer.parseInt(value), consoles, seed, serverJar, out, doc);
      case "consoles" -> new ChaosPlan(nodes, rooms, eventsPerSecond, agentsPerRoom, consentRooms, kills, killEvery, restartAfter, stopFor, settle, pages, Integer.parseInt(value), seed, serverJar, out, doc);
      case "seed" -> new ChaosPlan(nodes, rooms, eventsPerSecond, agentsPerRoom, consentRooms, kills, killEvery, restartAfter, stopFor, settle, pages, consoles, Long.parseLong(value), serverJar, out, doc);
      case "server-jar" -> new ChaosPlan(nodes, rooms, eventsPerSecond, agentsPerRoom, consentRooms, kills, killEvery, restartAfter, stopFor, settle, pages, consoles, seed, value, out, doc);
      case "out" -> new ChaosPlan(nodes, rooms, eventsPerSecond, agentsPerRoom, consentRooms, kills, killEvery, restartAfter, stopFor, settle, pages, consoles, seed, serverJar, value, doc);
      case "doc" -> new ChaosPlan(nodes, rooms, eventsPerSecond, agentsPerRoom, consentRooms, kills, killEvery, restartAfter, stopFor, settle, pages, consoles, seed, serverJar, out, value);
      default -> throw new IllegalArgumentException("unknown flag --" + key
          + " (known: rooms, rate, consent-rooms, kills, kill-every-s, pages, consoles, seed, server-jar, out, doc)");
    };
  }

  JsonObject toJson() {
    return new JsonObject().put("nodes", nodes).put("rooms", rooms).put("eventsPerSecond", eventsPerSecond)
        .put("agentsPerRoom", agentsPerRoom).put("consentRooms", consentRooms).put("kills", kills)
        .put("killEverySeconds", killEvery.toSeconds()).put("restartAfterSeconds", restartAfter.toSeconds())
        .put("stopForSeconds", stopFor.toSeconds()).put("browserPages", pages).put("browserConsoles", consoles).put("seed", seed);
  }
}
