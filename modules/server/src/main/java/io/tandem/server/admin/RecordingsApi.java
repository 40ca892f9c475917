package io.tandem.server.admin;

import io.tandem.server.auth.BearerAuth;
import io.tandem.server.storage.RecordingStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import java.time.Instant;

/** {@code /api/admin/recordings}: list, download, delete, and the retention policy. */
final class RecordingsApi {
  private static final int LIST_LIMIT = 500;

  private final Services services;

  private RecordingsApi(Services services) {
    this.services = services;
  }

  static void mount(RouterBuilder router, Services services) {
    RecordingsApi api = new RecordingsApi(services);
    router.getRoute("getRetention").addHandler(Answers.guarded(api::retention));
    router.getRoute("setRetention").addHandler(Answers.guarded(api::setRetention));
    router.getRoute("listRecordings").addHandler(Answers.guarded(api::list));
    router.getRoute("getRecording").addHandler(Answers.guarded(api::get));
    router.getRoute("downloadRecording").addHandler(Answers.guarded(api::download));
    router.getRoute("deleteRecording").addHandler(Answers.guarded(api::delete));
  }

  private void list(RoutingContext ctx) {
    String project = Validated.query(ctx, "projectId").map(RequestParameter::getString).orElse(null);
    String session = Validated.query(ctx, "sessionId").map(RequestParameter::getString).orElse(null);
    services.recordings().list(project, session, LIST_LIMIT)
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

  /** Sets the policy (0 to 3650 days, the document says) and applies it at once; answers how many recordings it removed. */
  private void setRetention(RoutingContext ctx) {
    int days = Validated.body(ctx).integer("retentionDays").orElseThrow();
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
