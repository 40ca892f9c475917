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
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ValidatorException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every REST endpoint, on a router the gateway mounts at {@code /api}: login, single sign-on and token refresh,
 * the OpenAPI document, the ICE servers for calls (any agent), and the admin API (admin role
 * only), whose requests Vert.x validates against the document. Paths here are relative to
 * {@code /api}; {@code openapi.json} documents each of them.
 */
public final class ApiRouter {
  public static final String MOUNT_POINT = "/api";
  private static final Logger LOG = Logger.getLogger(ApiRouter.class.getName());
  private static final long BODY_LIMIT_BYTES = 64 * 1024;

  private ApiRouter() {}

  /** The router, once the admin operations' contract is read from the document. */
  public static Future<Router> create(Vertx vertx, Services services, Buffer openApiDocument) {
    JsonObject document = openApiDocument.toJsonObject();
    return ApiContract.admin(vertx, document).map(contract -> routes(vertx, services, openApiDocument, admin(vertx, contract, document, services)));
  }

  private static Router routes(Vertx vertx, Services services, Buffer openApiDocument, Router admin) {
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
    api.route().subRouter(admin);
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

  /**
   * The admin operations, each behind Vert.x's validation of the request against the document: a
   * request it refuses is answered 400 with the field at fault, before any handler runs.
   */
  private static Router admin(Vertx vertx, OpenAPIContract contract, JsonObject document, Services services) {
    DocumentSchemas schemas = new DocumentSchemas(document);
    RouterBuilder builder = RouterBuilder.create(vertx, contract, new RoutedRequest()).rootHandler(ctx -> {
      ctx.put(Validated.SCHEMAS, schemas);
      ctx.next();
    });
    ProjectsApi.mount(builder, services);
    ProjectRetentionApi.mount(builder, services);
    AgentsApi.mount(builder, services);
    SessionsApi.mount(builder, services);
    AuditApi.mount(builder, services);
    RecordingsApi.mount(builder, services);
    UsersApi.mount(builder, services);
    ContractRefusal refusal = new ContractRefusal(schemas);
    for (OpenAPIRoute route : builder.getRoutes()) {
      String operationId = route.getOperation().getOperationId();
      if (route.getHandlers().isEmpty()) {
        throw new IllegalStateException("openapi.json's operation " + operationId + " has no handler");
      }
      // the bearer check and the admin role come first, for all of /admin (see routes)
      route.setDoSecurity(false).addFailureHandler(ctx -> {
        if (ctx.failure() != null && ctx.failure().getCause() instanceof ValidatorException refused) {
          InvalidRequest invalid = refusal.of(operationId, refused);
          Problems.send(ctx, 400, "Bad Request", invalid.getMessage(), invalid.field());
        } else {
          ctx.next();
        }
      });
    }
    return builder.createRouter();
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
