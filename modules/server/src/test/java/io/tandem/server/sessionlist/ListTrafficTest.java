package io.tandem.server.sessionlist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 live sessions, 50 agent consoles each with a window of 20: what an agent receives is
 * bounded by its window, changes outside it cost only the total (once per push), and searches find
 * the right sessions among all of them. Most tabs close after their hello and their sessions wait
 * out a long grace, live and listed: a node's file descriptors would not hold 10,000 open tabs and
 * their 10,000 test clients in one process.
 */
@ExtendWith(VertxExtension.class)
class ListTrafficTest {
  private static final int SESSIONS = 10_000;
  private static final int KEPT_OPEN = 500;
  private static final int MORE = 300;
  private static final int AGENTS = 50;
  private static final int WINDOW = 20;
  private static final int OPENING_AT_ONCE = 200;
  private static final long PUSH_MS = 250;
  /** An entry of these test sessions is about 300 bytes; a whole window of 20 stays under this. */
  private static final long WINDOW_BYTES = WINDOW * 1024;

  private static String room(int n) {
    return String.format("traffic-%05d", n);
  }

  private static JsonObject hello(int n) {
    return Wire.trackerHello(room(n), "tab-" + room(n)).put("userId", "user-" + room(n))
        .put("metadata", new JsonObject().put("plan", n % 1000 == 7 ? "gold" : "basic"))
        .put("page", new JsonObject().put("url", "https://shop.example/item/" + n).put("title", "Item " + n).put("visible", true));
  }

  /** Opens a tab of session {@code n}, waits for its welcome, and closes it unless {@code keep}. */
  private static Future<WebSocket> openTab(WebSocketClient client, TestNode node, int n, boolean keep) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port).setURI("/ws/tracker")
        .addHeader("Origin", node.origin());
    return client.connect(options).compose(ws -> {
      Promise<WebSocket> welcomed = Promise.promise();
      ws.textMessageHandler(text -> {
        if (text.startsWith("{\"t\":\"welcome\"")) {
          welcomed.tryComplete(ws);
        } else if (text.startsWith("{\"t\":\"error\"")) {
          welcomed.tryFail(text);
        }
      });
      ws.closeHandler(v -> welcomed.tryFail("tab " + n + " closed before its welcome"));
      ws.writeTextMessage(hello(n).encode());
      return welcomed.future();
    }).onSuccess(ws -> {
      if (!keep) {
        // the room waits out its grace; nothing here needs the close to have completed
        ws.close();
      }
    });
  }

  private static List<WebSocket> openTabs(WebSocketClient client, TestNode node, int from, int to, int keepFrom) {
    List<WebSocket> kept = new ArrayList<>();
    for (int start = from; start < to; start += OPENING_AT_ONCE) {
      int first = start;
      List<Future<WebSocket>> opening = IntStream.range(start, Math.min(to, start + OPENING_AT_ONCE))
          .mapToObj(n -> openTab(client, node, n, n >= keepFrom)).toList();
      TestNode.await(Future.all(opening), Duration.ofSeconds(60));
      IntStream.range(0, opening.size()).filter(k -> first + k >= keepFrom).forEach(k -> kept.add(opening.get(k).result()));
      if ((first + opening.size()) % 1000 == 0) {
        System.out.println("ListTrafficTest: " + (first + opening.size()) + " sessions opened");
      }
    }
    return kept;
  }

  private record Console(WireClient socket, JsonObject request) {}

  private static List<String> rooms(JsonArray entries) {
    return entries.stream().map(e -> ((JsonObject) e).getString("room")).toList();
  }

  @Test
  void listTrafficIsBoundedByEachAgentsWindow(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir, new JsonObject()
        .put("rooms", new JsonObject().put("emptyGraceMs", 600_000).put("listPushMs", PUSH_MS))
        .put("limits", new JsonObject().put("maxTrackerSocketsPerAddress", 5_000).put("trackerSilenceMs", 600_000)));
    Vertx clients = Vertx.vertx();
    try {
      // every tab kept open holds one of the client's connections to the node
      WebSocketClient client = clients.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(KEPT_OPEN + OPENING_AT_ONCE));
      List<WebSocket> open = openTabs(client, node, 0, SESSIONS, SESSIONS - KEPT_OPEN);
      assertThat(open).hasSize(KEPT_OPEN);

      String token = Wire.login(node);
      List<Console> consoles = new ArrayList<>();
      for (int i = 0; i < AGENTS; i++) {
        JsonObject request = WireClient.listFrame(WINDOW).put("id", i);
        if (i < 20) {
          request.put("sort", "newest").put("offset", (i % 5) * WINDOW);
        } else if (i < 40) {
          request.put("sort", "oldest").put("offset", (i % 5) * WINDOW);
        } else if (i < 45) {
          request.put("search", "USER-traffic-04242");
        } else {
          request.put("search", "plan:gold");
        }
        WireClient socket = WireClient.agent(node);
        socket.send(new JsonObject().put("t", "hello").put("v", 1).put("token", token));
        socket.next("welcome");
        socket.send(request);
        consoles.add(new Console(socket, request));
      }

      // Whole windows: each the size of a window, not of the list.
      long largestWhole = 0;
      long entryBytes = 0;
      long entries = 0;
      for (Console console : consoles) {
        JsonObject whole = console.socket().next(f -> "listChanged".equals(f.getString("t")) && f.containsKey("window"), "the whole window");
        int i = console.request().getInteger("id");
        JsonArray window = whole.getJsonArray("window");
        if (i < 40) {
          assertThat(whole.getInteger("total")).isEqualTo(SESSIONS);
          assertThat(window).hasSize(WINDOW);
        }
        entryBytes += window.stream().mapToLong(e -> ((JsonObject) e).encode().length()).sum();
        entries += window.size();
        largestWhole = Math.max(largestWhole, console.socket().bytesReceived("listChanged"));
        List<Long> started = window.stream().map(e -> ((JsonObject) e).getLong("startedAt")).toList();
        if (i < 20) {
          assertThat(started).as("newest first").isSortedAccordingTo(java.util.Comparator.reverseOrder());
        } else if (i < 40) {
          assertThat(started).as("oldest first").isSorted();
        } else if (i < 45) {
          assertThat(rooms(window)).as("the search by user id").containsExactly(room(4242));
        } else if (i >= 45) {
          assertThat(rooms(window)).as("the search by metadata").containsExactlyInAnyOrderElementsOf(
              IntStream.range(0, 10).mapToObj(k -> room(k * 1000 + 7)).toList());
        }
      }
      assertThat(largestWhole).isLessThanOrEqualTo(WINDOW_BYTES);
      long wholeListBytes = SESSIONS * entryBytes / entries;
      long[] before = consoles.stream().mapToLong(c -> c.socket().bytesReceived("listChanged")).toArray();

      // Changes: new sessions (at the top of the newest windows) and a page change in every open tab.
      long churnStarted = System.nanoTime();
      openTabs(client, node, SESSIONS, SESSIONS + MORE, Integer.MAX_VALUE);
      for (int k = 0; k < open.size(); k++) {
        open.get(k).writeTextMessage(new JsonObject().put("t", "page").put("url", "https://shop.example/cart/" + k).put("title", "Cart")
            .put("visible", true).encode());
      }
      // One last session: once every console has its total, every earlier change has reached it.
      openTabs(client, node, SESSIONS + MORE, SESSIONS + MORE + 1, Integer.MAX_VALUE);
      int last = SESSIONS + MORE + 1;
      long largestChurn = 0;
      long largestCountFrames = 0;
      long allListBytes = 0;
      for (Console console : consoles) {
        int i = console.request().getInteger("id");
        List<JsonObject> frames = new ArrayList<>();
        if (i < 40) {
          console.socket().next(f -> {
            frames.add(f);
            return "listChanged".equals(f.getString("t")) && f.getInteger("total") == last;
          }, "the total of " + last);
        } else if (i >= 45) {
          console.socket().next(f -> "listChanged".equals(f.getString("t")) && f.getInteger("total") == 11, "the new gold session");
        }
        long churnBytes = console.socket().bytesReceived("listChanged") - before[i];
        allListBytes += console.socket().bytesReceived("listChanged");
        largestChurn = Math.max(largestChurn, churnBytes);
        long pushes = (System.nanoTime() - churnStarted) / 1_000_000 / PUSH_MS + 2;
        List<JsonObject> lists = frames.stream().filter(f -> "listChanged".equals(f.getString("t"))).toList();
        assertThat((long) lists.size()).as("coalesced: at most one frame a push").isLessThanOrEqualTo(pushes);
        assertThat(lists).as("each frame about the window only").allSatisfy(f -> {
          assertThat(f.getJsonArray("added", new JsonArray()).size()).isLessThanOrEqualTo(WINDOW);
          assertThat(f.getJsonArray("changed", new JsonArray()).size()).isLessThanOrEqualTo(WINDOW);
          assertThat(f.getJsonArray("removed", new JsonArray()).size()).isLessThanOrEqualTo(WINDOW);
          assertThat((long) f.encode().length()).isLessThanOrEqualTo(2 * WINDOW_BYTES);
        });
        if (i >= 20 && i < 40) {
          assertThat(lists).as("outside an oldest-first window: totals only").allMatch(f -> f.fieldNames().equals(Set.of("t", "total")));
          largestCountFrames = Math.max(largestCountFrames, lists.size());
        }
      }
      System.out.printf("ListTrafficTest: %d sessions, %d agents, windows of %d: whole window at most %d bytes per agent (the whole list"
              + " would be about %d bytes); %d new sessions and %d page changes then cost an agent at most %d bytes; oldest-first windows"
              + " got only totals, at most %d frames; all list bytes to all agents: %d%n",
          SESSIONS, AGENTS, WINDOW, largestWhole, wholeListBytes, MORE + 1, KEPT_OPEN, largestChurn, largestCountFrames, allListBytes);
      assertThat(largestChurn).as("bounded by windows, not by the list").isLessThan(wholeListBytes / 10);
    } finally {
      TestNode.await(clients.close());
    }
  }
}
