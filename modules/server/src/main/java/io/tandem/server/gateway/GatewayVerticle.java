package io.tandem.server.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tandem.protocol.Endpoint;
import io.tandem.protocol.FrameCodec;
import io.tandem.server.admin.ApiRouter;
import io.tandem.server.admin.Services;
import io.tandem.server.config.TandemConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The node's front door: the two WebSocket endpoints, the REST API, probes, and the static
 * console, demo and tracker. Deployed once per event loop; all instances share the port.
 */
public final class GatewayVerticle extends VerticleBase {
  private static final long SWEEP_INTERVAL_MS = 1000;
  /** IPv4 or IPv6 (possibly with an embedded IPv4 part), by its characters and length only. */
  private static final Pattern IP_ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final TandemConfig config;
  private final Services services;
  private final Buffer openApiDocument;
  private final Supplier<Future<Void>> databaseCheck;
  private final TrafficMetrics metrics;
  private final PrometheusMeterRegistry registry;
  private final TrackerGuard trackerGuard;
  private final FrameCodec codec = new FrameCodec();
  private final Set<PeerSocket> sockets = new HashSet<>();

  public GatewayVerticle(TandemConfig config, Services services, Buffer openApiDocument, Supplier<Future<Void>> databaseCheck,
      TrafficMetrics metrics, PrometheusMeterRegistry registry, TrackerGuard trackerGuard) {
    this.config = config;
    this.services = services;
    this.openApiDocument = openApiDocument;
    this.databaseCheck = databaseCheck;
    this.metrics = metrics;
    this.registry = registry;
    this.trackerGuard = trackerGuard;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> sweep());
    int largestMessage = Math.max(config.limits().maxTrackerFrameBytes(), config.limits().maxAgentFrameBytes());
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(config.httpHost())
            .setPort(config.httpPort())
            // Netty's own limit sits above ours, so an oversize message gets our error frame first.
            .setMaxWebSocketFrameSize(largestMessage * 2)
            .setMaxWebSocketMessageSize(largestMessage * 2)
            .setCompressionSupported(true);
    return vertx.createHttpServer(options).requestHandler(router()).listen();
  }

  private Router router() {
    Router router = Router.router(vertx);
    if (config.raw().getJsonObject("http").getBoolean("trustForwardedHeaders")) {
      // the client's address, scheme and host as the proxy in front saw them (X-Forwarded-*)
      router.allowForward(AllowForwardHeaders.X_FORWARD);
    }
    router.get(Endpoint.TRACKER.path()).handler(ctx -> upgrade(ctx, ws -> new TrackerSocket(ws, config.limits(), codec, metrics,
        services.rooms(), services.projects(), nodeOrigin(ctx.request()), clientAddress(ctx.request()), trackerGuard)));
    router.get(Endpoint.AGENT.path()).handler(ctx -> upgrade(ctx, ws -> new AgentSocket(
        ws, config.limits(), codec, metrics, services.rooms(), services.tokens())));
    router.route(ApiRouter.MOUNT_POINT + "/*").subRouter(ApiRouter.create(vertx, services, openApiDocument));
    Operations.mount(router, registry, databaseCheck);
    StaticContent.mount(router);
    return router;
  }

  private void upgrade(RoutingContext ctx, Function<ServerWebSocket, PeerSocket> create) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      ctx.response().setStatusCode(426).putHeader("Upgrade", "websocket").end("this endpoint speaks WebSocket only");
      return;
    }
    ctx.request().toWebSocket().onSuccess(ws -> {
      PeerSocket socket = create.apply(ws);
      sockets.add(socket);
      ws.closeHandler(v -> sockets.remove(socket));
      socket.attach();
    });
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    long trackerSilence = config.limits().trackerSilenceMs();
    sockets.removeIf(PeerSocket::isClosed);
    for (PeerSocket socket : Set.copyOf(sockets)) {
      socket.checkTimeouts(now, socket instanceof TrackerSocket ? trackerSilence : 0);
      if (socket instanceof TrackerSocket tracker) {
        tracker.auditRefusals(now);
      }
    }
    trackerGuard.audit.flushIfDue(now);
  }

  /**
   * The client's address as the node sees it (the proxy's {@code X-Forwarded-For} with
   * {@code http.trustForwardedHeaders}, as for logins). It keys a cap and goes into the audit log,
   * so anything that is not an IP address counts as one address, {@code unknown}.
   */
  private static String clientAddress(HttpServerRequest request) {
    SocketAddress remote = request.remoteAddress();
    String host = remote == null ? null : remote.hostAddress() != null ? remote.hostAddress() : remote.host();
    return host != null && IP_ADDRESS.matcher(host).matches() ? host : "unknown";
  }

  private static String nodeOrigin(HttpServerRequest request) {
    return request.scheme() + "://" + request.authority();
  }
}
