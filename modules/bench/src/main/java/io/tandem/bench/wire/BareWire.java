package io.tandem.bench.wire;

import io.vertx.core.http.WebSocketConnectOptions;
import java.util.function.Consumer;

/**
 * The bare relay's non-protocol: the path names the role and the room, a joining agent makes the
 * relay send "start" to the room's tracker, and the tracker's text is forwarded as it is.
 */
public final class BareWire implements Wire {
  private final int port;

  public BareWire(int port) {
    this.port = port;
  }

  @Override
  public WebSocketConnectOptions trackerSocket(String sessionId, String tabId) {
    return socket("/tracker/" + sessionId);
  }

  @Override
  public WebSocketConnectOptions agentSocket(String sessionId) {
    return socket("/agent/" + sessionId);
  }

  private WebSocketConnectOptions socket(String path) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path);
  }

  @Override
  public Signal onTrackerText(String text, Consumer<String> reply) {
    return "start".equals(text) ? Signal.START : Signal.NONE;
  }

  @Override
  public Signal onAgentText(String text, String sessionId, Consumer<String> reply) {
    return Signal.NONE;
  }

  @Override
  public String events(long seq, boolean snapshot, String events) {
    return events;
  }

  @Override
  public boolean readyOnOpen() {
    return true;
  }
}
