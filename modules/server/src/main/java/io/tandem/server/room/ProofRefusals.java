package io.tandem.server.room;

import io.tandem.server.audit.AuditTrail;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * Hellos refused for a wrong session secret, audited per session: the first at once, then at most
 * one row a minute with the count since, so a flood of forged hellos cannot flood the audit log.
 * Only sessions that exist are ever named (a hello for an unknown session starts it), so the log
 * holds no ids of a client's choosing. One per room shard, confined to its context.
 */
final class ProofRefusals {
  static final String KIND = "session.proof";
  private static final long WINDOW_MS = 60_000;

  private final Vertx vertx;
  private final AuditTrail audit;
  /** Sessions inside a window, with the refusals not yet written. */
  private final Map<String, Integer> pending = new HashMap<>();

  ProofRefusals(Vertx vertx, AuditTrail audit) {
    this.vertx = vertx;
    this.audit = audit;
  }

  void refused(String sessionId) {
    Integer count = pending.get(sessionId);
    if (count == null) {
      write(sessionId, 1);
      openWindow(sessionId);
    } else {
      pending.put(sessionId, count + 1);
    }
  }

  private void openWindow(String sessionId) {
    pending.put(sessionId, 0);
    vertx.setTimer(WINDOW_MS, id -> closeWindow(sessionId));
  }

  private void closeWindow(String sessionId) {
    int count = pending.remove(sessionId);
    if (count > 0) {
      write(sessionId, count);
      openWindow(sessionId);
    }
  }

  private void write(String sessionId, int count) {
    audit.record(KIND, null, sessionId, "refused", new JsonObject().put("count", count)
        .put("reason", "a tracker hello without the session's secret"));
  }
}
