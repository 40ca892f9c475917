package io.tandem.server.admin;

import io.tandem.server.auth.Agent;
import io.tandem.server.auth.AgentIdentity;
import io.tandem.server.auth.BearerAuth;
import io.tandem.server.auth.Project;
import io.tandem.server.storage.Conflict;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code /api/admin/agents}: create, list, disable, set roles and projects, reset passwords. */
final class AgentsApi {
  private final Services services;

  private AgentsApi(Services services) {
    this.services = services;
  }

  static void mount(RouterBuilder router, Services services) {
    AgentsApi api = new AgentsApi(services);
    router.getRoute("listAgents").addHandler(Answers.guarded(api::list));
    router.getRoute("createAgent").addHandler(Answers.guarded(api::create));
    router.getRoute("getAgent").addHandler(Answers.guarded(api::get));
    router.getRoute("updateAgent").addHandler(Answers.guarded(api::update));
    router.getRoute("resetAgentPassword").addHandler(Answers.guarded(api::resetPassword));
  }

  private void list(RoutingContext ctx) {
    services.accounts().all()
        .onSuccess(all -> Answers.json(ctx, 200, new JsonArray(all.stream().map(AgentsApi::json).toList())))
        .onFailure(Answers.failed(ctx));
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    services.accounts().find(id)
        .onSuccess(found -> found.ifPresentOrElse(a -> Answers.json(ctx, 200, json(a)), () -> Answers.notFound(ctx, "agent '" + id + "'")))
        .onFailure(Answers.failed(ctx));
  }

  private void create(RoutingContext ctx) {
    Body input = Validated.body(ctx);
    String id = input.string("id").orElseThrow();
    String password = input.string("password").orElseThrow();
    Agent agent = new Agent(id, input.string("name").orElse(id),
        input.strings("roles").orElse(List.of(AgentIdentity.ROLE_AGENT)), Set.copyOf(input.strings("projects").orElse(List.of())), false, null, 0);
    knownProjects(agent.projects())
        .compose(ok -> services.accounts().create(agent, password))
        .onSuccess(created -> {
          audit(ctx, "agent.create", created).onComplete(audited -> Answers.json(ctx, 201, json(created)));
        })
        .onFailure(Answers.failed(ctx, "id"));
  }

  private void update(RoutingContext ctx) {
    Body input = Validated.body(ctx);
    Optional<String> name = input.string("name");
    Optional<List<String>> roles = input.strings("roles");
    Optional<List<String>> projects = input.strings("projects");
    Optional<Boolean> disabled = input.bool("disabled");
    String id = ctx.pathParam("id");
    AgentIdentity admin = BearerAuth.agent(ctx);
    if (id.equals(admin.id()) && (disabled.orElse(false) || roles.map(r -> !r.contains(AgentIdentity.ROLE_ADMIN)).orElse(false))) {
      // Otherwise the last admin could lock everyone out of the admin API.
      Answers.failed(ctx, disabled.orElse(false) ? "disabled" : "roles")
          .handle(new Conflict("you cannot disable yourself or remove your own admin role; ask another admin"));
      return;
    }
    knownProjects(projects.map(Set::copyOf).orElse(Set.of()))
        .compose(ok -> services.accounts().find(id))
        .compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.<Agent>empty()) : services.accounts().update(new Agent(
            id, name.orElse(found.get().name()), roles.orElse(found.get().roles()),
            projects.map(Set::copyOf).orElse(found.get().projects()), disabled.orElse(found.get().disabled()), found.get().createdAt(),
            found.get().tokenVersion())))
        .onSuccess(updated -> updated.ifPresentOrElse(
            a -> {
              audit(ctx, "agent.update", a).onComplete(audited -> Answers.json(ctx, 200, json(a)));
            },
            () -> Answers.notFound(ctx, "agent '" + id + "'")))
        .onFailure(Answers.failed(ctx));
  }

  private void resetPassword(RoutingContext ctx) {
    String password = Validated.body(ctx).string("password").orElseThrow();
    String id = ctx.pathParam("id");
    services.accounts().resetPassword(id, password)
        .onSuccess(found -> {
          if (!found) {
            Answers.notFound(ctx, "agent '" + id + "'");
            return;
          }
          services.audit().record("agent.reset-password", BearerAuth.agent(ctx).id(), null, "success", new JsonObject().put("target", id))
              .onComplete(audited -> Answers.noContent(ctx));
        })
        .onFailure(Answers.failed(ctx));
  }

  /** Refuses assignments to projects that do not exist, which would otherwise look like working access. */
  private Future<Void> knownProjects(Set<String> wanted) {
    if (wanted.isEmpty()) {
      return Future.succeededFuture();
    }
    return services.projectStore().all().compose(all -> {
      Set<String> unknown = new HashSet<>(wanted);
      all.stream().map(Project::id).forEach(unknown::remove);
      return unknown.isEmpty()
          ? Future.succeededFuture()
          : Future.failedFuture(new InvalidRequest("projects", "no such project: " + unknown.stream().sorted().toList()));
    });
  }

  /** Answers wait for the audit entry, so whoever reads the log after an answer finds the change. */
  private Future<Void> audit(RoutingContext ctx, String kind, Agent agent) {
    return services.audit().record(kind, BearerAuth.agent(ctx).id(), null, "success", json(agent).put("target", agent.id()));
  }

  static JsonObject json(Agent agent) {
    return new JsonObject().put("id", agent.id()).put("name", agent.name()).put("roles", agent.roles())
        .put("projects", agent.projects().stream().sorted().toList()).put("disabled", agent.disabled())
        .put("createdAt", agent.createdAt() == null ? null : agent.createdAt().toString());
  }
}
