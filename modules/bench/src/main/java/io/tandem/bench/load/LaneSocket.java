package io.tandem.bench.load;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * The socket of one simulated tracker or agent: opened from its lane, with failures and closes the
 * generator did not ask for counted as errors under the peer's role.
 */
final class LaneSocket {
  private final String role;
  private final Lanes lanes;
  private final Lane lane;
  private final Tally tally;
  private WebSocket ws;
  private volatile boolean closed;
  private volatile boolean gone;

  LaneSocket(String role, Lanes lanes, Lane lane, Tally tally) {
    this.role = role;
    this.lanes = lanes;
    this.lane = lane;
    this.tally = tally;
  }

  /**
   * Connects from the lane; {@code opened} runs once it is open, {@code gone} once it has closed for
   * whatever reason, {@code done} once it is open or has failed.
   */
  void open(WebSocketConnectOptions options, MessageReader.Receiver receiver, Runnable opened, Runnable gone, Runnable done) {
    lane.run(() -> lanes.client().connect(options).onComplete(result -> {
      if (result.failed()) {
        tally.error(role + " connect: " + result.cause().getClass().getSimpleName());
        closed = true;
        this.gone = true;
      } else {
        attach(result.result(), receiver, opened, gone);
      }
      done.run();
    }));
  }

  private void attach(WebSocket socket, MessageReader.Receiver receiver, Runnable opened, Runnable gone) {
    ws = socket;
    MessageReader.attach(ws, receiver);
    ws.exceptionHandler(e -> tally.error(role + " socket: " + e.getClass().getSimpleName()));
    ws.closeHandler(v -> {
      if (!closed) {
        tally.error(role + " closed by server: " + ws.closeStatusCode());
      }
      closed = true;
      this.gone = true;
      gone.run();
    });
    opened.run();
  }

  /** Writes a text frame unless there is none or the socket is closed; true if written. */
  boolean write(String text) {
    if (text == null || closed) {
      return false;
    }
    ws.writeTextMessage(text);
    return true;
  }

  boolean writeQueueFull() {
    return ws.writeQueueFull();
  }

  boolean closed() {
    return closed;
  }

  /** Whether the socket has closed both ways (or never opened): the peer has read everything written before. */
  boolean gone() {
    return gone;
  }

  /** Closes from the lane; {@code closing} runs first, once, if the socket was still open. */
  void close(Runnable closing) {
    lane.run(() -> {
      if (!closed) {
        closed = true;
        closing.run();
        if (ws != null) {
          ws.close();
        }
      }
    });
  }
}
