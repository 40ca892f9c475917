package io.tandem.server.room;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.server.config.TandemConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Gives the node's rooms a context of their own; gateways hand frames to it. */
public final class RoomVerticle extends VerticleBase {
  private final TandemConfig config;
  private final RoomDirectory directory;
  private final MeterRegistry registry;
  private Rooms rooms;

  public RoomVerticle(TandemConfig config, RoomDirectory directory, MeterRegistry registry) {
    this.config = config;
    this.directory = directory;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    rooms = new Rooms(vertx, context, config, directory, registry);
    return Future.succeededFuture();
  }

  public Rooms rooms() {
    return rooms;
  }
}
