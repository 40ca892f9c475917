package io.tandem.server.admin;

import io.tandem.server.auth.BearerAuth;
import io.tandem.server.auth.Privacy;
import io.tandem.server.auth.Project;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** {@code /api/admin/projects}: create, list, change origins and privacy, rotate the tracker key (its retention: {@link ProjectRetentionApi}). */
final class ProjectsApi {
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final String ID_FORMAT = "1 to 63 lowercase letters, digits or '-', not starting with '-'";
  private static final Pattern NAME = Pattern.compile("\\S.{0,199}", Pattern.DOTALL);
  private static final Pattern ORIGIN = Pattern.compile("self|\\*|https?://[^/\\s?#]+");
  private static final String ORIGIN_FORMAT = "\"self\", \"*\" or an origin such as \"https://shop.example\" (scheme and host, no path)";
  private static final Set<String> PRIVACY_FIELDS = Set.of("preJoinBufferSeconds", "maskAllInputs");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Services services;

  private ProjectsApi(Services services) {
    this.services = services;
  }

  static void mount(Router router, Services services) {
    ProjectsApi api = new ProjectsApi(services);
    router.get("/admin/projects").handler(Answers.guarded(api::list));
    router.post("/admin/projects").handler(Answers.guarded(api::create));
    router.get("/admin/projects/:id").handler(Answers.guarded(api::get));
    router.patch("/admin/projects/:id").handler(Answers.guarded(api::update));
    router.post("/admin/projects/:id/key").handler(Answers.guarded(api::rotateKey));
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
    JsonInput input = JsonInput.of(ctx, Set.of("id", "name", "allowedOrigins", "privacy"));
    String id = input.requiredString("id", ID, ID_FORMAT);
    Project project = new Project(id, input.string("name", NAME, "a non-blank string of at most 200 characters").orElse(id), newKey(),
        input.strings("allowedOrigins", ORIGIN, ORIGIN_FORMAT).orElse(List.of()), privacyChange(input).apply(Privacy.DEFAULT));
    services.projectStore().create(project)
        .compose(created -> changed(ctx, "project.create", created))
        .onSuccess(created -> Answers.json(ctx, 201, json(created)))
        .onFailure(Answers.failed(ctx, "id"));
  }

  private void update(RoutingContext ctx) {
    JsonInput input = JsonInput.of(ctx, Set.of("name", "allowedOrigins", "privacy"));
    Optional<String> name = input.string("name", NAME, "a non-blank string of at most 200 characters");
    Optional<List<String>> origins = input.strings("allowedOrigins", ORIGIN, ORIGIN_FORMAT);
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

  /** Reads the privacy fields now, so a bad value is refused before anything is looked up. */
  private static UnaryOperator<Privacy> privacyChange(JsonInput input) {
    Optional<JsonInput> privacy = input.object("privacy", PRIVACY_FIELDS);
    Optional<Integer> buffer = privacy.flatMap(p -> p.integer("preJoinBufferSeconds", 0, Privacy.MAX_PRE_JOIN_BUFFER_SECONDS));
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
