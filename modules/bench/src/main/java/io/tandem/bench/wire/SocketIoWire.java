package io.tandem.bench.wire;

import io.vertx.core.http.WebSocketConnectOptions;
import java.util.function.Consumer;

/**
 * Socket.IO v5 over Engine.IO v4, WebSocket transport only, as the OpenReplay-style relay in
 * {@code baselines/socketio-relay} expects it: identity and session in the handshake query,
 * {@code NEW_AGENT} asks the tracker for a snapshot, page data travels as a "messages" event.
 */
public final class SocketIoWire implements Wire {
  private static final String OPEN = "0";
  private static final String PING = "2";
  private static final String PONG = "3";
  private static final String CONNECT = "40";

  private final int port;

  public SocketIoWire(int port) {
    this.port = port;
  }

  @Override
  public WebSocketConnectOptions trackerSocket(String sessionId, String tabId) {
    return socket("session", sessionId, tabId);
  }

  @Override
  public WebSocketConnectOptions agentSocket(String sessionId) {
    return socket("agent", sessionId, "");
  }

  private WebSocketConnectOptions socket(String identity, String sessionId, String tabId) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/socket/?EIO=4&transport=websocket&identity=" + identity + "&sessionId=" + sessionId + "&tabId=" + tabId);
  }

  @Override
  public Signal onTrackerText(String text, Consumer<String> reply) {
    Signal common = engine(text, reply);
    if (common != null) {
      return common;
    }
    return text.startsWith("42[\"NEW_AGENT\"") ? Signal.START : Signal.NONE;
  }

  @Override
  public Signal onAgentText(String text, String sessionId, Consumer<String> reply) {
    Signal common = engine(text, reply);
    if (common != null) {
      return common;
    }
    return text.startsWith("42[\"NO_SESSIONS\"") ? Signal.ERROR : Signal.NONE;
  }

  /** Engine.IO and namespace packets both sides handle alike; null for an event packet. */
  private static Signal engine(String text, Consumer<String> reply) {
    if (text.equals(PING)) {
      reply.accept(PONG);
      return Signal.NONE;
    }
    if (text.startsWith(OPEN + "{")) {
      reply.accept(CONNECT);
      return Signal.NONE;
    }
    if (text.startsWith(CONNECT)) {
      return Signal.READY;
    }
    if (text.startsWith("44") || text.startsWith("1")) {
      return Signal.ERROR;
    }
    return null;
  }

  @Override
  public String events(long seq, boolean snapshot, String events) {
    return "42[\"messages\"," + events + "]";
  }

  @Override
  public boolean readyOnOpen() {
    return false;
  }
}
