package io.tandem.server.admin;

import io.tandem.server.auth.BearerAuth;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/ice-servers}: the STUN and TURN servers (with fresh TURN credentials) for the
 * calling agent's {@code RTCPeerConnection}; any agent with a valid token may ask.
 */
final class IceServersApi {
  private final Services services;

  private IceServersApi(Services services) {
    this.services = services;
  }

  static void mount(Router router, BearerAuth bearer, Services services) {
    router.get("/ice-servers").handler(bearer).handler(new IceServersApi(services)::offer);
  }

  private void offer(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    String host = authority == null ? ctx.request().localAddress().host() : authority.host();
    Answers.json(ctx, 200, services.iceServers().forParticipant(BearerAuth.agent(ctx).id(), host).toJson());
  }
}
