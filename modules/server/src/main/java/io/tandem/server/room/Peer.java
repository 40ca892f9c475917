package io.tandem.server.room;

import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.FrameType;

/** One socket as a room sees it. Safe to call from any thread. */
public interface Peer {

  void send(FrameType type, String frame);

  /** Reports an error; a fatal one also closes the socket. {@code room} may be null. */
  void fail(ErrorCode code, String message, String room);

  void close(short code, String reason);
}
