package io.tandem.server.admin;

import io.tandem.server.auth.BearerAuth;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** {@code /api/admin/users/:userId/data}: a deletion request for everything stored about one end user. */
final class UsersApi {
  private final Services services;

  private UsersApi(Services services) {
    this.services = services;
  }

  static void mount(RouterBuilder router, Services services) {
    router.getRoute("deleteUserData").addHandler(Answers.guarded(new UsersApi(services)::deleteData));
  }

  /** Answers the counts of what went: {@code {"recordings": n, "auditRows": m}}. */
  private void deleteData(RoutingContext ctx) {
    services.userData().delete(ctx.pathParam("userId"), BearerAuth.agent(ctx).id())
        .onSuccess(deleted -> Answers.json(ctx, 200, deleted.toJson()))
        .onFailure(Answers.failed(ctx));
  }
}
