package io.tandem.server.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.function.Supplier;

/**
 * Probes and metrics for whoever runs the node. Live: the process answers. Ready: the database
 * answers too (on a single node the cluster is this node, ready once its gateways listen).
 */
final class Operations {
  private static final long READY_TIMEOUT_MS = 2000;

  private Operations() {}

  static void mount(Router router, PrometheusMeterRegistry registry, Supplier<Future<Void>> databaseCheck) {
    router.get("/health/live").handler(ctx -> status(ctx.response(), 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx -> databaseCheck.get()
        .timeout(READY_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .onSuccess(v -> status(ctx.response(), 200, new JsonObject().put("status", "UP").put("database", "UP")))
        .onFailure(e -> status(ctx.response(), 503, new JsonObject().put("status", "DOWN").put("database", "DOWN: " + e.getMessage()))));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
  }

  private static void status(HttpServerResponse response, int code, JsonObject body) {
    response.setStatusCode(code).putHeader("content-type", "application/json").end(body.encode());
  }
}
