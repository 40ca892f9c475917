package io.tandem.server.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Error answers of the REST API as RFC 9457 {@code application/problem+json}. */
public final class Problems {
  private Problems() {}

  public static void send(RoutingContext ctx, int status, String title, String detail) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/problem+json")
        .end(new JsonObject().put("type", "about:blank").put("title", title).put("status", status).put("detail", detail).encode());
  }
}
