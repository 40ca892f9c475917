package io.tandem.bench.fuzz;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the fuzzer sent and what the node answered, counted from every socket's thread. */
public final class FuzzTally {
  private final LongAdder framesSent = new LongAdder();
  private final LongAdder sockets = new LongAdder();
  private final LongAdder connectFailures = new LongAdder();
  private final LongAdder uncodedRefusals = new LongAdder();
  private final LongAdder closesWithoutReason = new LongAdder();
  private final Map<String, LongAdder> errorCodes = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> closeCodes = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> mutations = new ConcurrentHashMap<>();

  void sent(String mutation) {
    framesSent.increment();
    count(mutations, mutation);
  }

  void socketOpened() {
    sockets.increment();
  }

  void connectFailed() {
    connectFailures.increment();
  }

  /** An {@code error} frame: its code, or a refusal without one. */
  void refused(String code) {
    if (code == null || code.isBlank()) {
      uncodedRefusals.increment();
    } else {
      count(errorCodes, code);
    }
  }

  /** A close the node started: its status, and whether it said why. */
  void closedByNode(Short status, String reason) {
    count(closeCodes, status == null ? "none" : String.valueOf(status));
    if (reason == null || reason.isBlank()) {
      closesWithoutReason.increment();
    }
  }

  public long framesSent() {
    return framesSent.sum();
  }

  public long uncodedRefusals() {
    return uncodedRefusals.sum();
  }

  public long closesWithoutReason() {
    return closesWithoutReason.sum();
  }

  public JsonObject figures() {
    return new JsonObject()
        .put("framesSent", framesSent.sum())
        .put("sockets", sockets.sum())
        .put("connectFailures", connectFailures.sum())
        .put("uncodedRefusals", uncodedRefusals.sum())
        .put("closesWithoutReason", closesWithoutReason.sum())
        .put("errorCodes", histogram(errorCodes))
        .put("closeCodes", histogram(closeCodes))
        .put("mutations", histogram(mutations));
  }

  private static void count(Map<String, LongAdder> counts, String key) {
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  private static JsonObject histogram(Map<String, LongAdder> counts) {
    JsonObject out = new JsonObject();
    new TreeMap<>(counts).forEach((key, count) -> out.put(key, count.sum()));
    return out;
  }
}
