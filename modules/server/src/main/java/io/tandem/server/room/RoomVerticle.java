package io.tandem.server.room;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.server.config.TandemConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.Function;

/**
 * Gives the node's rooms a context of their own; gateways hand frames to it. {@code L} is what
 * links the rooms to the agents and, in a cluster, to other nodes.
 */
public final class RoomVerticle<L> extends VerticleBase {
  private final TandemConfig config;
  private final RoomDirectory directory;
  private final MeterRegistry registry;
  private final Function<Rooms, Future<L>> link;
  private final Function<L, OtherNodes> otherNodes;
  private Rooms rooms;
  private L links;

  /** {@code link} runs on the room context before any socket is served. */
  public RoomVerticle(TandemConfig config, RoomDirectory directory, MeterRegistry registry, Function<Rooms, Future<L>> link,
      Function<L, OtherNodes> otherNodes) {
    this.config = config;
    this.directory = directory;
    this.registry = registry;
    this.link = link;
    this.otherNodes = otherNodes;
  }

  @Override
  public Future<?> start() {
    rooms = new Rooms(vertx, context, config, directory, registry);
    return link.apply(rooms).onSuccess(made -> {
      links = made;
      rooms.linkTo(otherNodes.apply(made));
    });
  }

  public Rooms rooms() {
    return rooms;
  }

  public L links() {
    return links;
  }
}
