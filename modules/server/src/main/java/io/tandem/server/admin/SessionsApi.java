package io.tandem.server.admin;

import io.tandem.server.auth.BearerAuth;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * {@code /api/admin/sessions}: the live sessions, one in detail, and ending one. In a cluster any
 * node answers for all: the list is the one its consoles see (other nodes' sessions as they last
 * published them), and ending a session goes to the node that owns it.
 */
final class SessionsApi {
  private final Services services;

  private SessionsApi(Services services) {
    this.services = services;
  }

  static void mount(RouterBuilder router, Services services) {
    SessionsApi api = new SessionsApi(services);
    router.getRoute("listSessions").addHandler(Answers.guarded(api::list));
    router.getRoute("getSession").addHandler(Answers.guarded(api::get));
    router.getRoute("terminateSession").addHandler(Answers.guarded(api::terminate));
  }

  private void list(RoutingContext ctx) {
    services.rooms().clusterSessions()
        .onSuccess(all -> Answers.json(ctx, 200, new JsonArray(all.stream().map(JsonObject::mapFrom).toList())))
        .onFailure(Answers.failed(ctx));
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    services.rooms().clusterSession(id)
        .onSuccess(found -> found.ifPresentOrElse(s -> Answers.json(ctx, 200, JsonObject.mapFrom(s)), () -> Answers.notFound(ctx, "live session '" + id + "'")))
        .onFailure(Answers.failed(ctx));
  }

  private void terminate(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String admin = BearerAuth.agent(ctx).id();
    services.rooms().terminate(id, "the session was ended by an administrator")
        .onSuccess(found -> {
          if (!found) {
            Answers.notFound(ctx, "live session '" + id + "'");
            return;
          }
          services.audit().record("session.terminate", admin, id, "success", new JsonObject())
              .onComplete(audited -> Answers.noContent(ctx));
        })
        .onFailure(Answers.failed(ctx));
  }
}
