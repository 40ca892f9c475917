package io.tandem.server.admin;

import io.tandem.protocol.ConsentKind;
import io.tandem.protocol.SessionSummary;
import io.tandem.server.auth.AgentIdentity;
import io.tandem.server.auth.BearerAuth;
import io.tandem.server.auth.SingleSignOn;
import io.tandem.server.http.Problems;
import io.tandem.server.recording.RecordGrants;
import io.tandem.server.recording.RecordingUploads;
import io.tandem.server.room.Rooms;
import io.tandem.server.storage.UnstorableText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every REST endpoint, on a router the gateway mounts at {@code /api}: login, single sign-on and token refresh,
 * the OpenAPI document, the ICE servers for calls (any agent), and the admin API (admin role
 * only). Paths here are relative to {@code /api}; {@code openapi.json} documents each of them.
 */
public final class ApiRouter {
  public static final String MOUNT_POINT = "/api";
  private static final Logger LOG = Logger.getLogger(ApiRouter.class.getName());
  private static final long BODY_LIMIT_BYTES = 64 * 1024;

  private ApiRouter() {}

  public static Router create(Vertx vertx, Services services, Buffer openApiDocument) {
    Router api = Router.router(vertx);
    BearerAuth bearer = new BearerAuth(services.tokens());
    // before the API's body handler: chunks have a body limit of their own
    RecordingUploads.mount(api, bearer, services.uploadSlots(), services.recordings(), recordGrants(services.rooms()), services.audit(),
        services.recordingLimits());
    // no file uploads: nothing a request sends is written to disk
    api.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
    api.post("/auth/login").handler(services.login());
    api.post("/auth/refresh").handler(bearer).handler(services.login()::refresh);
    SingleSignOn sso = services.login().sso();
    api.get("/auth/methods").handler(sso::methods);
    api.get("/auth/sso/start").handler(sso::start);
    api.get("/auth/sso/callback").handler(sso::callback);
    api.post("/auth/sso/session").handler(sso::session);
    api.get("/openapi.json").handler(ctx -> ctx.response().putHeader("content-type", "application/json").end(openApiDocument));
    api.route("/admin/*").handler(bearer).handler(BearerAuth.requireRole(AgentIdentity.ROLE_ADMIN));
    ProjectsApi.mount(api, services);
    ProjectRetentionApi.mount(api, services);
    AgentsApi.mount(api, services);
    SessionsApi.mount(api, services);
    AuditApi.mount(api, services);
    RecordingsApi.mount(api, services);
    UsersApi.mount(api, services);
    IceServersApi.mount(api, bearer, services);
    api.route().last().handler(ctx -> Problems.send(ctx, 404, "Not Found",
        "no endpoint " + ctx.request().method() + " " + ctx.request().path() + "; see /api/openapi.json"));
    api.errorHandler(413, ctx -> Problems.send(ctx, 413, "Content Too Large", "the body is over " + BODY_LIMIT_BYTES + " bytes"));
    api.errorHandler(500, ctx -> {
      if (UnstorableText.is(ctx.failure())) {
        Problems.send(ctx, 400, "Bad Request", UnstorableText.MESSAGE);
        return;
      }
      LOG.log(Level.WARNING, ctx.request().method() + " " + ctx.request().path() + " failed", ctx.failure());
      Problems.send(ctx, 500, "Internal Server Error", "the request failed on the server; see its log");
    });
    return api;
  }

  /** A live `record` grant in the room, and the room's project and user (the recording is filed under them). */
  private static RecordGrants recordGrants(Rooms rooms) {
    return new RecordGrants() {
      @Override
      public Future<Optional<String>> live(String room, String agentId) {
        return rooms.grantedProject(room, agentId, ConsentKind.RECORD);
      }

      @Override
      public Future<Optional<String>> userOf(String room) {
        return rooms.clusterSession(room).map(session -> session.map(SessionSummary::userId).filter(user -> !user.isEmpty()));
      }
    };
  }
}
