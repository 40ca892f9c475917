package io.tandem.server.admin;

import io.tandem.server.auth.BearerAuth;
import io.tandem.server.auth.Privacy;
import io.tandem.server.auth.Project;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@code /api/admin/projects}: create, list, change origins and privacy, rotate the tracker key (its retention: {@link ProjectRetentionApi}). */
final class ProjectsApi {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Services services;

  private ProjectsApi(Services services) {
    this.services = services;
  }

  static void mount(RouterBuilder router, Services services) {
    ProjectsApi api = new ProjectsApi(services);
    router.getRoute("listProjects").addHandler(Answers.guarded(api::list));
    router.getRoute("createProject").addHandler(Answers.guarded(api::create));
    router.getRoute("getProject").addHandler(Answers.guarded(api::get));
    router.getRoute("updateProject").addHandler(Answers.guarded(api::update));
    router.getRoute("rotateProjectKey").addHandler(Answers.guarded(api::rotateKey));
  }

  private void list(RoutingContext ctx) {
    services.projectStore().all()
        .onSuccess(all -> Answers.json(ctx, 200, new JsonArray(all.stream().map(ProjectsApi::json).toList())))
        .onFailure(Answers.failed(ctx));
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    services.projectStore().find(id)
        .onSuccess(found -> found.ifPresentOrElse(p -> Answers.json(ctx, 200, json(p)), () -> Answers.notFound(ctx, "project '" + id + "'")))
        .onFailure(Answers.failed(ctx));
  }

  private void create(RoutingContext ctx) {
    Body input = Validated.body(ctx);
    String id = input.string("id").orElseThrow();
    Project project = new Project(id, input.string("name").orElse(id), newKey(), input.strings("allowedOrigins").orElse(List.of()),
        privacyChange(input).apply(Privacy.DEFAULT));
    services.projectStore().create(project)
        .compose(created -> changed(ctx, "project.create", created))
        .onSuccess(created -> Answers.json(ctx, 201, json(created)))
        .onFailure(Answers.failed(ctx, "id"));
  }

  private void update(RoutingContext ctx) {
    Body input = Validated.body(ctx);
    Optional<String> name = input.string("name");
    Optional<List<String>> origins = input.strings("allowedOrigins");
    UnaryOperator<Privacy> privacy = privacyChange(input);
    String id = ctx.pathParam("id");
    modify(ctx, id, "project.update", p -> new Project(p.id(), name.orElse(p.name()), p.key(), origins.orElse(p.allowedOrigins()), privacy.apply(p.privacy())));
  }

  private void rotateKey(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    modify(ctx, id, "project.rotate-key", p -> new Project(p.id(), p.name(), newKey(), p.allowedOrigins(), p.privacy()));
  }

  private void modify(RoutingContext ctx, String id, String kind, UnaryOperator<Project> change) {
    services.projectStore().find(id)
        .compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.<Project>empty()) : services.projectStore().update(change.apply(found.get())))
        .onSuccess(updated -> updated.ifPresentOrElse(
            p -> changed(ctx, kind, p).onSuccess(v -> Answers.json(ctx, 200, json(p))).onFailure(Answers.failed(ctx)),
            () -> Answers.notFound(ctx, "project '" + id + "'")))
        .onFailure(Answers.failed(ctx));
  }

  /** Audits the change and reloads the trackers' view of projects before answering, so the change is in force when the admin sees it. */
  private Future<Project> changed(RoutingContext ctx, String kind, Project project) {
    return services.audit().record(kind, BearerAuth.agent(ctx).id(), null, "success",
            new JsonObject().put("projectId", project.id()).put("allowedOrigins", project.allowedOrigins()).put("privacy", project.privacy().toJson()))
        .otherwiseEmpty()
        .compose(audited -> services.projects().reload())
        .map(project);
  }

  /** The privacy fields the body names (the pre-join buffer from 0 to Privacy.MAX_PRE_JOIN_BUFFER_SECONDS); the others keep their value. */
  private static UnaryOperator<Privacy> privacyChange(Body input) {
    Optional<Body> privacy = input.object("privacy");
    Optional<Integer> buffer = privacy.flatMap(p -> p.integer("preJoinBufferSeconds"));
    Optional<Boolean> mask = privacy.flatMap(p -> p.bool("maskAllInputs"));
    return current -> new Privacy(buffer.orElse(current.preJoinBufferSeconds()), mask.orElse(current.maskAllInputs()));
  }

  private static String newKey() {
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  static JsonObject json(Project project) {
    return new JsonObject().put("id", project.id()).put("name", project.name()).put("key", project.key())
        .put("allowedOrigins", project.allowedOrigins()).put("privacy", project.privacy().toJson());
  }
}
