package io.tandem.server.room;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.protocol.ConsentKind;
import io.tandem.protocol.SessionSummary;
import io.tandem.server.audit.AuditTrail;
import io.tandem.server.auth.Agent;
import io.tandem.server.config.TandemConfig;
import io.tandem.server.consent.ConsentAudit;
import io.tandem.server.timetravel.NodeBudget;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The rooms this node owns, sharded over {@code rooms.shards} contexts ({@link RoomShard}); a
 * session's shard is fixed by a hash of its id ({@link #shardIndex}), so every frame of a room
 * runs on one context and rooms of different sessions run in parallel. This is the node's view of
 * them: the way in for trackers (their shard), for what spans shards (the node's sessions, a
 * drain, an account change) and for what may be owned elsewhere in a cluster. The agent side
 * (routing/) reaches a shard's rooms through its forwarded memberships, as it reaches another
 * node's. The session list consoles get ({@link #lists}) runs on the agent side's context.
 */
public final class Rooms {
  private final Vertx vertx;
  private final TandemConfig config;
  private final RoomDirectory directory;
  private final MeterRegistry registry;
  private final NodeWide node;
  /** Set once, when every shard is up; read from any thread after. */
  private volatile List<RoomShard> shards = List.of();
  private volatile Function<String, String> iceServers = participant -> null;
  private volatile OtherNodes otherNodes = OtherNodes.NONE;
  private volatile boolean draining;
  private Context agentContext;
  private SessionListFeed feed;

  public Rooms(Vertx vertx, TandemConfig config, RoomDirectory directory, MeterRegistry registry) {
    this.vertx = vertx;
    this.config = config;
    this.directory = directory;
    this.registry = registry;
    RoomCount count = new RoomCount(config.limits().maxRoomsPerNode());
    AuditTrail audit = new AuditTrail(vertx);
    this.node = new NodeWide(count, new RoomMetrics(registry, count), new NodeBudget(NodeBudget.withinHeap(config.limits().nodeBufferBytes(), Runtime.getRuntime().maxMemory()), registry),
        new LiveSessions(), audit, new RoomExits(audit, registry), new ConsentAudit(audit, registry), participant -> iceServers.apply(participant),
        () -> otherNodes.clustered());
  }

  /**
   * The shard of a session: a stable hash of its id (the same on every node and every run), spread
   * over {@code shards}.
   */
  public static int shardIndex(String sessionId, int shards) {
    int h = sessionId.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return Math.floorMod(h, shards);
  }

  /**
   * Deploys one context per shard, each with its own event loop where there are enough; answers
   * once all are up. Before any socket is served.
   */
  public Future<Void> deployShards() {
    List<Future<?>> deployed = new ArrayList<>();
    List<RoomVerticle> verticles = new ArrayList<>();
    for (int i = 0; i < config.roomShards(); i++) {
      RoomVerticle verticle = new RoomVerticle(context -> new RoomShard(vertx, context, config, directory, node, registry));
      verticles.add(verticle);
      deployed.add(vertx.deployVerticle(verticle));
    }
    return Future.all(deployed).onSuccess(all -> shards = verticles.stream().map(RoomVerticle::shard).toList()).mapEmpty();
  }

  /** The node's shards, in hash order: shard {@code i} owns the sessions of {@link #shardIndex} {@code i}. */
  public List<RoomShard> shards() {
    return shards;
  }

  /** The shard that owns (or would own) this session on this node. */
  public RoomShard shard(String sessionId) {
    return shards.get(shardIndex(sessionId, shards.size()));
  }

  /**
   * Starts the session list on the agent side's context (call there, once, after the shards are
   * up); {@code otherNodes} is what the rooms know of other nodes, {@link OtherNodes#NONE} alone.
   */
  public void serveAgents(Context context, OtherNodes otherNodes) {
    this.agentContext = context;
    this.otherNodes = otherNodes;
    this.feed = new SessionListFeed(vertx, context, config.rooms().listPushMs(), node.sessions()::all, otherNodes::sessions);
    node.sessions().listen(context, () -> {
      feed.markChanged();
      this.otherNodes.sessionsChanged();
    });
  }

  /** Where agent consoles get their session list from. */
  public SessionListeners lists() {
    return feed;
  }

  /** The ICE servers (raw JSON array) handed to a call participant with its grant. */
  public void useIceServers(Function<String, String> iceServers) {
    this.iceServers = iceServers;
  }

  /**
   * The room's project if {@code agentId} holds a live grant of this kind there, asking the room's
   * owner in a cluster: an agent's HTTP requests (a recording's chunks) reach any node.
   */
  public Future<Optional<String>> grantedProject(String sessionId, String agentId, ConsentKind kind) {
    return grantedProjectHere(sessionId, agentId, kind).compose(found -> found.isPresent() || !otherNodes.clustered()
        ? Future.succeededFuture(found) : otherNodes.grantedProject(sessionId, agentId, kind));
  }

  /** {@link #grantedProject} for a room this node owns; empty for any other. */
  public Future<Optional<String>> grantedProjectHere(String sessionId, String agentId, ConsentKind kind) {
    return shard(sessionId).grantedProjectHere(sessionId, agentId, kind);
  }

  /**
   * Ends a session now, wherever it is owned: its agents get {@code ended} and its tabs are closed
   * with a policy close code, which makes trackers back off instead of reconnecting at once.
   * Answers whether it existed.
   */
  public Future<Boolean> terminate(String sessionId, String reason) {
    return terminateHere(sessionId, reason)
        .compose(found -> found || !otherNodes.clustered() ? Future.succeededFuture(found) : otherNodes.terminate(sessionId, reason));
  }

  /** Ends a session if this node owns it; answers whether it did. */
  public Future<Boolean> terminateHere(String sessionId, String reason) {
    return shard(sessionId).terminateHere(sessionId, reason);
  }

  /** An agent's account changed: its memberships in every shard review it ({@link RoomShard#revise}). */
  public void revise(String agentId, Optional<Agent> account) {
    shards.forEach(shard -> shard.revise(agentId, account));
  }

  /** Graceful shutdown of every shard ({@link RoomShard#drain}); answers once all are done. */
  public Future<Void> drain(long waitMs) {
    draining = true;
    return Future.all(shards.stream().map(shard -> shard.drain(waitMs)).toList()).mapEmpty();
  }

  /** Whether new trackers are being refused because the node is shutting down. */
  public boolean draining() {
    return draining;
  }

  /** The live sessions this node owns, oldest first. */
  public Future<List<SessionSummary>> sessions() {
    return Future.succeededFuture(node.sessions().all().stream().sorted(Comparator.comparingLong(SessionSummary::startedAt)).toList());
  }

  /** Every live session of the cluster as this node knows it: the list its consoles see. */
  public Future<List<SessionSummary>> clusterSessions() {
    return onAgentSide(feed::sessions);
  }

  public Future<Optional<SessionSummary>> clusterSession(String sessionId) {
    return onAgentSide(() -> feed.sessions().stream().filter(summary -> summary.room().equals(sessionId)).findFirst());
  }

  /** Another node's session list changed: this node's agents get the new cluster-wide list. Agent side's context. */
  public void otherSessionsChanged() {
    feed.markChanged();
  }

  private <T> Future<T> onAgentSide(Supplier<T> question) {
    Promise<T> answer = Promise.promise();
    agentContext.runOnContext(v -> answer.complete(question.get()));
    return answer.future();
  }

}
