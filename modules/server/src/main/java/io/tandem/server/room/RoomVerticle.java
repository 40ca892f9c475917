package io.tandem.server.room;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.server.config.TandemConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.Function;

/** Gives the node's rooms a context of their own; gateways hand frames to it. */
public final class RoomVerticle extends VerticleBase {
  private final TandemConfig config;
  private final RoomDirectory directory;
  private final MeterRegistry registry;
  private final Function<Rooms, Future<OtherNodes>> otherNodes;
  private Rooms rooms;

  /** {@code otherNodes} links the rooms to the cluster, on the room context, before any socket is served. */
  public RoomVerticle(TandemConfig config, RoomDirectory directory, MeterRegistry registry, Function<Rooms, Future<OtherNodes>> otherNodes) {
    this.config = config;
    this.directory = directory;
    this.registry = registry;
    this.otherNodes = otherNodes;
  }

  @Override
  public Future<?> start() {
    rooms = new Rooms(vertx, context, config, directory, registry);
    return otherNodes.apply(rooms).onSuccess(rooms::linkTo);
  }

  public Rooms rooms() {
    return rooms;
  }
}
