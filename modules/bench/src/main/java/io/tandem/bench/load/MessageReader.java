package io.tandem.bench.load;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrame;

/**
 * Turns WebSocket frames into messages without joining them: the receiver gets the first frame
 * (where the marker and the envelope are) and the message's total size, timed at its last frame,
 * so a 5 MB snapshot is timed when it has fully arrived but never copied.
 */
final class MessageReader {
  interface Receiver {
    void onMessage(Buffer head, int length, long arrivedNanos);
  }

  private final Receiver receiver;
  private Buffer head;
  private int length;

  private MessageReader(Receiver receiver) {
    this.receiver = receiver;
  }

  static void attach(WebSocket ws, Receiver receiver) {
    ws.frameHandler(new MessageReader(receiver)::onFrame);
  }

  private void onFrame(WebSocketFrame frame) {
    if (frame.isText() || frame.isBinary()) {
      head = frame.binaryData();
      length = head.length();
    } else if (frame.isContinuation() && head != null) {
      length += frame.binaryData().length();
    } else {
      return;
    }
    if (frame.isFinal()) {
      Buffer message = head;
      head = null;
      receiver.onMessage(message, length, System.nanoTime());
    }
  }
}
