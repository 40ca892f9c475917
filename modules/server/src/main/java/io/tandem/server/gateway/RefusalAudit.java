package io.tandem.server.gateway;

import io.tandem.protocol.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes what tracker sockets had refused to the audit log, as rows of kind {@value #KIND}, and
 * keeps a client from flooding the log that way. Shared by the node's gateway instances.
 *
 * <p>A socket's row names its session only if the node welcomed its hello (which proves the
 * session), its project only once the key was accepted, and its address as the node sees it:
 * nothing in a row is text the client chose. Beyond {@code maxSocketRowsPerMinute} socket rows in
 * a minute, a socket's counts are folded into one row for the node a minute instead; so are
 * sockets refused at a cap, which close at once and would otherwise leave a row per connection.
 */
final class RefusalAudit {
  static final String KIND = "tracker.refused";
  static final long WINDOW_MS = Refusals.ROW_INTERVAL_MS;
  /** How many addresses a node row names; the rest are only counted. */
  static final int MAX_ADDRESSES = 10;

  /** The audit log as seen from here. */
  interface Log {
    void write(String sessionId, JsonObject details);
  }

  private final int maxSocketRowsPerMinute;
  private final Log log;
  private long windowStartMillis;
  private int socketRows;
  private final Map<ErrorCode, Integer> folded = new EnumMap<>(ErrorCode.class);
  private final Map<String, Integer> foldedAddresses = new LinkedHashMap<>();
  private int foldedSockets;

  RefusalAudit(int maxSocketRowsPerMinute, Log log, long nowMillis) {
    this.maxSocketRowsPerMinute = maxSocketRowsPerMinute;
    this.log = log;
    this.windowStartMillis = nowMillis;
  }

  /** One socket's refusals since its last row. {@code sessionId} and {@code projectId} may be null. */
  synchronized void socket(String sessionId, String projectId, String address, Map<ErrorCode, Integer> counts, long nowMillis) {
    flushIfDue(nowMillis);
    if (socketRows < maxSocketRowsPerMinute) {
      socketRows++;
      JsonObject details = counted("socket", counts).put("address", address);
      if (projectId != null) {
        details.put("project", projectId);
      }
      log.write(sessionId, details);
    } else {
      fold(counts, address);
    }
  }

  /** A socket refused outright at a cap. */
  synchronized void refusedSocket(ErrorCode code, String address, long nowMillis) {
    flushIfDue(nowMillis);
    fold(Map.of(code, 1), address);
  }

  /** Writes the node's row once a minute, if anything was folded into it. Called by every gateway's sweep. */
  synchronized void flushIfDue(long nowMillis) {
    if (nowMillis - windowStartMillis < WINDOW_MS) {
      return;
    }
    if (!folded.isEmpty()) {
      JsonObject addresses = new JsonObject();
      foldedAddresses.forEach(addresses::put);
      log.write(null, counted("node", folded).put("sockets", foldedSockets).put("addresses", addresses));
    }
    folded.clear();
    foldedAddresses.clear();
    foldedSockets = 0;
    socketRows = 0;
    windowStartMillis = nowMillis;
  }

  private void fold(Map<ErrorCode, Integer> counts, String address) {
    counts.forEach((code, count) -> folded.merge(code, count, Integer::sum));
    foldedSockets++;
    int count = counts.values().stream().mapToInt(Integer::intValue).sum();
    if (foldedAddresses.containsKey(address) || foldedAddresses.size() < MAX_ADDRESSES) {
      foldedAddresses.merge(address, count, Integer::sum);
    }
  }

  private static JsonObject counted(String scope, Map<ErrorCode, Integer> counts) {
    JsonObject codes = new JsonObject();
    counts.forEach((code, count) -> codes.put(code.name(), count));
    return new JsonObject().put("scope", scope).put("count", counts.values().stream().mapToInt(Integer::intValue).sum()).put("codes", codes);
  }
}
