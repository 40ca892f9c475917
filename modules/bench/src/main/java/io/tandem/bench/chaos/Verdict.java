package io.tandem.bench.chaos;

import io.tandem.bench.Polling;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Judges a finished chaos run: per disruption, how long until every affected room was live again for
 * all its agents; over the run, each agent connection's stream check, the agents that never came
 * back, the rooms the nodes list wrongly at the end, audit rows of joins and grants made against the
 * rows in PostgreSQL, and grants the agents believe in that the node does not hold (or the reverse).
 */
final class Verdict {
  /** A room whose first batch after a disruption took longer than this counts as affected even if none of its sockets closed. */
  private static final long STALLED_NANOS = Duration.ofSeconds(1).toNanos();
  /** A restarted node hears the others' lists within cluster.sessionsRefreshMs (5 s); ChaosSmokeTest allows 60 s too. */
  private static final Duration LIST_WAIT = Duration.ofSeconds(60);
  private static final int SLOWEST = 5;
  /** Agents whose first gap, duplicate or reorder the report shows with what came before it. */
  private static final int VIOLATIONS_SHOWN = 10;
  private static final Duration STROKE_WAIT = Duration.ofSeconds(5);

  private final ChaosPlan plan;
  private final List<ChaosTab> tabs;
  private final List<ChaosAgent> agents;
  private final Probes probes;
  private final List<Disruption> disruptions;
  private final int finalProbe;
  private final long startNanos;
  private final DriverLag driverLag;
  private final Map<String, List<ChaosAgent>> byRoom = new HashMap<>();
  private final Map<String, ChaosTab> tabOf = new HashMap<>();

  Verdict(ChaosPlan plan, List<ChaosTab> tabs, List<ChaosAgent> agents, Probes probes, List<Disruption> disruptions, int finalProbe, long startNanos,
      DriverLag driverLag) {
    this.plan = plan;
    this.tabs = tabs;
    this.agents = agents;
    this.probes = probes;
    this.disruptions = disruptions;
    this.finalProbe = finalProbe;
    this.startNanos = startNanos;
    this.driverLag = driverLag;
    agents.forEach(a -> byRoom.computeIfAbsent(a.room, r -> new ArrayList<>()).add(a));
    tabs.forEach(t -> tabOf.put(t.session, t));
  }

  JsonObject judge(ChaosCluster cluster, Instant started) {
    JsonObject grants = grants();
    JsonArray perDisruption = new JsonArray();
    disruptions.stream().filter(d -> !d.kind().equals("setup")).forEach(d -> perDisruption.add(recovery(d)));
    JsonObject streams = streams();
    JsonObject neverBack = neverBack();
    JsonObject orphans = orphans(cluster);
    JsonObject audit = audit(cluster, started);
    JsonObject kills = killSummary(perDisruption);
    long violations = streams.getLong("gaps") + streams.getLong("duplicates") + streams.getLong("reorders")
        + neverBack.getLong("count") + orphans.getLong("violations") + audit.getLong("joinRowsLost") + audit.getLong("grantRowsLost")
        + grants.getLong("disagreeing");
    JsonObject summary = new JsonObject()
        .put("kills", kills)
        .put("gaps", streams.getLong("gaps")).put("duplicates", streams.getLong("duplicates")).put("reorders", streams.getLong("reorders"))
        .put("agentsNeverBack", neverBack.getLong("count"))
        .put("orphanViolations", orphans.getLong("violations"))
        .put("joinRowsLost", audit.getLong("joinRowsLost")).put("grantRowsLost", audit.getLong("grantRowsLost"))
        .put("grantsDisagreeing", grants.getLong("disagreeing"))
        .put("violations", violations);
    return new JsonObject().put("summary", summary).put("disruptions", perDisruption).put("streams", streams)
        .put("agentsNeverBack", neverBack).put("orphans", orphans).put("audit", audit).put("grants", grants)
        .put("violations", violations);
  }

  private JsonObject recovery(Disruption d) {
    List<Long> affected = new ArrayList<>();
    List<Long> tabsBack = new ArrayList<>();
    List<Long> agentsBack = new ArrayList<>();
    List<Long> agentsWelcomed = new ArrayList<>();
    List<Long> agentsConnected = new ArrayList<>();
    List<JsonObject> slow = new ArrayList<>();
    int affectedRooms = 0;
    int notRecovered = 0;
    long worstUnaffected = 0;
    for (ChaosTab tab : tabs) {
      List<ChaosAgent> watchers = byRoom.getOrDefault(tab.session, List.of());
      boolean closed = d.closed(tab.closes)
          || watchers.stream().anyMatch(a -> d.closed(a.closes));
      long worst = 0;
      boolean all = true;
      for (ChaosAgent agent : watchers) {
        long arrived = agent.firstAfter[d.probe()];
        if (arrived == 0) {
          all = false;
        } else {
          worst = Math.max(worst, arrived - d.atNanos());
        }
      }
      if (closed || !all || worst > STALLED_NANOS) {
        affectedRooms++;
        long tabBack = tabBack(tab, d);
        long agentBack = agentsBack(watchers, d, a -> a.joined);
        long agentWelcomed = agentsBack(watchers, d, a -> a.welcomed);
        long agentConnected = agentsBack(watchers, d, a -> a.connected);
        noteBack(tabsBack, tabBack);
        noteBack(agentsBack, agentBack);
        noteBack(agentsWelcomed, agentWelcomed);
        noteBack(agentsConnected, agentConnected);
        slow.add(new JsonObject().put("room", tab.session).put("ms", all ? worst / 1_000_000 : -1)
            .put("tabClosed", d.closed(tab.closes))
            .put("tabWelcomedMs", millis(tabBack))
            .put("agentsClosed", watchers.stream().filter(a -> d.closed(a.closes)).count())
            .put("agentsConnectedMs", millis(agentConnected))
            .put("agentsWelcomedMs", millis(agentWelcomed))
            .put("agentsJoinedMs", millis(agentBack))
            .put("agentsEnded", watchers.stream().filter(ChaosAgent::ended).count()));
        if (all) {
          affected.add(worst);
        } else {
          notRecovered++;
        }
      } else {
        worstUnaffected = Math.max(worstUnaffected, worst);
      }
    }
    return new JsonObject().put("kind", d.kind()).put("node", d.node()).put("atSecond", d.atSecond())
        .put("affectedRooms", affectedRooms).put("notRecovered", notRecovered)
        .put("liveAgainMs", percentiles(affected))
        .put("tabsWelcomedAgainMs", percentiles(tabsBack))
        .put("agentsConnectedAgainMs", percentiles(agentsConnected))
        .put("agentsWelcomedAgainMs", percentiles(agentsWelcomed))
        .put("agentsJoinedAgainMs", percentiles(agentsBack))
        .put("unaffectedRoomsWorstMs", worstUnaffected / 1_000_000)
        .put("driverLagWorstMs", driverLag.worstMs(d.atNanos(), d.atNanos() + affected.stream().mapToLong(Long::longValue).max().orElse(d.windowNanos())))
        .put("slowest", new JsonArray(slow.stream().sorted((a, b) -> Long.compare(slowness(b), slowness(a))).limit(SLOWEST).toList()))
        .put("details", d.details().copy());
  }

  /**
   * How long after the disruption a tab whose socket it closed was welcomed by a node again (-1 if
   * its socket did not close): the tracker's side of a room's return.
   */
  private static long tabBack(ChaosTab tab, Disruption d) {
    if (!d.closed(tab.closes)) {
      return -1;
    }
    long welcomed = tab.welcomes.firstFrom(d.atNanos());
    return welcomed == 0 ? -1 : welcomed - d.atNanos();
  }

  /**
   * How long after the disruption the last of the agents whose sockets it closed reached
   * {@code moment} again (welcomed, or joined the room): the agents' side of a room's return; -1 if
   * none closed, or one never did.
   */
  private static long agentsBack(List<ChaosAgent> watchers, Disruption d, Function<ChaosAgent, Moments> moment) {
    long latest = -1;
    for (ChaosAgent agent : watchers) {
      if (d.closed(agent.closes)) {
        long back = moment.apply(agent).firstFrom(d.atNanos());
        if (back == 0) {
          return -1;
        }
        latest = Math.max(latest, back - d.atNanos());
      }
    }
    return latest;
  }

  /** A time back for the disruption's percentiles; -1 (none came back, or none had closed) is not one. */
  private static void noteBack(List<Long> times, long back) {
    if (back >= 0) {
      times.add(back);
    }
  }

  /** Nanoseconds as milliseconds; -1 (none) stays -1. */
  private static long millis(long nanos) {
    return nanos < 0 ? -1 : nanos / 1_000_000;
  }

  /** Not live again sorts first, then the longest. */
  private static long slowness(JsonObject room) {
    long ms = room.getLong("ms");
    return ms < 0 ? Long.MAX_VALUE : ms;
  }

  private static JsonObject killSummary(JsonArray perDisruption) {
    List<Long> worstPerKill = new ArrayList<>();
    List<Long> p99PerKill = new ArrayList<>();
    long notRecovered = 0;
    for (Object o : perDisruption) {
      JsonObject d = (JsonObject) o;
      // a kill of a node that had just started again and held nothing affects no room: it has no time
      if ("kill".equals(d.getString("kind")) && d.getLong("affectedRooms") > 0) {
        JsonObject live = d.getJsonObject("liveAgainMs");
        worstPerKill.add(live.getLong("max", 0L));
        p99PerKill.add(live.getLong("p99", 0L));
        notRecovered += d.getLong("notRecovered");
      }
    }
    return new JsonObject().put("count", worstPerKill.size()).put("p99PerKillMs", new JsonArray(p99PerKill))
        .put("maxPerKillMs", new JsonArray(worstPerKill)).put("roomsNotRecovered", notRecovered);
  }

  /** p50, p99 and max in milliseconds (nearest rank), with the count. */
  static JsonObject percentiles(List<Long> nanos) {
    List<Long> sorted = nanos.stream().sorted().toList();
    JsonObject out = new JsonObject().put("rooms", sorted.size());
    if (sorted.isEmpty()) {
      return out;
    }
    return out.put("p50", rank(sorted, 0.50) / 1_000_000).put("p99", rank(sorted, 0.99) / 1_000_000)
        .put("max", sorted.get(sorted.size() - 1) / 1_000_000);
  }

  private static long rank(List<Long> sorted, double q) {
    int index = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private JsonObject streams() {
    long connections = 0;
    long withViolation = 0;
    long gaps = 0;
    long missing = 0;
    long duplicates = 0;
    long reorders = 0;
    long resyncs = 0;
    long beforeSnapshot = 0;
    long batches = 0;
    Map<String, Integer> errors = new TreeMap<>();
    for (ChaosAgent agent : agents) {
      for (StreamWatch w : agent.connections()) {
        connections++;
        withViolation += w.violations() > 0 ? 1 : 0;
        gaps += w.gaps;
        missing += w.missing;
        duplicates += w.duplicates;
        reorders += w.reorders;
        resyncs += w.resyncs;
        beforeSnapshot += w.beforeSnapshot;
        batches += w.accepted;
      }
      agent.errors().forEach((code, count) -> errors.merge(code, count, Integer::sum));
    }
    return new JsonObject().put("agentConnections", connections).put("connectionsWithViolation", withViolation)
        .put("batchesChecked", batches).put("gaps", gaps).put("missing", missing).put("duplicates", duplicates)
        .put("reorders", reorders).put("resyncs", resyncs).put("batchesBeforeSnapshot", beforeSnapshot)
        .put("agentReconnects", agents.stream().mapToLong(a -> Math.max(0, a.connects - 1)).sum())
        .put("tabReconnects", tabs.stream().mapToLong(t -> Math.max(0, t.connects - 1)).sum())
        .put("errorsToAgents", new JsonObject(new HashMap<>(errors)))
        .put("firstViolations", new JsonArray(agents.stream().filter(a -> !a.firstViolation().isEmpty()).limit(VIOLATIONS_SHOWN)
            .map(a -> new JsonObject().put("room", a.room).put("lastFrames", new JsonArray(a.firstViolation()))).toList()));
  }

  private JsonObject neverBack() {
    JsonArray which = new JsonArray();
    long ended = 0;
    for (ChaosAgent agent : agents) {
      if (agent.firstAfter[finalProbe] == 0) {
        which.add(new JsonObject().put("room", agent.room).put("ended", agent.ended()).put("connects", agent.connects)
            .put("lastBatchSentAtSecond", Math.round((agent.lastSentNanos() - startNanos) / 1e7) / 100.0)
            .put("lastFrames", new JsonArray(agent.notes())));
        ended += agent.ended() ? 1 : 0;
      }
    }
    return new JsonObject().put("count", which.size()).put("roomEndedForThem", ended).put("agents", which);
  }

  /**
   * What every node lists at the end, once the lists have had time to settle: each room once, none
   * missing, none the run does not have, none without a connected tab (the run's tabs are all
   * connected, so such a room outlived its grace or belongs to a dead owner); and, in the ownership
   * map of the cluster each node is in, no live entry whose owner is not a member.
   */
  private JsonObject orphans(ChaosCluster cluster) {
    Set<String> expected = new HashSet<>(tabOf.keySet());
    JsonArray perNode = new JsonArray();
    long violations = 0;
    for (ChaosNode node : cluster.nodes) {
      if (!node.ready()) {
        violations++;
        perNode.add(new JsonObject().put("node", node.id).put("notReadyAtTheEnd", true));
        continue;
      }
      AdminClient admin = AdminClient.login(node.port);
      JsonObject[] last = new JsonObject[1];
      Polling.waitUntil(() -> {
        last[0] = listed(admin, expected);
        return last[0].getLong("violations") == 0;
      }, LIST_WAIT);
      violations += last[0].getLong("violations");
      JsonObject ownership = Ownerships.read(plan, node);
      violations += ownership.getLong("ownerGone", 0L);
      perNode.add(last[0].put("node", node.id).put("clusterSizeInItsLog", node.lastClusterSize()).put("ownership", ownership));
    }
    return new JsonObject().put("violations", violations).put("perNode", perNode);
  }

  private static JsonObject listed(AdminClient admin, Set<String> expected) {
    JsonArray sessions;
    try {
      sessions = admin.sessions();
    } catch (RuntimeException e) {
      return new JsonObject().put("error", e.getMessage()).put("violations", 1L);
    }
    Map<String, Integer> seen = new HashMap<>();
    long withoutTab = 0;
    for (Object o : sessions) {
      JsonObject s = (JsonObject) o;
      String room = s.getString("room");
      if (!room.startsWith("chaos-room-")) {
        continue;
      }
      seen.merge(room, 1, Integer::sum);
      boolean connected = s.getJsonArray("tabs", new JsonArray()).stream().anyMatch(t -> ((JsonObject) t).getBoolean("connected", false));
      withoutTab += connected ? 0 : 1;
    }
    long twice = seen.values().stream().filter(c -> c > 1).count();
    long missing = expected.stream().filter(r -> !seen.containsKey(r)).count();
    long unknown = seen.keySet().stream().filter(r -> !expected.contains(r)).count();
    return new JsonObject().put("listed", seen.size()).put("listedTwice", twice).put("missing", missing)
        .put("unknown", unknown).put("withoutConnectedTab", withoutTab).put("violations", twice + missing + unknown + withoutTab);
  }

  /** Joins and grants the agents were answered, against the rows of each kind the nodes wrote. */
  private JsonObject audit(ChaosCluster cluster, Instant started) {
    AdminClient admin = AdminClient.login(cluster.nodes.get(0).port);
    Map<String, Long> joinsMade = perRoom(a -> a.joins);
    Map<String, Long> grantsMade = perRoom(a -> a.grants);
    Map<String, Long> joinRows = rowsPerRoom(admin.audit("session.join", "success", started));
    Map<String, Long> grantRows = rowsPerRoom(admin.audit("consent.annotate", "granted", started));
    return new JsonObject()
        .put("joinsMade", total(joinsMade)).put("joinRows", total(joinRows)).put("joinRowsLost", lost(joinsMade, joinRows))
        .put("grantsMade", total(grantsMade)).put("grantRows", total(grantRows)).put("grantRowsLost", lost(grantsMade, grantRows))
        .put("consentRequestsAccepted", tabs.stream().mapToLong(t -> t.accepts).sum())
        .put("roomsEndedForAgents", roomsEnded(admin, started));
  }

  /**
   * The {@code room.ended} rows of the run by reason, one per agent the room ended for, over the
   * run's rooms and its browsers' sessions: no tab of the run leaves for good, so each is a room
   * that ended while its tab was coming back.
   */
  private static JsonObject roomsEnded(AdminClient admin, Instant started) {
    JsonObject byReason = new JsonObject();
    for (String reason : List.of("user_left", "owner_lost", "ended_by_admin")) {
      byReason.put(reason, admin.audit("room.ended", reason, started).size());
    }
    return byReason;
  }

  private Map<String, Long> perRoom(ToLongFunction<ChaosAgent> count) {
    Map<String, Long> made = new HashMap<>();
    agents.forEach(a -> made.merge(a.room, count.applyAsLong(a), Long::sum));
    return made;
  }

  private static Map<String, Long> rowsPerRoom(List<JsonObject> rows) {
    Map<String, Long> found = new HashMap<>();
    rows.stream().filter(Verdict::ours).forEach(row -> found.merge(row.getString("sessionId"), 1L, Long::sum));
    return found;
  }

  private static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Per room, the acts made beyond the rows found: a row more in one room does not hide one lost in another. */
  private static long lost(Map<String, Long> made, Map<String, Long> found) {
    return made.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - found.getOrDefault(e.getKey(), 0L))).sum();
  }

  private static boolean ours(JsonObject row) {
    String session = row.getString("sessionId");
    return session != null && session.startsWith("chaos-room-");
  }

  /**
   * Each consent agent that believes it holds {@code annotate} draws a stroke: the node must relay it
   * to the tab (it holds the grant too) and not refuse it. A refusal or a stroke that never arrives
   * is a grant whose state disagrees with the node's record.
   */
  private JsonObject grants() {
    List<ChaosAgent> believers = agents.stream().filter(a -> a.asksConsent && a.believesGranted()).toList();
    Map<ChaosAgent, Long> refusedBefore = new HashMap<>();
    for (ChaosAgent agent : believers) {
      refusedBefore.put(agent, agent.finalProbeRefused);
      agent.probeGrant("final-" + agent.room);
    }
    Polling.waitUntil(() -> believers.stream().allMatch(a -> tabOf.get(a.room).hasStroke("final-" + a.room)), STROKE_WAIT);
    long relayed = believers.stream().filter(a -> tabOf.get(a.room).hasStroke("final-" + a.room)).count();
    long refused = believers.stream().filter(a -> a.finalProbeRefused > refusedBefore.get(a)).count();
    long consentAgents = agents.stream().filter(a -> a.asksConsent).count();
    JsonArray disagreeing = new JsonArray(believers.stream().filter(a -> !tabOf.get(a.room).hasStroke("final-" + a.room))
        .map(a -> new JsonObject().put("room", a.room).put("lastFrames", new JsonArray(a.notes()))).toList());
    return new JsonObject().put("disagreeingAgents", disagreeing).put("consentAgents", consentAgents).put("believeGranted", believers.size())
        .put("strokeRelayed", relayed).put("refusedByNode", refused).put("disagreeing", believers.size() - relayed)
        .put("withoutGrantAtEnd", consentAgents - believers.size());
  }
}
