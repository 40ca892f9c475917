package io.tandem.bench.wire;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.function.Consumer;

/**
 * How one target speaks: where trackers and agents connect, what they send, and what the
 * control messages they receive mean. Page data is the same JSON array of rrweb events for every
 * target; only the envelope around it differs.
 */
public interface Wire {

  WebSocketConnectOptions trackerSocket(String sessionId, String tabId);

  WebSocketConnectOptions agentSocket(String sessionId);

  /** Sent as soon as a tracker's socket opens; null (the default) if the target expects nothing. */
  default String trackerOpened(String sessionId, String tabId) {
    return null;
  }

  /** Sent as soon as an agent's socket opens; null (the default) if the target expects nothing. */
  default String agentOpened(String sessionId) {
    return null;
  }

  /** Interprets a control message to a tracker; {@code reply} sends text back on its socket. */
  Signal onTrackerText(String text, Consumer<String> reply);

  /** Interprets a control message to an agent (page data never comes here). */
  Signal onAgentText(String text, String sessionId, Consumer<String> reply);

  /** Whether agents get a window of the session list after asking for it (so opening a crowd waits for it too). */
  default boolean servesLists() {
    return false;
  }

  /** Whether a message to an agent (its first bytes) carries many batches at once: a joining agent's buffer. */
  default boolean isHistory(Buffer head) {
    return false;
  }

  /** Whether a message to an agent (its first bytes) is part of the session list, counted apart from other control frames. */
  default boolean isList(Buffer head) {
    return false;
  }

  /** One batch of page data: {@code events} is a JSON array. */
  String events(long seq, boolean snapshot, String events);

  /** What an idle tracker sends to stay connected, every {@link #heartbeatMillis()}; null for nothing. */
  default String heartbeat() {
    return null;
  }

  default long heartbeatMillis() {
    return 0;
  }

  /** True if the socket is ready as soon as it opens, without a control message. */
  boolean readyOnOpen();
}
