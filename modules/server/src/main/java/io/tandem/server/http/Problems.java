package io.tandem.server.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Error answers of the REST API as RFC 9457 {@code application/problem+json}. An answer about one
 * request field carries it in the extension member {@code field}, so a form can show the
 * {@code detail} next to that field.
 */
public final class Problems {
  private Problems() {}

  public static void send(RoutingContext ctx, int status, String title, String detail) {
    send(ctx, status, title, detail, null);
  }

  public static void send(RoutingContext ctx, int status, String title, String detail, String field) {
    JsonObject problem = new JsonObject().put("type", "about:blank").put("title", title).put("status", status).put("detail", detail);
    if (field != null) {
      problem.put("field", field);
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/problem+json").end(problem.encode());
  }
}
