package io.tandem.server.gateway;

import io.tandem.protocol.ErrorCode;
import java.util.EnumMap;
import java.util.Map;

/**
 * The frames one socket had refused since its last audit row, by code. A socket gets at most one
 * row a minute, and one when it closes with refusals pending; its client is told of each code at
 * most once a minute. So a flood of refused frames costs the node a counter each, not a row or a
 * write. Used on the socket's event loop only.
 */
final class Refusals {
  static final long ROW_INTERVAL_MS = 60_000;

  private final Map<ErrorCode, Integer> pending = new EnumMap<>(ErrorCode.class);
  private final Map<ErrorCode, Long> toldAt = new EnumMap<>(ErrorCode.class);
  private long lastRowMillis;
  private boolean anyRow;

  /** Counts one refusal; true if the client is to be told: not told of this code in the last minute. */
  boolean add(ErrorCode code, long nowMillis) {
    pending.merge(code, 1, Integer::sum);
    Long told = toldAt.get(code);
    if (told != null && nowMillis - told < ROW_INTERVAL_MS) {
      return false;
    }
    toldAt.put(code, nowMillis);
    return true;
  }

  /** The counts for a row, if any are pending and the last row is a minute old; they start again from zero. */
  Map<ErrorCode, Integer> takeIfDue(long nowMillis) {
    if (anyRow && nowMillis - lastRowMillis < ROW_INTERVAL_MS) {
      return Map.of();
    }
    return takeAll(nowMillis);
  }

  /** Whatever is pending, for the row a closing socket leaves. */
  Map<ErrorCode, Integer> takeAll(long nowMillis) {
    if (pending.isEmpty()) {
      return Map.of();
    }
    Map<ErrorCode, Integer> counts = Map.copyOf(pending);
    pending.clear();
    lastRowMillis = nowMillis;
    anyRow = true;
    return counts;
  }
}
