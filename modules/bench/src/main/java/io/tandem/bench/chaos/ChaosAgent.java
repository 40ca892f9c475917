package io.tandem.bench.chaos;

import io.tandem.bench.load.Marker;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One agent's console watching one room, connected straight to a node the run draws at random among
 * the live ones. When its socket is closed under it, it connects again (the console's backoff) to
 * another live node and joins again, as the console does. Each connection's stream is checked on
 * its own ({@link StreamWatch}). If the room ends for it ({@code ended}) it stays out, as an agent
 * would until they noticed: that is an agent that never came back. The batches of a join's
 * {@code history} frames are checked one by one, as the live ones. A join again names the last seq
 * it took ({@code since}), as the console does, and its stream is checked on across the reconnect:
 * what follows must come once and in order, or from a new snapshot. An agent with consent asks the
 * user for {@code annotate} after each join unless it holds it.
 */
final class ChaosAgent {
  private static final int MAX_CONTROL_BYTES = 64 * 1024;
  private static final long ASK_AFTER_JOIN_MS = 1000;
  /** A joining agent's share of a tab's buffer: many batches in one message (docs/protocol.md). */
  private static final String HISTORY = "{\"t\":\"history\"";
  private static final int NOTES = 16;
  private static final Pattern TAB = Pattern.compile("\"tab\":\"([^\"]+)\"");
  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
  /** A batch's header (type, room, tab, seq) lies well within this many bytes of its start. */
  private static final int HEADER_BYTES = 256;

  final String room;
  final boolean asksConsent;
  final long[] firstAfter = new long[Probes.MAX];
  final Moments closes = new Moments();
  /** When a socket of this agent was open (its WebSocket handshake done) and said hello; {@link #welcomed} follows. */
  final Moments connected = new Moments();
  /** When a socket of this agent was welcomed (its token checked); {@link #joined} follows once the room answers. */
  final Moments welcomed = new Moments();
  final Moments joined = new Moments();
  private final Context context;
  private final WebSocketClient client;
  private final Balancer balancer;
  private final String token;
  private final Probes probes;
  private final Backoff backoff = Backoff.console();
  private final List<StreamWatch> connections = new ArrayList<>();
  private final Map<String, Integer> errors = new TreeMap<>();
  /** The last control frames and socket changes, for telling why an agent disagrees or never came back. */
  private final ArrayDeque<String> notes = new ArrayDeque<>();
  private WebSocket ws;
  private final GivenUp givenUp = new GivenUp();
  private long replyTimeoutMs;
  private long lastHeardMs;
  private Buffer message;
  private StreamWatch watch;
  /** The room's tab and the last seq this agent took of it: what a join again names. */
  private String tab;
  private long lastSeq;
  private boolean closing;
  private boolean asked;
  /** The owner took this agent's request ({@code requested}): a {@code granted} after it is a new grant. */
  private boolean requested;
  private volatile boolean ended;
  private volatile boolean granted;
  private volatile String grantedTab;
  private volatile long lastSentNanos;
  /** The notes as they were at this agent's first gap, duplicate or reorder: what came just before it. */
  private volatile List<String> firstViolation = List.of();
  volatile long joins;
  volatile long grants;
  volatile long connects;
  volatile long finalProbeRefused;

  ChaosAgent(String room, boolean asksConsent, Context context, WebSocketClient client, Balancer balancer, String token, Probes probes) {
    this.room = room;
    this.asksConsent = asksConsent;
    this.context = context;
    this.client = client;
    this.balancer = balancer;
    this.token = token;
    this.probes = probes;
  }

  void connect() {
    context.runOnContext(v -> open());
  }

  private void open() {
    if (closing || ended) {
      return;
    }
    ChaosNode node = balancer.randomLive();
    if (node == null) {
      retry();
      return;
    }
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port).setURI("/ws/agent");
    // handlers before the handshake: a node may close the socket as it opens, and a handler set after that throws
    ClientWebSocket socket = client.webSocket();
    socket.frameHandler(givenUp.unless(socket, this::onFrame));
    socket.closeHandler(givenUp.unless(socket, x -> onClosed()));
    socket.exceptionHandler(e -> { });
    socket.connect(options).onComplete(result -> {
      if (result.failed()) {
        retry();
        return;
      }
      if (socket.isClosed()) {
        return;
      }
      ws = socket;
      message = null;
      connects++;
      note("connected to " + node.id);
      if (watch == null || tab == null) {
        watch = new StreamWatch();
        synchronized (connections) {
          connections.add(watch);
        }
      }
      ws.writeTextMessage(new JsonObject().put("t", "hello").put("v", 1).put("token", token).encode());
      connected.add(System.nanoTime());
    });
  }

  private void retry() {
    context.owner().setTimer(backoff.next(), id -> open());
  }

  private void onClosed() {
    note("closed");
    ws = null;
    granted = false;
    if (!closing) {
      closes.add(System.nanoTime());
      retry();
    }
  }

  /** Joins a message's frames: a history frame's batches may run past its first frame. */
  private void onFrame(WebSocketFrame frame) {
    if (frame.isText() || frame.isBinary()) {
      message = frame.binaryData().copy();
    } else if (frame.isContinuation() && message != null) {
      message.appendBuffer(frame.binaryData());
    } else {
      return;
    }
    if (frame.isFinal()) {
      Buffer whole = message;
      message = null;
      onMessage(whole, System.nanoTime());
    }
  }

  private void onMessage(Buffer message, long arrivedNanos) {
    lastHeardMs = System.currentTimeMillis();
    boolean history = startsWith(message, HISTORY);
    List<Marker> markers = history ? Marker.findAll(message) : markerOf(message);
    if (!markers.isEmpty()) {
      held(message, history);
      for (Marker marker : markers) {
        long violations = watch.violations();
        long before = watch.last();
        watch.accept(marker.n(), marker.snapshot());
        if (watch.violations() > violations && firstViolation.isEmpty()) {
          note((history ? "history" : "events") + " batch " + marker.n() + " after " + before + (marker.snapshot() ? " (snapshot)" : ""));
          firstViolation = notes();
        }
        lastSentNanos = Math.max(lastSentNanos, marker.sentNanos());
        probes.arrived(firstAfter, marker.sentNanos(), arrivedNanos);
      }
      return;
    }
    if (message.length() > MAX_CONTROL_BYTES) {
      return;
    }
    JsonObject frame = new JsonObject(message.toString(StandardCharsets.UTF_8));
    switch (frame.getString("t", "")) {
      case "welcome" -> {
        welcomed.add(System.nanoTime());
        backoff.reset();
        ws.writeTextMessage(join().encode());
        replyTimeoutMs = frame.getLong("replyTimeoutMs", 0L);
        lookAtSilence(ws);
      }
      case "joined" -> {
        note("joined (since " + lastSeq + ")");
        joins++;
        joined.add(System.nanoTime());
        asked = false;
        // the node sends the agent's open consents right after joined: ask only if none came
        context.owner().setTimer(ASK_AFTER_JOIN_MS, id -> askConsent());
      }
      case "consent" -> onConsent(frame);
      case "ended" -> {
        note("ended");
        ended = true;
        ws.close();
      }
      case "error" -> {
        String code = frame.getString("code", "?");
        note("error " + code + ": " + frame.getString("message"));
        synchronized (errors) {
          errors.merge(code, 1, Integer::sum);
        }
        if ("CONSENT_REQUIRED".equals(code)) {
          finalProbeRefused++;
        }
      }
      default -> { }
    }
  }

  /**
   * As the console (webapp/src/connection.ts): a heartbeat after a quiet half of replyTimeoutMs,
   * the socket given up after a silent whole, unless this agent's own timer ran late meanwhile.
   */
  private void lookAtSilence(WebSocket socket) {
    long period = replyTimeoutMs / 2;
    if (period <= 0) {
      return;
    }
    long due = System.currentTimeMillis() + period;
    context.owner().setTimer(period, id -> {
      if (socket != ws) {
        return;
      }
      long now = System.currentTimeMillis();
      if (now - due > period) {
        lastHeardMs = now;
      }
      if (now - lastHeardMs >= replyTimeoutMs) {
        note("gave up a silent socket");
        givenUp.socket(socket);
        onClosed();
        socket.close();
        return;
      }
      if (now - lastHeardMs >= period) {
        socket.writeTextMessage("{\"t\":\"heartbeat\"}");
      }
      lookAtSilence(socket);
    });
  }

  private JsonObject join() {
    JsonObject join = new JsonObject().put("t", "join").put("room", room);
    return tab == null ? join : join.put("since", new JsonObject().put(tab, lastSeq));
  }

  /** The tab and the seq of the message's last batch (in a history frame, the batch after its last events header). */
  private void held(Buffer message, boolean history) {
    String head = message.getString(0, Math.min(message.length(), HEADER_BYTES), "UTF-8");
    if (tab == null) {
      Matcher tabId = TAB.matcher(head);
      if (tabId.find()) {
        tab = tabId.group(1);
      }
    }
    String last = head;
    if (history) {
      String text = message.toString(StandardCharsets.UTF_8);
      int at = text.lastIndexOf("{\"t\":\"events\"");
      last = text.substring(Math.max(at, 0), Math.min(text.length(), Math.max(at, 0) + HEADER_BYTES));
    }
    Matcher seq = SEQ.matcher(last);
    if (seq.find()) {
      lastSeq = Math.max(lastSeq, Long.parseLong(seq.group(1)));
    }
  }

  private static List<Marker> markerOf(Buffer message) {
    Marker marker = Marker.find(message);
    return marker == null ? List.of() : List.of(marker);
  }

  private static boolean startsWith(Buffer message, String prefix) {
    return message.length() >= prefix.length() && message.getString(0, prefix.length(), "US-ASCII").equals(prefix);
  }

  private void onConsent(JsonObject frame) {
    if (!"annotate".equals(frame.getString("kind"))) {
      return;
    }
    note(frame.getString("state") + " by " + frame.getString("by") + " (tab " + frame.getString("tab") + ")");
    switch (frame.getString("state", "")) {
      case "requested" -> requested = asked;
      case "granted" -> {
        // a grant of a request the owner took; the node repeats an open one after each join, and one
        // this agent's node said ended (its owner out of reach) may still stand when it is back
        if (requested) {
          grants++;
        }
        requested = false;
        asked = false;
        granted = true;
        grantedTab = frame.getString("tab");
      }
      case "ended", "declined", "expired" -> {
        granted = false;
        asked = false;
        requested = false;
        context.owner().setTimer(1000, id -> askConsent());
      }
      default -> { }
    }
  }

  private void note(String what) {
    synchronized (notes) {
      notes.addLast(LocalTime.now() + " " + what);
      if (notes.size() > NOTES) {
        notes.removeFirst();
      }
    }
  }

  List<String> firstViolation() {
    return firstViolation;
  }

  List<String> notes() {
    synchronized (notes) {
      return List.copyOf(notes);
    }
  }

  private void askConsent() {
    if (asksConsent && !granted && !asked && ws != null) {
      asked = true;
      note("asked");
      ws.writeTextMessage(new JsonObject().put("t", "consent").put("room", room).put("kind", "annotate").put("action", "request").encode());
    }
  }

  /** Draws one stroke if it believes it holds annotate: the node must relay it (or refuse it if the agent believes wrongly). */
  void probeGrant(String strokeId) {
    context.runOnContext(v -> {
      if (ws != null && granted && grantedTab != null) {
        ws.writeTextMessage(new JsonObject().put("t", "annotate").put("room", room).put("tab", grantedTab)
            .put("stroke", new JsonObject().put("id", strokeId).put("points", new JsonArray().add(new JsonArray().add(1).add(1)).add(new JsonArray().add(2).add(2)))
                .put("color", "#e11d48").put("width", 2))
            .put("done", true).encode());
      }
    });
  }

  boolean believesGranted() {
    return granted;
  }

  boolean ended() {
    return ended;
  }

  long lastSentNanos() {
    return lastSentNanos;
  }

  List<StreamWatch> connections() {
    synchronized (connections) {
      return List.copyOf(connections);
    }
  }

  Map<String, Integer> errors() {
    synchronized (errors) {
      return Map.copyOf(errors);
    }
  }

  void close() {
    context.runOnContext(v -> {
      closing = true;
      if (ws != null) {
        ws.close();
      }
    });
  }
}
