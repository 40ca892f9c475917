package io.tandem.server.room;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.Function;

/** Gives one room shard a context of its own: the shard is made on it, so its tasks and timers run there. */
final class RoomVerticle extends VerticleBase {
  private final Function<Context, RoomShard> shardOn;
  private RoomShard shard;

  RoomVerticle(Function<Context, RoomShard> shardOn) {
    this.shardOn = shardOn;
  }

  @Override
  public Future<?> start() {
    shard = shardOn.apply(context);
    return Future.succeededFuture();
  }

  RoomShard shard() {
    return shard;
  }
}
