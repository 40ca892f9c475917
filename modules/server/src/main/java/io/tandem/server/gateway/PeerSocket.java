package io.tandem.server.gateway;

import io.tandem.protocol.Endpoint;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.Frame;
import io.tandem.protocol.FrameCodec;
import io.tandem.protocol.FrameType;
import io.tandem.protocol.Limits;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.ServerFrames;
import io.tandem.server.peer.Peer;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What both endpoints share: assembling messages, decoding the header, the hello-first rule,
 * counting traffic, and answering every broken rule with an error frame and a close code.
 */
abstract class PeerSocket implements Peer {
  private static final Logger LOG = Logger.getLogger(PeerSocket.class.getName());
  private static final int MAX_CLOSE_REASON_BYTES = 120;

  protected final ServerWebSocket ws;
  protected final Limits limits;
  private final Endpoint endpoint;
  private final FrameCodec codec;
  private final TrafficMetrics metrics;
  private final MessageAssembler assembler;
  /**
   * Bytes of live frames sent to this socket and not yet written to it (a client reading too slowly
   * holds them here). A join's history is not counted: it comes once per join, within the room's
   * buffer, and a console on a slow link must be able to take it.
   */
  private final AtomicLong unwritten = new AtomicLong();
  private final long maxUnwrittenBytes;
  private final long openedAtMillis = System.currentTimeMillis();
  private volatile boolean closed;
  private boolean helloReceived;
  private long lastSeenMillis = openedAtMillis;

  /** {@code maxUnwrittenBytes}: past it (live frames), the socket is closed with {@code AGENT_TOO_SLOW} rather than held in memory. */
  PeerSocket(ServerWebSocket ws, Endpoint endpoint, Limits limits, FrameCodec codec, TrafficMetrics metrics, long maxUnwrittenBytes) {
    this.ws = ws;
    this.maxUnwrittenBytes = maxUnwrittenBytes;
    this.endpoint = endpoint;
    this.limits = limits;
    this.codec = codec;
    this.metrics = metrics;
    this.assembler = new MessageAssembler(limits.maxFrameBytes(endpoint));
  }

  void attach() {
    ws.frameHandler(this::onFrame);
    ws.exceptionHandler(e -> LOG.log(Level.FINE, endpoint + " socket failed", e));
    ws.shutdownHandler(v -> close((short) ErrorCode.CloseCodes.GOING_AWAY, "node is shutting down; reconnect to another node"));
    ws.closeHandler(v -> {
      closed = true;
      onClosed();
    });
  }

  protected abstract void onHello(Frame hello);

  protected abstract void onFrame(Frame frame);

  protected abstract void onClosed();

  private void onFrame(WebSocketFrame wsFrame) {
    if (closed) {
      return;
    }
    try {
      byte[] message = assembler.accept(wsFrame);
      if (message != null) {
        lastSeenMillis = System.currentTimeMillis();
        dispatch(codec.decode(message, limits.maxFrameBytes(endpoint)), message.length);
      }
    } catch (ProtocolException e) {
      fail(e.code(), e.getMessage(), null);
    }
  }

  private void dispatch(Frame frame, int bytes) {
    metrics.received(endpoint, frame.type(), bytes);
    if (!endpoint.accepts(frame.type())) {
      throw new ProtocolException(
          ErrorCode.WRONG_ENDPOINT, "'" + frame.type().wireName() + "' is not a frame a client may send on " + endpoint.path());
    }
    if (frame.type() == FrameType.HELLO) {
      if (helloReceived) {
        throw new ProtocolException(ErrorCode.DUPLICATE_HELLO, "'hello' was already sent on this socket");
      }
      helloReceived = true;
      onHello(frame);
    } else if (!helloReceived) {
      throw new ProtocolException(ErrorCode.HELLO_REQUIRED, "the first frame on " + endpoint.path() + " must be 'hello'");
    } else {
      onFrame(frame);
    }
  }

  /** Called by the gateway's sweep; closes a socket that never said hello or went silent. */
  void checkTimeouts(long nowMillis, long silenceLimitMillis) {
    if (!helloReceived && nowMillis - openedAtMillis > limits.helloTimeoutMs()) {
      fail(ErrorCode.HELLO_TIMEOUT, "no 'hello' within " + limits.helloTimeoutMs() + " ms", null);
    } else if (silenceLimitMillis > 0 && nowMillis - lastSeenMillis > silenceLimitMillis) {
      close((short) ErrorCode.CloseCodes.GOING_AWAY, "nothing received for " + silenceLimitMillis + " ms");
    }
  }

  /**
   * Writes the frame's bytes as they are: a room hands every agent the same array, so a batch is
   * encoded once however many sockets it goes to (writeTextMessage would encode a String per socket).
   */
  @Override
  public void send(FrameType type, byte[] frame) {
    if (closed) {
      return;
    }
    long behind = unwritten.get();
    if (type != FrameType.HISTORY && behind > maxUnwrittenBytes) {
      // the console resumes where it was (join.since) on a new socket, instead of this node holding what it cannot take
      fail(ErrorCode.AGENT_TOO_SLOW, behind + " bytes of live frames sent to this socket are not yet written to it (limits.maxAgentBacklogBytes is "
          + maxUnwrittenBytes + "); reconnect, and join with since to get what follows", null);
      return;
    }
    write(type, frame);
  }

  private void write(FrameType type, byte[] frame) {
    metrics.sent(endpoint, type, frame.length);
    // Vert.x has no public text frame over bytes; this constructor wraps them without a copy
    Future<Void> written = ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, frame, true));
    if (type != FrameType.HISTORY) {
      unwritten.addAndGet(frame.length);
      written.onComplete(done -> unwritten.addAndGet(-frame.length));
    }
  }

  @Override
  public void fail(ErrorCode code, String message, String room) {
    if (closed) {
      return;
    }
    metrics.error(code);
    write(FrameType.ERROR, ServerFrames.error(code, message, room));
    if (code.fatal()) {
      close(code.closeCode(), code.name() + ": " + message);
    }
  }

  @Override
  public void close(short code, String reason) {
    if (!closed) {
      closed = true;
      ws.close(code, truncate(reason));
    }
  }

  boolean isClosed() {
    return closed;
  }

  protected String header(String name) {
    return ws.headers().get(name);
  }

  private static String truncate(String reason) {
    byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_CLOSE_REASON_BYTES) {
      return reason;
    }
    return new String(bytes, 0, MAX_CLOSE_REASON_BYTES, StandardCharsets.UTF_8).replace("\uFFFD", "");
  }
}
