package io.tandem.server.peer;

import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.FrameType;
import java.nio.charset.StandardCharsets;

/** One socket as a room sees it. Safe to call from any thread. */
public interface Peer {

  /**
   * Sends a frame as its UTF-8 bytes. A frame going to many sockets (a batch to a room's agents, a
   * list push) is one array shared by all of them, so it is never changed once built.
   */
  void send(FrameType type, byte[] frame);

  /** Sends a frame built as text, for frames that go to one socket. */
  default void send(FrameType type, String frame) {
    send(type, frame.getBytes(StandardCharsets.UTF_8));
  }

  /** Reports an error; a fatal one also closes the socket. {@code room} may be null. */
  void fail(ErrorCode code, String message, String room);

  void close(short code, String reason);
}
