package io.tandem.bench.chaos;

import io.vertx.core.Handler;
import io.vertx.core.http.WebSocket;

/**
 * The socket a chaos client gave up because its node went silent (as the tracker and the console
 * do): whatever that node sends or closes when it wakes is old news, and reaches none of the
 * client's handlers. Confined to the client's context.
 */
final class GivenUp {
  private WebSocket socket;

  void socket(WebSocket silent) {
    socket = silent;
  }

  /** {@code handler}, for every event of {@code of} unless it is the socket given up. */
  <T> Handler<T> unless(WebSocket of, Handler<T> handler) {
    return event -> {
      if (of != socket) {
        handler.handle(event);
      }
    };
  }
}
