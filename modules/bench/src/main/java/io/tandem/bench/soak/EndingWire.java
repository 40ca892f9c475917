package io.tandem.bench.soak;

import io.tandem.bench.wire.Signal;
import io.tandem.bench.wire.Wire;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** Tandem's wire, counting the {@code ended} frames each session's agents get, so a session's end can be awaited. */
final class EndingWire implements Wire {
  private static final String ENDED = "{\"t\":\"ended\"";

  private final Wire wire;
  private final Map<String, LongAdder> ended = new ConcurrentHashMap<>();

  EndingWire(Wire wire) {
    this.wire = wire;
  }

  /** How many of the session's agents were told it ended. */
  long ended(String sessionId) {
    LongAdder count = ended.get(sessionId);
    return count == null ? 0 : count.sum();
  }

  void forget(String sessionId) {
    ended.remove(sessionId);
  }

  @Override
  public Signal onAgentText(String text, String sessionId, Consumer<String> reply) {
    if (text.startsWith(ENDED)) {
      ended.computeIfAbsent(sessionId, s -> new LongAdder()).increment();
    }
    return wire.onAgentText(text, sessionId, reply);
  }

  @Override
  public WebSocketConnectOptions trackerSocket(String sessionId, String tabId) {
    return wire.trackerSocket(sessionId, tabId);
  }

  @Override
  public WebSocketConnectOptions agentSocket(String sessionId) {
    return wire.agentSocket(sessionId);
  }

  @Override
  public String trackerOpened(String sessionId, String tabId) {
    return wire.trackerOpened(sessionId, tabId);
  }

  @Override
  public String agentOpened(String sessionId) {
    return wire.agentOpened(sessionId);
  }

  @Override
  public Signal onTrackerText(String text, Consumer<String> reply) {
    return wire.onTrackerText(text, reply);
  }

  @Override
  public boolean servesLists() {
    return wire.servesLists();
  }

  @Override
  public boolean isList(Buffer head) {
    return wire.isList(head);
  }

  @Override
  public boolean isHistory(Buffer head) {
    return wire.isHistory(head);
  }

  @Override
  public String events(long seq, boolean snapshot, String events) {
    return wire.events(seq, snapshot, events);
  }

  @Override
  public String heartbeat() {
    return wire.heartbeat();
  }

  @Override
  public long heartbeatMillis() {
    return wire.heartbeatMillis();
  }

  @Override
  public boolean readyOnOpen() {
    return wire.readyOnOpen();
  }
}
