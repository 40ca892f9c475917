package io.tandem.server.gateway;

import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.ProtocolException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

/**
 * Joins WebSocket frames into messages and enforces the endpoint's size limit as fragments
 * arrive, so an oversize message is refused before it is held in full.
 */
final class MessageAssembler {
  private final int maxBytes;
  private Buffer pending;

  MessageAssembler(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The complete message this frame finishes, or null if more fragments are to come. */
  byte[] accept(WebSocketFrame frame) {
    if (frame.isBinary()) {
      throw new ProtocolException(ErrorCode.BINARY_NOT_SUPPORTED, "binary frames are not part of the protocol; send JSON text frames");
    }
    if (!frame.isText() && !frame.isContinuation()) {
      return null;
    }
    Buffer data = frame.binaryData();
    int size = (pending == null ? 0 : pending.length()) + data.length();
    if (size > maxBytes) {
      pending = null;
      throw new ProtocolException(
          ErrorCode.FRAME_TOO_LARGE, "message of at least " + size + " bytes is over the limit of " + maxBytes + " bytes");
    }
    if (frame.isFinal() && pending == null) {
      return data.getBytes();
    }
    pending = pending == null ? Buffer.buffer(size).appendBuffer(data) : pending.appendBuffer(data);
    if (!frame.isFinal()) {
      return null;
    }
    byte[] message = pending.getBytes();
    pending = null;
    return message;
  }
}
