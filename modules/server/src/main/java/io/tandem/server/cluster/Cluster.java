package io.tandem.server.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.protocol.AgentRequest;
import io.tandem.protocol.ConsentKind;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.FrameCodec;
import io.tandem.protocol.FrameType;
import io.tandem.protocol.Limits;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.SessionSummary;
import io.tandem.server.audit.AuditTrail;
import io.tandem.server.auth.AgentIdentity;
import io.tandem.server.config.TandemConfig;
import io.tandem.server.room.OtherNodes;
import io.tandem.server.room.RoomExits;
import io.tandem.server.room.Rooms;
import io.tandem.server.routing.AgentRouter;
import io.tandem.server.routing.ForwardedAgent;
import io.tandem.server.routing.ForwardedAgents;
import io.tandem.server.routing.LocalShards;
import io.tandem.server.routing.Owner;
import io.tandem.server.routing.Owners;
import io.tandem.server.routing.RouterMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * This node as a member of the cluster: it listens on its own address ({@code tandem.node.<nodeId>}),
 * serves there the agents of every node in the rooms its shards own ({@link LocalShards}), takes
 * the frames of rooms owned anywhere to its own agents ({@link AgentRouter}), follows claims and
 * leaving nodes, and shares the session list. A message for this very node goes to the room's
 * shard as another node's does, by the same hop, never through the event bus. Runs on the agent
 * side's context (the router's); the shards call {@link #deliver} and {@link #fail} on theirs.
 */
public final class Cluster implements OtherNodes, Owners, ForwardedAgents.AgentNodes {
  /** A forwarded join's field beside the agent's identity: the last seq per tab the agent has. */
  private static final String SINCE = "since";
  private final Vertx vertx;
  private final Context context;
  private final String self;
  private final Limits limits;
  private final ClusterSettings settings;
  private final Rooms rooms;
  private final HazelcastRoomDirectory directory;
  private final FrameCodec codec = new FrameCodec();
  private final LocalShards forwarded;
  private final AgentRouter router;
  private final ClusterSessions sessions;
  private final ClusterMetrics metrics;
  private final ForwardBacklog backlog;
  private final ForwardBacklog.Receipts receipts = new ForwardBacklog.Receipts();

  private Cluster(Vertx vertx, HazelcastInstance hazelcast, TandemConfig config, ClusterSettings settings, HazelcastRoomDirectory directory,
      Rooms rooms, MeterRegistry registry) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.self = config.nodeId();
    this.limits = config.limits();
    this.settings = settings;
    this.rooms = rooms;
    this.directory = directory;
    rooms.serveAgents(context, this);
    this.forwarded = new LocalShards(rooms, this);
    this.router = new AgentRouter(vertx, context, this, rooms.lists(), limits.maxRoomsPerAgent(), config.rooms().reconnectGraceMs(),
        new RouterMetrics(registry), new RoomExits(new AuditTrail(vertx), registry));
    this.sessions = new ClusterSessions(vertx, self, rooms, config.rooms().listPushMs());
    this.metrics = new ClusterMetrics(hazelcast, registry);
    this.backlog = new ForwardBacklog(settings.forwardBacklogBytes(), registry);
  }

  /** Joins this node's rooms to the cluster; call on the agent side's context, after the shards are up. */
  public static Future<AgentRouter> attach(Vertx vertx, HazelcastInstance hazelcast, TandemConfig config, ClusterSettings settings,
      HazelcastRoomDirectory directory, Rooms rooms, MeterRegistry registry) {
    Cluster cluster = new Cluster(vertx, hazelcast, config, settings, directory, rooms, registry);
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(NodeMessages.address(cluster.self), cluster::received);
    directory.watchClaims(claim -> cluster.onContext(c -> c.claimed(claim)));
    hazelcast.getCluster().addMembershipListener(cluster.new Members());
    new OrphanSweep(vertx, hazelcast, directory, config.rooms().reconnectGraceMs(), registry).start(settings.orphanSweepMs());
    return Future.all(consumer.completion(), cluster.sessions.start(settings.sessionsRefreshMs()))
        .map(done -> {
          cluster.sessions.changed();
          return cluster.router;
        });
  }

  @Override
  public boolean clustered() {
    return true;
  }

  @Override
  public void sessionsChanged() {
    sessions.changed();
  }

  @Override
  public List<SessionSummary> sessions() {
    return sessions.sessions();
  }

  @Override
  public Future<Boolean> terminate(String sessionId, String reason) {
    return askOwner(sessionId, NodeMessages.TERMINATE, "", reason).map(reply -> reply.map(Boolean::parseBoolean).orElse(false));
  }

  @Override
  public Future<Optional<String>> grantedProject(String sessionId, String agentId, ConsentKind kind) {
    return askOwner(sessionId, NodeMessages.GRANTED_PROJECT, agentId, kind.name()).map(reply -> reply.filter(project -> !project.isEmpty()));
  }

  /** The reply of the room's owner, if another node owns it. */
  private Future<Optional<String>> askOwner(String room, String op, String agent, String body) {
    return directory.owner(room, context).compose(owner -> {
      if (owner.isEmpty() || owner.get().nodeId().equals(self)) {
        return Future.succeededFuture(Optional.empty());
      }
      return vertx.eventBus()
          .<String>request(NodeMessages.address(owner.get().nodeId()), body, NodeMessages.headers(op, self, agent, room))
          .map(reply -> Optional.of(reply.body()));
    });
  }

  // ---- to the owners of rooms (Owners) ----

  @Override
  public boolean ownersMayDie() {
    return true;
  }

  @Override
  public Future<Optional<Owner>> owner(String room) {
    return directory.owner(room, context).map(found -> found.map(ownership -> new Owner(ownership.nodeId(), ownership.epoch(), ownership.memberId())));
  }

  @Override
  public Future<Void> join(Owner owner, String agentKey, String room, AgentIdentity agent, Map<String, Long> since, int unanswered) {
    if (owner.nodeId().equals(self)) {
      forwarded.join(self, agentKey, room, agent, since, owner.epoch());
      return Future.succeededFuture();
    }
    DeliveryOptions options = NodeMessages.headers(NodeMessages.JOIN, self, agentKey, room)
        .addHeader(NodeMessages.FOLLOWED, Long.toString(owner.epoch())).setSendTimeout(settings.joinWaitMs(unanswered));
    JsonObject body = identity(agent).put(SINCE, new JsonObject(new HashMap<>(since)));
    return vertx.eventBus().request(NodeMessages.address(owner.nodeId()), body.encode(), options).mapEmpty();
  }

  @Override
  public void leave(String owner, String agentKey, String room) {
    if (owner.equals(self)) {
      forwarded.leave(self, agentKey, room);
    } else {
      toNode(owner, NodeMessages.LEAVE, agentKey, room, "");
    }
  }

  @Override
  public void request(String owner, String agentKey, String room, AgentRequest request) {
    if (owner.equals(self)) {
      forwarded.request(self, agentKey, room, request);
    } else {
      toNode(owner, NodeMessages.REQUEST, agentKey, room, request.header().toString());
    }
  }

  @Override
  public void closed(String owner, String agentKey, String room) {
    if (owner.equals(self)) {
      forwarded.closed(self, agentKey, room);
    } else {
      toNode(owner, NodeMessages.CLOSED, agentKey, room, "");
    }
  }

  private void toNode(String node, String op, String agentKey, String room, String body) {
    vertx.eventBus().send(NodeMessages.address(node), body, NodeMessages.headers(op, self, agentKey, room));
  }

  // ---- to the nodes of agents (ForwardedAgents.AgentNodes) ----

  @Override
  public boolean deliver(ForwardedAgent agent, FrameType type, byte[] frame, long epoch) {
    if (agent.node.equals(self)) {
      router.deliver(agent.key, agent.room, epoch, type, frame);
      return true;
    }
    if (!backlog.send(agent.node, frame.length)) {
      return false;
    }
    vertx.eventBus().send(NodeMessages.address(agent.node), Buffer.buffer(frame),
        NodeMessages.headers(NodeMessages.DELIVER, self, agent.key, agent.room, epoch).addHeader(NodeMessages.TYPE, type.wireName()));
    return true;
  }

  @Override
  public void behind(ForwardedAgent agent, long epoch) {
    backlog.cut();
    vertx.eventBus().send(NodeMessages.address(agent.node), "", NodeMessages.headers(NodeMessages.BEHIND, self, agent.key, agent.room, epoch));
  }

  @Override
  public void fail(ForwardedAgent agent, ErrorCode code, String message, long epoch) {
    if (agent.node.equals(self)) {
      router.fail(self, agent.key, agent.room, epoch, agent.followed(), code, message);
    } else {
      vertx.eventBus().send(NodeMessages.address(agent.node), message, NodeMessages.headers(NodeMessages.FAIL, self, agent.key, agent.room, epoch)
          .addHeader(NodeMessages.CODE, code.name()).addHeader(NodeMessages.FOLLOWED, Long.toString(agent.followed())));
    }
  }

  // ---- what arrives ----

  /** A frame for an agent ({@code deliver}) comes as bytes, every other body as text. */
  private void received(Message<Object> message) {
    MultiMap h = message.headers();
    String op = h.get(NodeMessages.OP);
    String key = h.get(NodeMessages.AGENT);
    String room = h.get(NodeMessages.ROOM);
    switch (op) {
      case NodeMessages.DELIVER -> delivered(h, key, room, ((Buffer) message.body()).getBytes());
      case NodeMessages.RECEIVED -> backlog.received(h.get(NodeMessages.NODE), Long.parseLong(text(message)));
      case NodeMessages.BEHIND -> router.behind(key, room, NodeMessages.epoch(h));
      case NodeMessages.FAIL -> router.fail(h.get(NodeMessages.NODE), key, room, NodeMessages.epoch(h), NodeMessages.followed(h),
          ErrorCode.valueOf(h.get(NodeMessages.CODE)), text(message));
      case NodeMessages.TERMINATE -> rooms.terminateHere(room, text(message))
          .onComplete(ended -> message.reply(Boolean.toString(ended.succeeded() && ended.result())));
      case NodeMessages.GRANTED_PROJECT -> rooms.grantedProjectHere(room, key, ConsentKind.valueOf(text(message)))
          .onComplete(project -> message.reply(project.succeeded() ? project.result().orElse("") : ""));
      default -> {
        toOwner(h, key, room, text(message));
        if (message.replyAddress() != null) {
          message.reply("");
        }
      }
    }
  }

  /** A frame from a room's owner for one of this node's agents; the owner hears now and then how much came ({@link ForwardBacklog}). */
  private void delivered(MultiMap h, String key, String room, byte[] frame) {
    String owner = h.get(NodeMessages.NODE);
    FrameType.fromWireName(h.get(NodeMessages.TYPE)).ifPresent(type -> router.deliver(key, room, NodeMessages.epoch(h), type, frame));
    long receipt = receipts.received(owner, frame.length);
    if (receipt >= 0) {
      vertx.eventBus().send(NodeMessages.address(owner), Long.toString(receipt), NodeMessages.headers(NodeMessages.RECEIVED, self, "", ""));
    }
  }

  private static String text(Message<Object> message) {
    return (String) message.body();
  }

  private void toOwner(MultiMap h, String key, String room, String body) {
    String node = h.get(NodeMessages.NODE);
    String op = h.get(NodeMessages.OP);
    switch (op) {
      case NodeMessages.JOIN -> join(node, key, room, new JsonObject(body), NodeMessages.followed(h));
      case NodeMessages.LEAVE -> forwarded.leave(node, key, room);
      case NodeMessages.CLOSED -> forwarded.closed(node, key, room);
      case NodeMessages.REQUEST -> request(node, key, room, body);
      default -> throw new IllegalArgumentException("no node message '" + op + "'");
    }
  }

  /** The request was validated on the agent's node; it is read back from its validated header. */
  private void request(String node, String key, String room, String body) {
    try {
      forwarded.request(node, key, room, AgentRequest.from(codec.decode(body.getBytes(StandardCharsets.UTF_8), limits.maxAgentFrameBytes()), limits));
    } catch (ProtocolException e) {
      forwarded.refused(node, key, room, e.code(), e.getMessage());
    }
  }

  private void claimed(HazelcastRoomDirectory.Claim claim) {
    String room = claim.room();
    Ownership ownership = claim.ownership();
    metrics.claimed(self, ownership, claim.previousOwner());
    if (!ownership.nodeId().equals(self)) {
      forwarded.claimedElsewhere(room, ownership.epoch());
    }
    router.claimed(room, new Owner(ownership.nodeId(), ownership.epoch(), ownership.memberId()));
  }

  private void nodeLeft(String node, String run) {
    backlog.forget(node);
    receipts.forget(node);
    forwarded.nodeLeft(node);
    router.nodeLeft(node, run);
    sessions.nodeLeft(node);
  }

  private void onContext(Consumer<Cluster> action) {
    context.runOnContext(v -> action.accept(this));
  }

  private static JsonObject identity(AgentIdentity agent) {
    return new JsonObject().put("id", agent.id()).put("name", agent.name())
        .put("roles", new JsonArray(agent.roles())).put("projects", new JsonArray(List.copyOf(agent.projects())));
  }

  private void join(String node, String key, String room, JsonObject body, long followed) {
    Map<String, Long> since = new HashMap<>();
    body.getJsonObject(SINCE, new JsonObject()).forEach(tab -> since.put(tab.getKey(), ((Number) tab.getValue()).longValue()));
    forwarded.join(node, key, room, identity(body), since, followed);
  }

  private static AgentIdentity identity(JsonObject json) {
    return new AgentIdentity(json.getString("id"), json.getString("name"),
        json.getJsonArray("roles").stream().map(Object::toString).toList(),
        new HashSet<>(json.getJsonArray("projects").stream().map(Object::toString).toList()));
  }

  /** Hazelcast calls these on its own threads. */
  private final class Members implements MembershipListener {
    @Override
    public void memberAdded(MembershipEvent event) {
      String node = event.getMember().getAttribute(ClusteredVertx.NODE_ATTRIBUTE);
      String run = ClusteredVertx.run(event.getMember());
      onContext(c -> {
        if (node != null) {
          c.router.nodeJoined(node, run);
        }
        c.sessions.changed();
      });
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      String node = event.getMember().getAttribute(ClusteredVertx.NODE_ATTRIBUTE);
      String run = ClusteredVertx.run(event.getMember());
      if (node != null) {
        onContext(c -> c.nodeLeft(node, run));
      }
    }
  }
}
