package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chaos run's smoke (issue #16): three nodes, rooms whose tabs stream to all of them and an agent
 * on each node watching every room. Twice a random node is killed (SIGKILL) and started again 5 s
 * later, as Kubernetes restarts a pod; its tabs reconnect to the other nodes and its agent's console
 * connects again elsewhere. After each kill every room is live again for every agent; at the end no
 * agent saw a batch twice, out of order, or a room end, every node lists every room once, and every
 * join left its audit row.
 */
class ChaosSmokeTest {
  private static final int NODES = 3;
  private static final int ROOMS = 24;
  private static final int KILLS = 2;
  private static final Duration RESTART_AFTER = Duration.ofSeconds(5);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static LoopbackCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LoopbackCluster.start("chaos", NODES, Map.of("TANDEM_LIMITS_MAX_ROOMS_PER_AGENT", Integer.toString(ROOMS)));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void nodesKilledAndRestartedLoseNoBatchAndEveryRoomComesBackForEveryAgent() {
    Random random = new Random(16);
    List<TrackerTab> tabs = IntStream.range(0, ROOMS).mapToObj(i -> new TrackerTab("chaos-session-" + i, "chaos-tab-" + i)).toList();
    List<String> rooms = tabs.stream().map(t -> t.session).toList();
    Map<TrackerTab, Integer> tabNode = new HashMap<>();
    for (int i = 0; i < ROOMS; i++) {
      tabNode.put(tabs.get(i), 1 + i % NODES);
      tabs.get(i).connect(cluster.node(1 + i % NODES));
    }
    // each console and the node it is connected to
    Map<AgentStream, Integer> consoles = new HashMap<>();
    List<AgentStream> everyAgent = new ArrayList<>();
    for (int n = 1; n <= NODES; n++) {
      AgentStream agent = new AgentStream(LoopbackCluster.agent(cluster.node(n), cluster.node(n))).join(rooms);
      consoles.put(agent, n);
      everyAgent.add(agent);
    }
    tabs.forEach(tab -> tab.stream(1));
    awaitEveryRoom(consoles.keySet(), tabs);

    List<Long> recoveredMillis = new ArrayList<>();
    for (int kill = 0; kill < KILLS; kill++) {
      int victim = 1 + random.nextInt(NODES);
      List<Integer> survivors = IntStream.rangeClosed(1, NODES).filter(n -> n != victim).boxed().toList();
      long killedAt = System.nanoTime();
      cluster.node(victim).kill();
      for (TrackerTab tab : tabs) {
        if (tabNode.get(tab) == victim) {
          tab.client.awaitClose();
          int to = survivors.get(random.nextInt(survivors.size()));
          tab.connect(cluster.node(to)).stream(0);
          tabNode.put(tab, to);
        } else {
          tab.send(false);
        }
      }
      for (AgentStream lost : consoles.keySet().stream().filter(agent -> consoles.get(agent) == victim).toList()) {
        lost.client.awaitClose();
        consoles.remove(lost);
        int to = survivors.get(random.nextInt(survivors.size()));
        AgentStream again = new AgentStream(LoopbackCluster.agent(cluster.node(to), cluster.node(to))).join(rooms);
        consoles.put(again, to);
        everyAgent.add(again);
      }
      tabs.forEach(tab -> tab.send(false));
      awaitEveryRoom(consoles.keySet(), tabs);
      recoveredMillis.add((System.nanoTime() - killedAt) / 1_000_000);
      NodeProcess.pause(Duration.ofNanos(Math.max(0, killedAt + RESTART_AFTER.toNanos() - System.nanoTime())));
      cluster.restart(victim);
    }
    System.out.println("CHAOS: " + KILLS + " kills of " + NODES + " nodes, " + ROOMS + " rooms live again for every agent after "
        + recoveredMillis + " ms");

    for (AgentStream agent : everyAgent) {
      agent.assertOrdered();
      assertThat(agent.others("ended")).isEmpty();
    }
    for (int n = 1; n <= NODES; n++) {
      // a restarted node hears the others' lists when it joins and then every cluster.sessionsRefreshMs
      NodeProcess node = cluster.node(n);
      List<String> listed = sessionIds(node);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!sameRooms(listed, rooms) && System.nanoTime() < deadline) {
        NodeProcess.pause(Duration.ofMillis(200));
        listed = sessionIds(node);
      }
      assertThat(listed).as("node " + n + "'s list: each room once, no orphan").containsExactlyInAnyOrderElementsOf(rooms);
    }
    long joinsMade = (long) ROOMS * everyAgent.size();
    assertThat(rooms.stream().mapToLong(this::joinRows).sum()).as("audit rows of joins").isGreaterThanOrEqualTo(joinsMade);
  }

  /** Every tab sends one more batch and each agent given has every room up to it. */
  private static void awaitEveryRoom(java.util.Collection<AgentStream> agents, List<TrackerTab> tabs) {
    for (AgentStream agent : agents) {
      for (TrackerTab tab : tabs) {
        agent.awaitSeq(List.of(tab.session), tab.seq, WAIT);
      }
    }
  }

  private static boolean sameRooms(List<String> listed, List<String> rooms) {
    return listed.size() == rooms.size() && new java.util.HashSet<>(listed).equals(new java.util.HashSet<>(rooms));
  }

  private static List<String> sessionIds(NodeProcess node) {
    String token = LoopbackCluster.login(node);
    JsonArray sessions = new JsonArray(node.http("GET", "/api/admin/sessions", token, null).body());
    return sessions.stream().map(s -> ((JsonObject) s).getString("room")).filter(id -> id.startsWith("chaos-")).toList();
  }

  private long joinRows(String room) {
    NodeProcess any = cluster.node(1);
    JsonObject page = new JsonObject(any.http("GET", "/api/admin/audit?kind=session.join&sessionId=" + room + "&limit=100",
        LoopbackCluster.login(any), null).body());
    return page.getJsonArray("items").stream().filter(e -> "success".equals(((JsonObject) e).getString("outcome"))).count();
  }
}
