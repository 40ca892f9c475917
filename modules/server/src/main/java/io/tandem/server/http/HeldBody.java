package io.tandem.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Holds a request's body unread while the handlers before a {@code BodyHandler} decide (a bearer
 * check, a bound on concurrent uploads), so a refused upload costs the node no memory: the body
 * waits in the socket and TCP makes the client wait. A request answered before its body was read
 * is told {@code Connection: close}; what is still coming is read and dropped up to
 * {@link #DRAIN_BYTES}, so a client still sending gets to read the answer, then the connection closes.
 */
public final class HeldBody implements Handler<RoutingContext> {
  /** Go's net/http drains as much before closing: enough to finish a small body and read the answer. */
  static final long DRAIN_BYTES = 256 * 1024;

  private HeldBody() {}

  public static HeldBody create() {
    return new HeldBody();
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!request.isEnded()) {
      request.pause();
      ctx.addHeadersEndHandler(v -> {
        if (!request.isEnded()) {
          ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
      });
      ctx.addEndHandler(done -> {
        if (!request.isEnded()) {
          drainThenClose(request);
        }
      });
    }
    ctx.next();
  }

  private static void drainThenClose(HttpServerRequest request) {
    long[] dropped = {0};
    request.handler(chunk -> {
      dropped[0] += chunk.length();
      if (dropped[0] > DRAIN_BYTES) {
        request.connection().close();
      }
    });
    request.endHandler(v -> request.connection().close());
    request.resume();
  }
}
