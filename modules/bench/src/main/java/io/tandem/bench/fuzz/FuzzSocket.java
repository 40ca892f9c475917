package io.tandem.bench.fuzz;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.util.Random;

/**
 * One fuzzing socket: opens, says hello (sometimes a broken one, or none), then sends valid and
 * mutated frames until its share is sent or the node closes it. Every {@code error} frame and the
 * node's close are tallied. A socket that stalls mid-frame holds still for a while, then goes.
 */
final class FuzzSocket {
  private static final long STALL_MILLIS = 2_000;
  /** Frames go out one per tick of this, so a socket does not flood past the node's rate limits all at once. */
  private static final long PACE_MILLIS = 1;
  private static final Mutation[] MUTATIONS = Mutation.values();

  private final Vertx vertx;
  private final FrameGrammar grammar;
  private final Random random;
  private final FuzzTally tally;
  private final FuzzPlan plan;
  private final Runnable gone;
  private ClientWebSocket ws;
  private int sent;
  private boolean closing;

  FuzzSocket(Vertx vertx, FrameGrammar grammar, Random random, FuzzTally tally, FuzzPlan plan, Runnable gone) {
    this.vertx = vertx;
    this.grammar = grammar;
    this.random = random;
    this.tally = tally;
    this.plan = plan;
    this.gone = gone;
  }

  void open(WebSocketClient client, WebSocketConnectOptions options) {
    // handlers before the handshake: a node may close the socket as it opens, and a handler set after that throws
    ClientWebSocket socket = client.webSocket();
    ws = socket;
    socket.textMessageHandler(this::received);
    socket.closeHandler(v -> {
      if (!closing) {
        tally.closedByNode(socket.closeStatusCode(), socket.closeReason());
      }
      closing = true;
      gone.run();
    });
    socket.exceptionHandler(e -> { });
    socket.connect(options).onComplete(result -> {
      if (result.failed()) {
        tally.connectFailed();
        gone.run();
        return;
      }
      tally.socketOpened();
      int opening = random.nextInt(100);
      if (opening < 3) {
        send(next());
      } else {
        send(opening < 3 + plan.mutatedPercent() ? mutated(grammar.hello()) : Shot.text("VALID", grammar.hello().encode()));
      }
    });
  }

  private void received(String text) {
    if (!text.startsWith("{\"t\":\"error\"")) {
      return;
    }
    try {
      tally.refused(new JsonObject(text).getString("code"));
    } catch (RuntimeException e) {
      tally.refused(null);
    }
  }

  private void send(Shot shot) {
    // the node may have closed the socket a moment ago, before its close reached this handler
    if (closing || ws.isClosed()) {
      return;
    }
    tally.sent(shot.mutation());
    sent++;
    switch (shot.kind()) {
      case TEXT -> ws.writeTextMessage(shot.text());
      case BINARY -> ws.writeBinaryMessage(shot.bytes());
      case STALLED_FRAGMENT -> {
        ws.writeFrame(WebSocketFrame.textFrame(shot.text(), false));
        vertx.setTimer(STALL_MILLIS, id -> close());
        return;
      }
    }
    if (ws.isClosed()) {
      return;
    }
    if (sent >= plan.perSocket()) {
      close();
    } else if (ws.writeQueueFull()) {
      ws.drainHandler(v -> scheduleNext());
    } else {
      scheduleNext();
    }
  }

  private void scheduleNext() {
    vertx.setTimer(PACE_MILLIS, id -> send(next()));
  }

  private Shot next() {
    JsonObject valid = random.nextInt(200) == 0 ? grammar.otherEndpoints() : random.nextInt(200) == 0 ? grammar.hello() : grammar.next();
    return random.nextInt(100) < plan.mutatedPercent() ? mutated(valid) : Shot.text("VALID", valid.encode());
  }

  private Shot mutated(JsonObject valid) {
    Mutation mutation = MUTATIONS[random.nextInt(MUTATIONS.length)];
    // an oversize frame is costly to build and send: one in a few thousand mutations
    while (mutation == Mutation.OVERSIZE && random.nextInt(300) != 0) {
      mutation = MUTATIONS[random.nextInt(MUTATIONS.length)];
    }
    return mutation.apply(valid, random);
  }

  private void close() {
    if (!closing) {
      closing = true;
      ws.close();
    }
  }
}
