package io.tandem.server.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/** Probes and metrics for whoever runs the node. */
final class Operations {
  private Operations() {}

  static void mount(Router router, PrometheusMeterRegistry registry) {
    router.get("/health/live").handler(ctx -> ok(ctx.response()));
    router.get("/health/ready").handler(ctx -> ok(ctx.response()));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
  }

  private static void ok(io.vertx.core.http.HttpServerResponse response) {
    response.putHeader("content-type", "application/json").end(new JsonObject().put("status", "UP").encode());
  }
}
