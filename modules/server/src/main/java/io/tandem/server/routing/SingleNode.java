package io.tandem.server.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.protocol.AgentRequest;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.FrameType;
import io.tandem.server.auth.AgentIdentity;
import io.tandem.server.config.TandemConfig;
import io.tandem.server.room.OtherNodes;
import io.tandem.server.room.Rooms;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;

/**
 * A node alone: it owns every room there is, so an agent's request goes to this node's rooms by a
 * direct call and what the rooms send comes straight back to the router. The path is the
 * cluster's, with the event bus left out: the same fencing and ordering, the same membership.
 * Room context only.
 */
public final class SingleNode implements Owners, ForwardedAgents.AgentNodes {
  /** No claim is ever older than this one: the owner's frames carry the room's own epoch. */
  private static final long ANY_EPOCH = 0;

  private final String self;
  private final ForwardedAgents forwarded;
  private final AgentRouter router;

  /** Call on the room context. */
  public SingleNode(Vertx vertx, TandemConfig config, Rooms rooms, MeterRegistry registry) {
    this.self = config.nodeId();
    this.forwarded = new ForwardedAgents(rooms, this);
    this.router = new AgentRouter(vertx, vertx.getOrCreateContext(), this, rooms.lists(), config.limits().maxRoomsPerAgent(),
        config.rooms().reconnectGraceMs(), new RouterMetrics(registry));
  }

  public Links links() {
    return new Links(OtherNodes.NONE, router);
  }

  // ---- the owner of every room (Owners) ----

  @Override
  public Future<Optional<Owner>> owner(String room) {
    return Future.succeededFuture(Optional.of(new Owner(self, ANY_EPOCH)));
  }

  @Override
  public Future<Void> join(String owner, String agentKey, String room, AgentIdentity agent) {
    forwarded.join(self, agentKey, room, agent);
    return Future.succeededFuture();
  }

  @Override
  public void leave(String owner, String agentKey, String room) {
    forwarded.leave(self, agentKey, room);
  }

  @Override
  public void request(String owner, String agentKey, String room, AgentRequest request) {
    forwarded.request(self, agentKey, room, request);
  }

  @Override
  public void closed(String owner, String agentKey, String room) {
    forwarded.closed(self, agentKey, room);
  }

  // ---- back to the agents (ForwardedAgents.AgentNodes) ----

  @Override
  public void deliver(ForwardedAgent agent, FrameType type, byte[] frame, long epoch) {
    router.deliver(agent.key, agent.room, epoch, type, frame);
  }

  @Override
  public void fail(ForwardedAgent agent, ErrorCode code, String message, long epoch) {
    router.fail(agent.key, agent.room, epoch, code, message);
  }
}
