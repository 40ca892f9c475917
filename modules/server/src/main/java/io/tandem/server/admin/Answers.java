package io.tandem.server.admin;

import io.tandem.server.http.Problems;
import io.tandem.server.storage.UnstorableText;
import io.tandem.server.storage.Conflict;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/** How the API answers: JSON on success, problem+json with the reason on failure. */
final class Answers {
  private static final Logger LOG = Logger.getLogger(Answers.class.getName());

  private Answers() {}

  static void json(RoutingContext ctx, int status, Object body) {
    String encoded = body instanceof JsonArray array ? array.encode() : ((JsonObject) body).encode();
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(encoded);
  }

  static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }

  static void notFound(RoutingContext ctx, String what) {
    Problems.send(ctx, 404, "Not Found", what + " does not exist");
  }

  /** Runs a handler, turning a thrown {@link InvalidRequest} into a 400. */
  static Handler<RoutingContext> guarded(Handler<RoutingContext> handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (RuntimeException e) {
        failed(ctx).handle(e);
      }
    };
  }

  static Handler<Throwable> failed(RoutingContext ctx) {
    return failed(ctx, null);
  }

  /** As {@link #failed(RoutingContext)}, naming {@code conflictField} in a 409 (the id a create found taken). */
  static Handler<Throwable> failed(RoutingContext ctx, String conflictField) {
    return failure -> {
      if (failure instanceof InvalidRequest invalid) {
        Problems.send(ctx, 400, "Bad Request", invalid.getMessage(), invalid.field());
      } else if (failure instanceof Conflict) {
        Problems.send(ctx, 409, "Conflict", failure.getMessage(), conflictField);
      } else if (UnstorableText.is(failure)) {
        Problems.send(ctx, 400, "Bad Request", UnstorableText.MESSAGE);
      } else {
        LOG.log(Level.WARNING, ctx.request().method() + " " + ctx.request().path() + " failed", failure);
        Problems.send(ctx, 500, "Internal Server Error",
            failure instanceof Body.UndeclaredField ? failure.getMessage() : "the request failed on the server; see its log");
      }
    };
  }
}
