package io.tandem.server.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * Probes and metrics for whoever runs the node. The probes are on the public port, where load
 * balancers ask; their answers say what is down and never why (see {@link Readiness}). Metrics are
 * on a port of their own ({@code metrics.host}/{@code metrics.port}, loopback by default), which no
 * Ingress of {@code k8s/} reaches (only the headless Service of {@code k8s/monitoring/} lists it, for
 * Prometheus): they describe the node's traffic and internals.
 */
public final class Operations {
  private Operations() {}

  static void mount(Router router, Readiness readiness) {
    router.get("/health/live").handler(ctx -> status(ctx.response(), 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx -> readiness.check().onSuccess(state -> {
      switch (state) {
        case READY -> status(ctx.response(), 200, new JsonObject().put("status", "UP").put("database", "UP"));
        case DRAINING -> status(ctx.response(), 503, new JsonObject().put("status", "DOWN").put("reason", "draining"));
        case DATABASE_DOWN -> status(ctx.response(), 200, new JsonObject().put("status", "UP").put("database", "DOWN"));
      }
    }));
  }

  /** The metrics port: {@code GET /metrics} and nothing else. */
  public static Future<HttpServer> serveMetrics(Vertx vertx, JsonObject settings, PrometheusMeterRegistry registry) {
    Router metrics = Router.router(vertx);
    metrics.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    return vertx.createHttpServer(new HttpServerOptions().setHost(settings.getString("host")).setPort(settings.getInteger("port")))
        .requestHandler(metrics)
        .listen()
        .recover(failure -> Future.failedFuture(new IllegalStateException("cannot listen for metrics on " + settings.getString("host") + ":"
            + settings.getInteger("port") + " (" + failure.getMessage() + "): set metrics.port (TANDEM_METRICS_PORT) to a free port", failure)));
  }

  private static void status(HttpServerResponse response, int code, JsonObject body) {
    response.setStatusCode(code).putHeader("content-type", "application/json").end(body.encode());
  }
}
