package io.tandem.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node-wide limits hold exactly with rooms spread over four shards: rooms per node (also when
 * hellos race on every shard at once), rooms per agent, and the node's time-travel budget.
 */
@ExtendWith(VertxExtension.class)
class ShardedLimitsTest {
  private static final int SHARDS = 4;
  private static final int MAX_ROOMS = 6;
  private static final int MAX_ROOMS_PER_AGENT = 3;
  private static final long NODE_BUFFER_BYTES = 64 * 1024;
  private static final Duration WAIT = Duration.ofSeconds(10);
  private TestNode node;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    JsonObject limits = new JsonObject()
        .put("maxRoomsPerNode", MAX_ROOMS)
        .put("maxRoomsPerAgent", MAX_ROOMS_PER_AGENT)
        .put("nodeBufferBytes", NODE_BUFFER_BYTES)
        .put("roomBufferBytes", 1 << 20);
    node = TestNode.start(vertx, dataDir, new JsonObject().put("limits", limits).put("rooms", new JsonObject().put("shards", SHARDS)));
  }

  /** {@code count} session ids, taken round-robin over the shards, so they span all of them. */
  private static List<String> sessionsOverShards(String name, int count) {
    Map<Integer, List<String>> byShard = new TreeMap<>();
    for (int i = 0; byShard.values().stream().mapToInt(List::size).min().orElse(0) * SHARDS < count || byShard.size() < SHARDS; i++) {
      String id = "session-" + name + "-" + i;
      byShard.computeIfAbsent(Rooms.shardIndex(id, SHARDS), s -> new ArrayList<>()).add(id);
    }
    List<String> spread = new ArrayList<>();
    for (int round = 0; spread.size() < count; round++) {
      for (List<String> ids : byShard.values()) {
        if (spread.size() < count) {
          spread.add(ids.get(round));
        }
      }
    }
    return spread;
  }

  private static long shardsOf(List<String> sessions) {
    return sessions.stream().map(id -> Rooms.shardIndex(id, SHARDS)).distinct().count();
  }

  @Test
  void theRoomsPerNodeAreCountedOnceForAllShardsEvenWhenHellosRace() {
    List<String> sessions = sessionsOverShards("race", 2 * MAX_ROOMS);
    assertThat(shardsOf(sessions)).isEqualTo(SHARDS);
    List<WireClient> tabs = sessions.stream().map(id -> WireClient.tracker(node)).toList();
    IntStream.range(0, tabs.size()).forEach(i -> tabs.get(i).send(Wire.trackerHello(sessions.get(i), "tab-of-" + sessions.get(i))));

    List<String> answers = tabs.stream().map(tab -> tab.next(f -> List.of("welcome", "error").contains(f.getString("t")), "an answer to hello"))
        .map(f -> f.getString("t").equals("welcome") ? "welcome" : f.getString("code")).toList();

    assertThat(answers).filteredOn("welcome"::equals).hasSize(MAX_ROOMS);
    assertThat(answers).filteredOn("NODE_FULL"::equals).hasSize(MAX_ROOMS);
    assertThat(TestNode.sample(node.scrape(), "tandem_rooms")).isEqualTo(MAX_ROOMS);
  }

  @Test
  void aRoomThatEndsOnAnyShardFreesItsPlaceForASessionOnAnother() {
    List<String> sessions = sessionsOverShards("free", MAX_ROOMS + 1);
    List<WireClient> open = IntStream.range(0, MAX_ROOMS).mapToObj(i -> Wire.openTab(node, sessions.get(i), "tab-of-" + sessions.get(i))).toList();
    String last = sessions.get(MAX_ROOMS);
    WireClient refused = WireClient.tracker(node).send(Wire.trackerHello(last, "tab-last"));
    assertThat(refused.next("error").getString("code")).isEqualTo("NODE_FULL");
    String freed = sessions.stream().limit(MAX_ROOMS).filter(id -> Rooms.shardIndex(id, SHARDS) != Rooms.shardIndex(last, SHARDS))
        .findFirst().orElseThrow();

    open.get(sessions.indexOf(freed)).close();

    // The room ends once its tab's grace is over; until then the node is still full.
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonObject answer;
    do {
      assertThat(System.nanoTime()).as("a place freed within " + WAIT).isLessThan(deadline);
      answer = WireClient.tracker(node).send(Wire.trackerHello(last, "tab-last"))
          .next(f -> List.of("welcome", "error").contains(f.getString("t")), "an answer to hello");
    } while (!answer.getString("t").equals("welcome"));
    assertThat(TestNode.sample(node.scrape(), "tandem_rooms")).isEqualTo(MAX_ROOMS);
  }

  @Test
  void anAgentWatchesNoMoreRoomsThanItsLimitWhicheverShardsTheyAreOn() {
    List<String> sessions = sessionsOverShards("agent", MAX_ROOMS_PER_AGENT + 1);
    assertThat(shardsOf(sessions)).isEqualTo(MAX_ROOMS_PER_AGENT + 1);
    sessions.forEach(id -> Wire.openTab(node, id, "tab-" + id));
    WireClient agent = Wire.openAgent(node);
    for (String id : sessions.subList(0, MAX_ROOMS_PER_AGENT)) {
      agent.send(new JsonObject().put("t", "join").put("room", id));
      assertThat(agent.next("joined").getString("room")).isEqualTo(id);
    }

    agent.send(new JsonObject().put("t", "join").put("room", sessions.get(MAX_ROOMS_PER_AGENT)));

    JsonObject error = agent.next("error");
    assertThat(error.getString("code")).isEqualTo("TOO_MANY_ROOMS");
    assertThat(error.getString("room")).isEqualTo(sessions.get(MAX_ROOMS_PER_AGENT));
  }

  @Test
  void historiesOnEveryShardStayWithinTheNodesBudgetTogether() {
    List<String> sessions = sessionsOverShards("budget", MAX_ROOMS_PER_AGENT);
    assertThat(shardsOf(sessions)).isEqualTo(MAX_ROOMS_PER_AGENT);
    List<WireClient> tabs = sessions.stream().map(id -> Wire.openTab(node, id, "tab-" + id)).toList();
    WireClient agent = Wire.openAgent(node);
    sessions.forEach(id -> agent.send(new JsonObject().put("t", "join").put("room", id)));
    tabs.forEach(tab -> tab.next("start"));
    int batches = 6;
    // each tab: a snapshot of ~10 KB and five batches of ~5 KB, so the three want well over the budget
    for (int seq = 1; seq <= batches; seq++) {
      for (WireClient tab : tabs) {
        tab.send(Wire.batch(seq, seq == 1, seq == 1 ? 200 : 100));
      }
    }
    Map<String, Long> last = new TreeMap<>();
    while (last.size() < sessions.size() || last.values().stream().anyMatch(seq -> seq < batches)) {
      JsonObject events = agent.next("events");
      last.put(events.getString("room"), events.getLong("seq"));
    }

    String metrics = node.scrape();
    assertThat(TestNode.sample(metrics, "tandem_timetravel_node_bytes")).isPositive().isLessThanOrEqualTo(NODE_BUFFER_BYTES);
    assertThat(TestNode.sample(metrics, "tandem_timetravel_stopped_total")).isPositive();
  }
}
