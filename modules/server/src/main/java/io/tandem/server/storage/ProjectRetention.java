package io.tandem.server.storage;

import io.vertx.core.json.JsonObject;

/**
 * A project's own retention in days: of its call recordings and of its audit rows. A null field
 * follows the deployment's setting ({@code recordings.retentionDays}, {@code audit.retentionDays});
 * 0 keeps until deleted.
 */
public record ProjectRetention(Integer recordingsDays, Integer auditDays) {
  public static final ProjectRetention DEPLOYMENT = new ProjectRetention(null, null);

  public JsonObject toJson() {
    return new JsonObject().put("recordingsDays", recordingsDays).put("auditDays", auditDays);
  }
}
