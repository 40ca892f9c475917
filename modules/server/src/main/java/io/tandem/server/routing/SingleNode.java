package io.tandem.server.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.protocol.AgentRequest;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.FrameType;
import io.tandem.server.auth.AgentIdentity;
import io.tandem.server.config.TandemConfig;
import io.tandem.server.audit.AuditTrail;
import io.tandem.server.room.OtherNodes;
import io.tandem.server.room.RoomExits;
import io.tandem.server.room.Rooms;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Optional;

/**
 * A node alone: it owns every room there is, so an agent's request goes to the room's shard
 * ({@link LocalShards}) and what the shards send comes back to the router. The path is the
 * cluster's, with the event bus left out: the same hops between contexts, the same fencing and
 * ordering, the same membership. Made on the agent side's context.
 */
public final class SingleNode implements Owners, ForwardedAgents.AgentNodes {
  /** No claim is ever older than this one: the owner's frames carry the room's own epoch. */
  private static final long ANY_EPOCH = 0;

  private final String self;
  private final LocalShards shards;
  private final AgentRouter router;

  /** Call on the agent side's context, after the shards are up. */
  public SingleNode(Vertx vertx, TandemConfig config, Rooms rooms, MeterRegistry registry) {
    this.self = config.nodeId();
    rooms.serveAgents(vertx.getOrCreateContext(), OtherNodes.NONE);
    this.shards = new LocalShards(rooms, this);
    this.router = new AgentRouter(vertx, vertx.getOrCreateContext(), this, rooms.lists(), config.limits().maxRoomsPerAgent(),
        config.rooms().reconnectGraceMs(), new RouterMetrics(registry), new RoomExits(new AuditTrail(vertx), registry));
  }

  public AgentRouter router() {
    return router;
  }

  // ---- the owner of every room (Owners), called on the router's context ----

  @Override
  public boolean ownersMayDie() {
    return false;
  }

  @Override
  public Future<Optional<Owner>> owner(String room) {
    return Future.succeededFuture(Optional.of(new Owner(self, ANY_EPOCH)));
  }

  @Override
  public Future<Void> join(Owner owner, String agentKey, String room, AgentIdentity agent, Map<String, Long> since, int unanswered) {
    shards.join(self, agentKey, room, agent, since, owner.epoch());
    return Future.succeededFuture();
  }

  @Override
  public void leave(String owner, String agentKey, String room) {
    shards.leave(self, agentKey, room);
  }

  @Override
  public void request(String owner, String agentKey, String room, AgentRequest request) {
    shards.request(self, agentKey, room, request);
  }

  @Override
  public void closed(String owner, String agentKey, String room) {
    shards.closed(self, agentKey, room);
  }

  // ---- back to the agents (ForwardedAgents.AgentNodes), called on the shards' contexts ----

  @Override
  public boolean deliver(ForwardedAgent agent, FrameType type, byte[] frame, long epoch) {
    router.deliver(agent.key, agent.room, epoch, type, frame);
    return true;
  }

  /** Never called: the agents are on this very node, which is never behind itself. */
  @Override
  public void behind(ForwardedAgent agent, long epoch) {}

  @Override
  public void fail(ForwardedAgent agent, ErrorCode code, String message, long epoch) {
    router.fail(self, agent.key, agent.room, epoch, agent.followed(), code, message);
  }
}
