package io.tandem.server.admin;

import io.tandem.server.auth.BearerAuth;
import io.tandem.server.storage.ProjectRetention;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Optional;

/**
 * {@code /api/admin/projects/{id}/retention}: how long a project keeps its call recordings and its
 * audit rows, beside the deployment's defaults. The retention job applies it at its next run.
 */
final class ProjectRetentionApi {
  private static final String RECORDINGS = "recordingsDays";
  private static final String AUDIT = "auditDays";

  private final Services services;

  private ProjectRetentionApi(Services services) {
    this.services = services;
  }

  static void mount(RouterBuilder router, Services services) {
    ProjectRetentionApi api = new ProjectRetentionApi(services);
    router.getRoute("getProjectRetention").addHandler(Answers.guarded(api::get));
    router.getRoute("setProjectRetention").addHandler(Answers.guarded(api::put));
    router.getRoute("resetProjectRetention").addHandler(Answers.guarded(api::delete));
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    services.projectStore().retention(id)
        .onSuccess(found -> found.ifPresentOrElse(r -> Answers.json(ctx, 200, r.toJson()), () -> Answers.notFound(ctx, "project '" + id + "'")))
        .onFailure(Answers.failed(ctx));
  }

  /**
   * Sets the fields the body names (the document asks for at least one, from 0 to 3650 days); null
   * returns one to the deployment's policy, an absent one stays.
   */
  private void put(RoutingContext ctx) {
    Body input = Validated.body(ctx);
    String id = ctx.pathParam("id");
    store(ctx, id, services.projectStore().retention(id).map(found -> found.map(current ->
        new ProjectRetention(days(input, RECORDINGS, current.recordingsDays()), days(input, AUDIT, current.auditDays())))));
  }

  private void delete(RoutingContext ctx) {
    store(ctx, ctx.pathParam("id"), Future.succeededFuture(Optional.of(ProjectRetention.DEPLOYMENT)));
  }

  private void store(RoutingContext ctx, String id, Future<Optional<ProjectRetention>> change) {
    change.compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.<ProjectRetention>empty())
            : services.projectStore().setRetention(id, found.get()).map(exists -> exists ? found : Optional.<ProjectRetention>empty()))
        .onSuccess(stored -> stored.ifPresentOrElse(retention -> services.audit()
                .record("project.retention", BearerAuth.agent(ctx).id(), null, "success", retention.toJson().put("projectId", id))
                .onComplete(audited -> Answers.json(ctx, 200, retention.toJson())),
            () -> Answers.notFound(ctx, "project '" + id + "'")))
        .onFailure(Answers.failed(ctx));
  }

  private static Integer days(Body input, String field, Integer current) {
    return input.has(field) ? input.integer(field).orElse(null) : current;
  }
}
