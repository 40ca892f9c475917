package io.tandem.server.signaling;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * Runs the node's {@link StunResponder}. Binding and closing its UDP socket block, so they run
 * off the event loop. A port that cannot be bound fails the deployment, and so the node's start:
 * like a taken HTTP port, it is a configuration error for the operator to fix, not a transient one.
 */
public final class StunVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(StunVerticle.class.getName());

  private final StunSettings settings;
  private StunResponder responder;

  private StunVerticle(StunSettings settings) {
    this.settings = settings;
  }

  /**
   * Starts the STUN responder if {@code stun.enabled}, and answers with the ICE servers that
   * point at it (and at the TURN server of {@code turn.*}).
   */
  public static Future<IceServers> deploy(Vertx vertx, JsonObject config) {
    StunSettings stun;
    TurnSettings turn;
    try {
      stun = StunSettings.from(config.getJsonObject("stun"));
      turn = TurnSettings.from(config.getJsonObject("turn"));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    if (!stun.enabled()) {
      LOG.info("STUN responder off (stun.enabled=false)");
      return Future.succeededFuture(new IceServers(stun, 0, turn, Clock.systemUTC()));
    }
    StunVerticle verticle = new StunVerticle(stun);
    return vertx.deployVerticle(verticle).map(id -> new IceServers(stun, verticle.responder.port(), turn, Clock.systemUTC()));
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(() -> StunResponder.bind(settings.host(), settings.port()))
        .onSuccess(bound -> {
          responder = bound;
          LOG.info("STUN responder listening on " + settings.host() + ":" + bound.port() + "/udp");
        })
        .recover(e -> Future.failedFuture(new IllegalStateException("cannot bind the STUN port " + settings.host() + ":" + settings.port()
            + "/udp (" + e.getMessage() + "); free it, set stun.port (TANDEM_STUN_PORT) to another port, or 0 for any free one,"
            + " or turn the responder off with stun.enabled=false (TANDEM_STUN_ENABLED)", e)));
  }

  @Override
  public Future<?> stop() {
    return responder == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      responder.close();
      return null;
    });
  }
}
