package io.tandem.bench.wire;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/** Tandem's protocol v1 (docs/protocol.md): hello first, agents join a room, trackers stream on start. */
public final class TandemWire implements Wire {
  public static final String PROJECT_KEY = "demo-key";
  // Well under the node's default heartbeatMs (15 s) times three missed beats.
  private static final long HEARTBEAT_MS = 10_000;
  /** What the console asks for as it opens (webapp/src/session-list.ts, PAGE_SIZE): the 10 newest sessions. */
  private static final String LIST = new JsonObject().put("t", "list").put("sort", "newest").put("offset", 0).put("limit", 10).encode();
  private static final String LIST_PREFIX = "{\"t\":\"listChanged\"";
  private static final String HISTORY_PREFIX = "{\"t\":\"history\"";

  private final int port;
  private final String token;

  public TandemWire(int port, String token) {
    this.port = port;
    this.token = token;
  }

  @Override
  public WebSocketConnectOptions trackerSocket(String sessionId, String tabId) {
    // The demo project allows the node's own origin ("self").
    return socket("/ws/tracker").addHeader("Origin", "http://127.0.0.1:" + port);
  }

  @Override
  public WebSocketConnectOptions agentSocket(String sessionId) {
    return socket("/ws/agent");
  }

  private WebSocketConnectOptions socket(String path) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path);
  }

  @Override
  public String trackerOpened(String sessionId, String tabId) {
    return new JsonObject().put("t", "hello").put("v", 1).put("projectKey", PROJECT_KEY).put("sessionId", sessionId)
        .put("sessionSecret", "bench-secret-of-" + sessionId).put("tabId", tabId)
        .put("page", new JsonObject().put("url", "https://shop.example/catalogue?page=2").put("title", "Catalogue").put("visible", true))
        .encode();
  }

  @Override
  public String agentOpened(String sessionId) {
    return new JsonObject().put("t", "hello").put("v", 1).put("token", token).encode();
  }

  @Override
  public Signal onTrackerText(String text, Consumer<String> reply) {
    if (text.startsWith("{\"t\":\"ack\"")) {
      return Signal.NONE;
    }
    JsonObject frame = new JsonObject(text);
    return switch (frame.getString("t", "")) {
      case "welcome" -> frame.getBoolean("streaming", false) ? Signal.START : Signal.READY;
      case "start" -> Signal.START;
      case "stop" -> Signal.STOP;
      case "error" -> Signal.ERROR;
      default -> Signal.NONE;
    };
  }

  @Override
  public Signal onAgentText(String text, String sessionId, Consumer<String> reply) {
    // The list window and room news are counted, not read.
    if (text.startsWith(LIST_PREFIX) || text.startsWith("{\"t\":\"room\"")) {
      return Signal.NONE;
    }
    JsonObject frame = new JsonObject(text);
    return switch (frame.getString("t", "")) {
      case "welcome" -> {
        // A console opens on its list's first page, as an agent's does, then joins its room.
        reply.accept(LIST);
        reply.accept(new JsonObject().put("t", "join").put("room", sessionId).encode());
        yield Signal.NONE;
      }
      case "joined" -> Signal.READY;
      case "error", "ended" -> Signal.ERROR;
      default -> Signal.NONE;
    };
  }

  @Override
  public boolean servesLists() {
    return true;
  }

  @Override
  public boolean isList(Buffer head) {
    return startsWith(head, LIST_PREFIX);
  }

  /** A joining agent's buffer: many batches, each with its marker. */
  @Override
  public boolean isHistory(Buffer head) {
    return startsWith(head, HISTORY_PREFIX);
  }

  private static boolean startsWith(Buffer head, String prefix) {
    return head.length() >= prefix.length() && head.getString(0, prefix.length(), "US-ASCII").equals(prefix);
  }

  @Override
  public String events(long seq, boolean snapshot, String events) {
    return "{\"t\":\"events\",\"seq\":" + seq + ",\"snapshot\":" + snapshot + ",\"d\":" + events + "}";
  }

  @Override
  public String heartbeat() {
    return "{\"t\":\"heartbeat\"}";
  }

  @Override
  public long heartbeatMillis() {
    return HEARTBEAT_MS;
  }

  @Override
  public boolean readyOnOpen() {
    return false;
  }
}
