package io.tandem.server.gateway;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/** The console, the demo page and the tracker bundle, served from the jar's {@code webroot}. */
final class StaticContent {
  private static final String WEBROOT = "webroot";

  private StaticContent() {}

  static void mount(Router router) {
    router.get("/tracker.js").handler(ctx -> ctx.response()
        .putHeader("content-type", "application/javascript; charset=utf-8")
        .putHeader("cache-control", "public, max-age=300")
        .sendFile(WEBROOT + "/tracker/tandem.iife.js")
        .onFailure(e -> ctx.fail(404)));
    router.getWithRegex("/console|/demo").handler(ctx -> redirect(ctx.response(), ctx.request().path() + "/"));
    router.get("/console/*").handler(StaticHandler.create(WEBROOT + "/console").setCachingEnabled(true));
    router.get("/console/*").handler(ctx -> ctx.response().sendFile(WEBROOT + "/console/index.html"));
    router.get("/demo/*").handler(StaticHandler.create(WEBROOT + "/demo"));
    router.get("/").handler(ctx -> ctx.response().sendFile(WEBROOT + "/demo/landing.html").onFailure(e -> ctx.fail(404)));
  }

  private static void redirect(io.vertx.core.http.HttpServerResponse response, String location) {
    response.setStatusCode(301).putHeader("location", location).end();
  }
}
