package io.tandem.bench.chaos;

import io.tandem.bench.load.Marker;
import io.tandem.bench.page.Recording;
import io.vertx.core.Context;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One user's tab, speaking as the real tracker does (tracker/src/tracker.ts, outbox.ts): it keeps
 * every batch until the node acks it, reconnects through the balancer with the tracker's backoff
 * when its socket is closed under it, resends what the new node does not hold after
 * {@code welcome.ackedSeq}, and takes a snapshot only when the stream cannot continue or the node
 * asks and none is on its way. It records while away, as a page does. Each batch starts with the
 * bench's marker (its counter {@code n} and send time), which the agents check. It accepts every
 * consent request and notes the strokes it is sent. Its events are batched as the tracker's
 * (tracker/src/batcher.ts): the first event after a quiet window goes at once, those that follow
 * within {@code batchMs} go together {@code batchMs} after the last batch. As the tracker
 * (tracker/src/connection.ts), it gives a socket up when nothing came back {@code welcome.replyTimeoutMs}
 * after a batch or heartbeat it wrote, unless its own ticks ran late meanwhile.
 */
final class ChaosTab {
  /** The tracker's outbox bound (tracker/src/outbox.ts keeps about this many): beyond it, start over from a snapshot. */
  private static final int MAX_OUTBOX = 3000;
  private static final long HEARTBEAT_MS = 10_000;
  /** tracker/src/connection.ts's {@code STABLE_AFTER_MS}. */
  private static final long STABLE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);

  final String session;
  final String tab;
  final Moments closes = new Moments();
  final Moments welcomes = new Moments();
  final Set<String> strokes = new HashSet<>();
  private final Context context;
  private final WebSocketClient client;
  private final int balancerPort;
  private final Recording recording;
  private final long intervalMs;
  private final long batchMs;
  /** Events recorded and not yet in a batch, joined by commas. */
  private final StringBuilder pending = new StringBuilder();
  private long lastBatchMs = Long.MIN_VALUE / 2;
  private boolean batchDue;
  private final Backoff backoff = Backoff.tracker();
  private final ArrayDeque<Batch> outbox = new ArrayDeque<>();
  private WebSocket ws;
  private final GivenUp givenUp = new GivenUp();
  private boolean welcomed;
  private long welcomedAtNanos;
  private boolean recordingOn;
  private boolean closing;
  private long seq;
  private long nextN = 1;
  private long cursor = ThreadLocalRandom.current().nextInt(1000);
  private long lastWriteMs;
  private long replyTimeoutMs;
  /** When the first batch or heartbeat was written since the node was last heard from; 0: none. */
  private long waitingSinceMs;
  private long lastTickMs;
  private volatile long lastN;
  volatile long connects;
  volatile long accepts;

  private record Batch(long seq, boolean snapshot, String frame) {}

  ChaosTab(String session, Context context, WebSocketClient client, int balancerPort, Recording recording, int eventsPerSecond, long batchMs) {
    this.session = session;
    this.tab = "tab-" + session;
    this.context = context;
    this.client = client;
    this.balancerPort = balancerPort;
    this.recording = recording;
    this.intervalMs = Math.max(1, 1000 / eventsPerSecond);
    this.batchMs = batchMs;
  }

  void connect() {
    context.runOnContext(v -> {
      context.owner().setPeriodic(ThreadLocalRandom.current().nextLong(1, intervalMs + 1), intervalMs, id -> tick());
      open();
    });
  }

  private void open() {
    if (closing) {
      return;
    }
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(balancerPort).setURI("/ws/tracker")
        .addHeader("Origin", "http://127.0.0.1:" + balancerPort);
    // handlers before the handshake: a node may close the socket as it opens, and a handler set after that throws
    ClientWebSocket socket = client.webSocket();
    socket.textMessageHandler(givenUp.unless(socket, this::onText));
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
      connects++;
      welcomed = false;
      write(new JsonObject().put("t", "hello").put("v", 1).put("projectKey", "demo-key").put("sessionId", session)
          .put("sessionSecret", "chaos-secret-of-" + session).put("tabId", tab)
          .put("page", new JsonObject().put("url", "https://shop.example/catalogue").put("title", "Catalogue").put("visible", true)).encode());
    });
  }

  private void retry() {
    context.owner().setTimer(backoff.next(), id -> open());
  }

  private void onClosed() {
    ws = null;
    // as the tracker: a connection that stood a while starts the backoff over, one that fell at once does not
    if (welcomed && System.nanoTime() - welcomedAtNanos >= STABLE_AFTER_NANOS) {
      backoff.reset();
    }
    welcomed = false;
    waitingSinceMs = 0;
    if (!closing) {
      closes.add(System.nanoTime());
      retry();
    }
  }

  private void onText(String text) {
    waitingSinceMs = 0;
    JsonObject frame = new JsonObject(text);
    switch (frame.getString("t", "")) {
      case "welcome" -> {
        replyTimeoutMs = frame.getLong("replyTimeoutMs", 0L);
        onWelcome(frame.getLong("ackedSeq", 0L), frame.getBoolean("streaming", false));
      }
      case "start" -> {
        if (!recordingOn) {
          recordingOn = true;
          snapshot();
        } else if (outbox.isEmpty() || !outbox.peekFirst().snapshot()) {
          snapshot();
        }
      }
      case "stop" -> stopRecording();
      case "ack" -> ack(frame.getLong("seq", 0L));
      case "consent" -> {
        if ("request".equals(frame.getString("action"))) {
          accepts++;
          write(new JsonObject().put("t", "consent").put("agent", frame.getString("agent")).put("kind", frame.getString("kind"))
              .put("action", "accept").encode());
        }
      }
      case "annotate" -> {
        JsonObject stroke = frame.getJsonObject("stroke");
        if (stroke != null) {
          synchronized (strokes) {
            strokes.add(stroke.getString("id"));
          }
        }
      }
      default -> { }
    }
  }

  private void onWelcome(long ackedSeq, boolean streaming) {
    welcomedAtNanos = System.nanoTime();
    welcomes.add(welcomedAtNanos);
    welcomed = true;
    seq = Math.max(seq, ackedSeq);
    if (!streaming) {
      stopRecording();
    } else if (!recordingOn) {
      recordingOn = true;
      snapshot();
    } else {
      ack(ackedSeq);
      Batch first = outbox.peekFirst();
      if (first == null || first.snapshot() || first.seq() == ackedSeq + 1) {
        outbox.forEach(batch -> write(batch.frame()));
        awaitAnswer();
      } else {
        outbox.clear();
        snapshot();
      }
    }
  }

  private void ack(long upTo) {
    while (!outbox.isEmpty() && outbox.peekFirst().seq() <= upTo) {
      outbox.removeFirst();
    }
  }

  private void tick() {
    giveUpIfUnanswered();
    if (recordingOn) {
      if (outbox.size() >= MAX_OUTBOX) {
        outbox.clear();
        snapshot();
      } else {
        record(recording.incremental(cursor++));
      }
    } else if (welcomed && System.currentTimeMillis() - lastWriteMs > HEARTBEAT_MS) {
      write("{\"t\":\"heartbeat\"}");
      awaitAnswer();
    }
  }

  private void awaitAnswer() {
    if (waitingSinceMs == 0) {
      waitingSinceMs = System.currentTimeMillis();
    }
  }

  private void giveUpIfUnanswered() {
    long now = System.currentTimeMillis();
    if (now - lastTickMs > replyTimeoutMs / 4 && waitingSinceMs != 0) {
      waitingSinceMs = now;
    }
    lastTickMs = now;
    if (ws != null && welcomed && replyTimeoutMs > 0 && waitingSinceMs != 0 && now - waitingSinceMs >= replyTimeoutMs) {
      WebSocket silent = ws;
      givenUp.socket(silent);
      onClosed();
      silent.close();
    }
  }

  private void stopRecording() {
    recordingOn = false;
    outbox.clear();
    pending.setLength(0);
  }

  private void record(String events) {
    if (!pending.isEmpty()) {
      pending.append(',');
    }
    pending.append(events);
    long wait = lastBatchMs + batchMs - System.currentTimeMillis();
    if (wait <= 0) {
      batchPending();
    } else if (!batchDue) {
      batchDue = true;
      context.owner().setTimer(wait, id -> {
        batchDue = false;
        batchPending();
      });
    }
  }

  private void batchPending() {
    if (recordingOn && !pending.isEmpty()) {
      String events = pending.toString();
      pending.setLength(0);
      batch(false, events);
    }
  }

  /** A snapshot holds what the pending events did, so they go with the batches it replaces. */
  private void snapshot() {
    outbox.clear();
    pending.setLength(0);
    batch(true, recording.snapshotEvents());
  }

  private void batch(boolean snapshot, String events) {
    long n = nextN++;
    String frame = "{\"t\":\"events\",\"seq\":" + (++seq) + ",\"snapshot\":" + snapshot + ",\"d\":["
        + Marker.encode(n, snapshot, System.nanoTime(), System.currentTimeMillis()) + "," + events + "]}";
    outbox.addLast(new Batch(seq, snapshot, frame));
    lastN = n;
    lastBatchMs = System.currentTimeMillis();
    if (welcomed) {
      write(frame);
      awaitAnswer();
    }
  }

  private void write(String text) {
    if (ws != null) {
      ws.writeTextMessage(text);
      lastWriteMs = System.currentTimeMillis();
    }
  }

  long lastN() {
    return lastN;
  }

  boolean hasStroke(String id) {
    synchronized (strokes) {
      return strokes.contains(id);
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
