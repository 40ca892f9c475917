package io.tandem.server.routing;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.Supplier;

/**
 * Gives the node's agent side a context of its own: the router, the session list and, in a cluster,
 * what arrives from other nodes. {@code link} makes them on that context, after the room shards are up.
 */
public final class RouterVerticle extends VerticleBase {
  private final Supplier<Future<AgentRouter>> link;
  private AgentRouter router;

  public RouterVerticle(Supplier<Future<AgentRouter>> link) {
    this.link = link;
  }

  @Override
  public Future<?> start() {
    return link.get().onSuccess(made -> router = made);
  }

  public AgentRouter router() {
    return router;
  }
}
