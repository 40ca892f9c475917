package io.tandem.server.admin;

import io.tandem.server.auth.BearerAuth;
import io.tandem.server.storage.RecordingStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Set;

/** {@code /api/admin/recordings}: list, download, delete, and the retention policy. */
final class RecordingsApi {
  private static final int LIST_LIMIT = 500;
  private static final int MAX_RETENTION_DAYS = 3650;

  private final Services services;

  private RecordingsApi(Services services) {
    this.services = services;
  }

  static void mount(Router router, Services services) {
    RecordingsApi api = new RecordingsApi(services);
    // Before ":id", which would otherwise take "retention" for an id.
    router.get("/admin/recordings/retention").handler(Answers.guarded(api::retention));
    router.put("/admin/recordings/retention").handler(Answers.guarded(api::setRetention));
    router.get("/admin/recordings").handler(Answers.guarded(api::list));
    router.get("/admin/recordings/:id").handler(Answers.guarded(api::get));
    router.get("/admin/recordings/:id/content").handler(Answers.guarded(api::download));
    router.delete("/admin/recordings/:id").handler(Answers.guarded(api::delete));
  }

  private void list(RoutingContext ctx) {
    services.recordings().list(ctx.queryParams().get("projectId"), ctx.queryParams().get("sessionId"), LIST_LIMIT)
        .onSuccess(all -> Answers.json(ctx, 200, new JsonArray(all.stream().map(RecordingStore.Recording::toJson).toList())))
        .onFailure(Answers.failed(ctx));
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    services.recordings().find(id)
        .onSuccess(found -> found.ifPresentOrElse(r -> Answers.json(ctx, 200, r.toJson()), () -> Answers.notFound(ctx, "recording '" + id + "'")))
        .onFailure(Answers.failed(ctx));
  }

  private void download(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    services.recordings().find(id)
        .onSuccess(found -> found.ifPresentOrElse(
            recording -> services.recordings().content(id)
                .onSuccess(content -> {
                  services.audit().record("recording.download", BearerAuth.agent(ctx).id(), recording.sessionId(), "success",
                          new JsonObject().put("recordingId", id))
                      .onComplete(audited -> ctx.response()
                          .putHeader("content-type", recording.contentType())
                          .putHeader("content-disposition", "attachment; filename=\"" + id + "\"")
                          .end(content));
                })
                .onFailure(Answers.failed(ctx)),
            () -> Answers.notFound(ctx, "recording '" + id + "'")))
        .onFailure(Answers.failed(ctx));
  }

  private void delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    services.recordings().delete(id)
        .onSuccess(found -> {
          if (!found) {
            Answers.notFound(ctx, "recording '" + id + "'");
            return;
          }
          services.audit().record("recording.delete", BearerAuth.agent(ctx).id(), null, "success", new JsonObject().put("recordingId", id))
              .onComplete(audited -> Answers.noContent(ctx));
        })
        .onFailure(Answers.failed(ctx));
  }

  private void retention(RoutingContext ctx) {
    services.recordings().retentionDays()
        .onSuccess(days -> Answers.json(ctx, 200, new JsonObject().put("retentionDays", days)))
        .onFailure(Answers.failed(ctx));
  }

  /** Sets the policy and applies it at once; answers how many recordings it removed. */
  private void setRetention(RoutingContext ctx) {
    int days = JsonInput.of(ctx, Set.of("retentionDays")).integer("retentionDays", 0, MAX_RETENTION_DAYS)
        .orElseThrow(() -> new InvalidRequest("retentionDays", "'retentionDays' is required (0 keeps recordings until deleted)"));
    services.recordings().setRetentionDays(days)
        .compose(v -> services.recordings().purgeExpired(Instant.now()))
        .onSuccess(purged -> {
          services.audit().record("recording.retention", BearerAuth.agent(ctx).id(), null, "success",
                  new JsonObject().put("retentionDays", days).put("purged", purged))
              .onComplete(audited -> Answers.json(ctx, 200, new JsonObject().put("retentionDays", days).put("purged", purged)));
        })
        .onFailure(Answers.failed(ctx));
  }
}
