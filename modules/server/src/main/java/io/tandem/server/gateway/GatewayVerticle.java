package io.tandem.server.gateway;

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
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The node's front door: the two WebSocket endpoints, the REST API, probes, and the static
 * console, demo and tracker. Deployed once per event loop; all instances share the port.
 */
public final class GatewayVerticle extends VerticleBase {
  private static final long SWEEP_INTERVAL_MS = 1000;
  private static final long MIN_IDLE_TIMEOUT_MS = 1000;
  /** IPv4 or IPv6 (possibly with an embedded IPv4 part), by its characters and length only. */
  private static final Pattern IP_ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final TandemConfig config;
  private final Services services;
  private final Buffer openApiDocument;
  private final Readiness readiness;
  private final TrafficMetrics metrics;
  private final TrackerGuard trackerGuard;
  private final FrameCodec codec = new FrameCodec();
  /** This instance's sockets, and the WebSocket of each, which is pinged so a quiet one is not taken for an idle connection. */
  private final Map<PeerSocket, ServerWebSocket> sockets = new HashMap<>();

  public GatewayVerticle(TandemConfig config, Services services, Buffer openApiDocument, Readiness readiness,
      TrafficMetrics metrics, TrackerGuard trackerGuard) {
    this.config = config;
    this.services = services;
    this.openApiDocument = openApiDocument;
    this.readiness = readiness;
    this.metrics = metrics;
    this.trackerGuard = trackerGuard;
  }

  @Override
  public Future<?> start() {
    long idleTimeoutMs = config.raw().getJsonObject("http").getLong("idleTimeoutMs");
    if (idleTimeoutMs < MIN_IDLE_TIMEOUT_MS || idleTimeoutMs > Integer.MAX_VALUE) {
      return Future.failedFuture(new IllegalArgumentException(
          "http.idleTimeoutMs (TANDEM_HTTP_IDLE_TIMEOUT_MS) must be at least " + MIN_IDLE_TIMEOUT_MS + " ms, not " + idleTimeoutMs));
    }
    vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> sweep());
    // An idle connection (no byte either way) is closed, so that silent ones cannot pile up. A console
    // may legitimately hear nothing for minutes: WebSockets get a ping twice per idle period.
    vertx.setPeriodic(idleTimeoutMs / 2, id -> sockets.values().forEach(ws -> ws.writePing(Buffer.buffer())));
    int largestMessage = Math.max(config.limits().maxTrackerFrameBytes(), config.limits().maxAgentFrameBytes());
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(config.httpHost())
            .setPort(config.httpPort())
            // Netty's own limit sits above ours, so an oversize message gets our error frame first.
            .setMaxWebSocketFrameSize(largestMessage * 2)
            .setMaxWebSocketMessageSize(largestMessage * 2)
            .setCompressionSupported(true)
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
            .setIdleTimeout((int) idleTimeoutMs)
            // HTTP/1.1 only (browsers and ingress-nginx speak it to the node): a connection is one client
            .setHttp2ClearTextEnabled(false);
    return ApiRouter.create(vertx, services, openApiDocument).compose(api -> vertx.createHttpServer(options).requestHandler(router(api)).listen());
  }

  private Router router(Router api) {
    Router router = Router.router(vertx);
    if (config.raw().getJsonObject("http").getBoolean("trustForwardedHeaders")) {
      // the client's address, scheme and host as the proxy in front saw them (X-Forwarded-*)
      router.allowForward(AllowForwardHeaders.X_FORWARD);
    }
    router.get(Endpoint.TRACKER.path()).handler(this::upgradeTracker);
    router.get(Endpoint.AGENT.path()).handler(ctx -> upgrade(ctx, ws -> new AgentSocket(
        ws, config.limits(), codec, metrics, services.router(), services.rooms().lists(), services.tokens(), services.supportCodes(),
        config.replyTimeoutMs()),
        () -> { }));
    router.route(ApiRouter.MOUNT_POINT + "/*").subRouter(api);
    Operations.mount(router, readiness);
    StaticContent.mount(router, config.raw().getBoolean("demo"));
    return router;
  }

  /**
   * The socket is counted against its address's cap before the handshake is answered: a client that
   * sees its socket open has been counted, so the cap refuses sockets in the order they opened,
   * whichever event loop each landed on.
   */
  private void upgradeTracker(RoutingContext ctx) {
    String address = clientAddress(ctx.request());
    boolean admitted = trackerGuard.caps.tryOpenFrom(address);
    upgrade(ctx, ws -> new TrackerSocket(ws, config.limits(), codec, metrics, services.rooms(), services.projects(),
        nodeOrigin(ctx.request()), address, admitted, trackerGuard, services.supportCodes()), () -> {
          if (admitted) {
            trackerGuard.caps.closedFrom(address);
          }
        });
  }

  /** {@code unopened}: gives back what was held for a socket whose handshake did not complete. */
  private void upgrade(RoutingContext ctx, Function<ServerWebSocket, PeerSocket> create, Runnable unopened) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      unopened.run();
      ctx.response().setStatusCode(426).putHeader("Upgrade", "websocket").end("this endpoint speaks WebSocket only");
      return;
    }
    ctx.request().toWebSocket().onSuccess(ws -> {
      PeerSocket socket = create.apply(ws);
      sockets.put(socket, ws);
      ws.closeHandler(v -> sockets.remove(socket));
      socket.attach();
    }).onFailure(e -> unopened.run());
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    long trackerSilence = config.limits().trackerSilenceMs();
    sockets.keySet().removeIf(PeerSocket::isClosed);
    for (PeerSocket socket : Set.copyOf(sockets.keySet())) {
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
