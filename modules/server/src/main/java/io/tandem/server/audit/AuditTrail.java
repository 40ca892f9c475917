package io.tandem.server.audit;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * Where rooms and the consent logic report who did what, when and with which outcome: the local
 * event bus, from which the node writes the audit log. Keeps room code free of storage and never
 * makes a room wait for a database.
 *
 * <p>A trail bound to a project ({@link #forProject}) stamps its rows with that project, so they
 * follow the project's own audit retention.
 */
public final class AuditTrail {
  public static final String ADDRESS = "tandem.audit";
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final String projectId;

  public AuditTrail(Vertx vertx) {
    this(vertx, null);
  }

  private AuditTrail(Vertx vertx, String projectId) {
    this.vertx = vertx;
    this.projectId = projectId;
  }

  public AuditTrail forProject(String projectId) {
    return new AuditTrail(vertx, projectId);
  }

  public void record(String kind, String agentId, String sessionId, String outcome, JsonObject details) {
    vertx.eventBus().send(ADDRESS, new JsonObject().put("kind", kind).put("agentId", agentId).put("sessionId", sessionId)
        .put("projectId", projectId).put("outcome", outcome).put("details", details), LOCAL);
  }
}
