package io.tandem.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A protocol-level client for tests: sends raw text, and hands out the frames it receives in
 * order, waiting for each with a deadline rather than sleeping.
 */
public final class WireClient {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** Clients live in a Vert.x of their own, as they would in another process. */
  private static final WebSocketClient CLIENT =
      io.vertx.core.Vertx.vertx().createWebSocketClient(
          new WebSocketClientOptions().setMaxFrameSize(64 * 1024 * 1024).setMaxMessageSize(64 * 1024 * 1024).setMaxConnections(1000));

  private final ClientWebSocket ws;
  private final BlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
  private final Map<String, Long> bytesByType = new ConcurrentHashMap<>();
  private final Map<String, Long> messagesByType = new ConcurrentHashMap<>();
  private final List<JsonObject> seen = new ArrayList<>();
  /** The list window as the `listChanged` frames handed out so far tell, by room. */
  private final Map<String, JsonObject> sessionList = new LinkedHashMap<>();
  private boolean listing;
  public final CompletableFuture<Short> closed = new CompletableFuture<>();

  private WireClient(ClientWebSocket ws) {
    this.ws = ws;
    ws.textMessageHandler(text -> {
      JsonObject frame = new JsonObject(text);
      String type = frame.getString("t", "");
      bytesByType.merge(type, (long) text.getBytes(StandardCharsets.UTF_8).length, Long::sum);
      messagesByType.merge(type, 1L, Long::sum);
      if ("history".equals(type)) {
        // a joining agent's buffer: the tests read its batches as the events frames they are
        frame.getJsonArray("batches").forEach(batch -> inbox.add((JsonObject) batch));
      } else {
        inbox.add(frame);
      }
    });
    ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
  }

  public static WireClient connect(TestNode node, String path, String origin) {
    return connect(node.port, path, origin);
  }

  /** To a node on a loopback port, e.g. one running in another process. */
  public static WireClient connect(int port, String path, String origin) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path);
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    return open(options);
  }

  /**
   * The handlers are set before the handshake: a node may write first (an error and a close as the
   * socket opens), and a handler set once the socket is closed throws.
   */
  private static WireClient open(WebSocketConnectOptions options) {
    WireClient client = new WireClient(CLIENT.webSocket());
    TestNode.await(client.ws.connect(options));
    return client;
  }

  public static WireClient tracker(TestNode node) {
    return connect(node, "/ws/tracker", node.origin());
  }

  /** A tracker socket as a proxy in front of the node would pass it on from {@code address} (X-Forwarded-For). */
  public static WireClient trackerFrom(TestNode node, String address) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port).setURI("/ws/tracker")
        .addHeader("Origin", node.origin()).addHeader("X-Forwarded-For", address);
    return open(options);
  }

  public static WireClient agent(TestNode node) {
    return connect(node, "/ws/agent", null);
  }

  public WireClient send(String text) {
    TestNode.await(ws.writeTextMessage(text));
    return this;
  }

  public WireClient sendBinary(byte[] bytes) {
    TestNode.await(ws.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(bytes)));
    return this;
  }

  public WireClient send(JsonObject frame) {
    listing |= "list".equals(frame.getString("t"));
    return send(frame.encode());
  }

  /** Sends unless the server has closed the socket (or closes it meanwhile); answers whether the frame went out. */
  public boolean sendUnlessClosed(JsonObject frame) {
    try {
      ws.writeTextMessage(frame.encode()).toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      if (ws.isClosed()) {
        return false;
      }
      throw new AssertionError("could not send " + frame, e);
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("could not send " + frame, e);
    }
  }

  /** The next frame whatever its type. */
  public JsonObject next() {
    try {
      JsonObject frame = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      // described only on failure: building it from every frame seen, per frame, made a long stream quadratic
      assertThat(frame).as(() -> "a frame within " + WAIT + "; seen so far: " + seen).isNotNull();
      seen.add(frame);
      applyToSessionList(frame);
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Skips frames until one of this type arrives. */
  public JsonObject next(String type) {
    return next(frame -> type.equals(frame.getString("t")), "a '" + type + "' frame");
  }

  public JsonObject next(Predicate<JsonObject> wanted, String description) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject frame = next();
      if (wanted.test(frame)) {
        return frame;
      }
    }
    throw new AssertionError("no " + description + " within " + WAIT + "; seen: " + seen);
  }

  /** The frame an agent asks a list window with: the first {@code limit} sessions, newest first. */
  public static JsonObject listFrame(int limit) {
    return new JsonObject().put("t", "list").put("limit", limit);
  }

  /**
   * Reads frames until the session list they tell satisfies {@code wanted}; answers that list. The
   * first call asks for a window of 100 sessions, unless a window was asked for already.
   */
  public List<JsonObject> nextSessionList(Predicate<List<JsonObject>> wanted, String description) {
    if (!listing) {
      send(listFrame(100));
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!wanted.test(List.copyOf(sessionList.values()))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + description + " within " + WAIT + "; the list: " + sessionList.values());
      }
      next();
    }
    return List.copyOf(sessionList.values());
  }

  private void applyToSessionList(JsonObject frame) {
    if (!"listChanged".equals(frame.getString("t"))) {
      return;
    }
    if (frame.containsKey("window")) {
      sessionList.clear();
      frame.getJsonArray("window").forEach(s -> sessionList.put(((JsonObject) s).getString("room"), ((JsonObject) s).copy()));
      return;
    }
    frame.getJsonArray("removed", new JsonArray()).forEach(sessionList::remove);
    frame.getJsonArray("added", new JsonArray()).forEach(s -> sessionList.put(((JsonObject) s).getString("room"), ((JsonObject) s).copy()));
    frame.getJsonArray("changed", new JsonArray()).forEach(delta -> sessionList.get(((JsonObject) delta).getString("room")).mergeIn((JsonObject) delta));
  }

  /** The bytes of every frame of this type received so far, whether handed out yet or not. */
  public long bytesReceived(String type) {
    return bytesByType.getOrDefault(type, 0L);
  }

  /** Messages of this type received so far (a history frame counts once, however many batches it held). */
  public long messagesReceived(String type) {
    return messagesByType.getOrDefault(type, 0L);
  }

  /** Stops reading from the socket, as a console on a stalled link: what the node sends waits on its side. */
  public void pause() {
    ws.pause();
  }

  public void resume() {
    ws.resume();
  }

  public short awaitClose() {
    try {
      return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket was not closed within " + WAIT, e);
    }
  }

  public List<JsonObject> drained() {
    List<JsonObject> frames = new ArrayList<>();
    inbox.drainTo(frames);
    seen.addAll(frames);
    return frames;
  }

  public void close() {
    ws.close();
  }
}
