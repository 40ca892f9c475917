package io.tandem.server.gateway;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The console, the tracker bundle and (only with {@code demo} on) the demo pages, served from the
 * jar's {@code webroot}. Without the demo its pages would only meet an unknown project key.
 */
final class StaticContent {
  private static final String WEBROOT = "webroot";
  /**
   * The console runs only its own scripts and cannot be framed (it can take control of a user's
   * page). The replay rebuilds customers' pages, so their images, fonts, media and styles may come
   * from anywhere; their scripts never run (rrweb's iframe is sandboxed without scripts as well).
   */
  static final String CONSOLE_POLICY = String.join("; ",
      "default-src 'self'", "script-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'",
      "form-action 'none'", "frame-ancestors 'none'", "img-src * data: blob:", "media-src * data: blob:",
      "font-src * data:", "style-src * 'unsafe-inline'");

  private StaticContent() {}

  static void mount(Router router, boolean demo) {
    router.get("/tracker.js").handler(ctx -> ctx.response()
        .putHeader("content-type", "application/javascript; charset=utf-8")
        .putHeader("cache-control", "public, max-age=300")
        .sendFile(WEBROOT + "/tracker/tandem.iife.js")
        .onFailure(e -> ctx.fail(404)));
    router.getWithRegex(demo ? "/console|/demo" : "/console").handler(ctx -> redirect(ctx.response(), ctx.request().path() + "/"));
    router.get("/console/*").handler(ctx -> {
      ctx.response()
          .putHeader("content-security-policy", CONSOLE_POLICY)
          .putHeader("x-frame-options", "DENY")
          .putHeader("x-content-type-options", "nosniff");
      ctx.next();
    });
    router.get("/console/*").handler(StaticHandler.create(WEBROOT + "/console").setCachingEnabled(true));
    router.get("/console/*").handler(ctx -> ctx.response().sendFile(WEBROOT + "/console/index.html"));
    if (demo) {
      router.get("/demo/*").handler(StaticHandler.create(WEBROOT + "/demo"));
      router.get("/").handler(ctx -> ctx.response().sendFile(WEBROOT + "/demo/landing.html").onFailure(e -> ctx.fail(404)));
    } else {
      router.get("/").handler(ctx -> redirect(ctx.response(), "/console/"));
    }
  }

  private static void redirect(io.vertx.core.http.HttpServerResponse response, String location) {
    response.setStatusCode(301).putHeader("location", location).end();
  }
}
