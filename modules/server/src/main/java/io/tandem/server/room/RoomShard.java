package io.tandem.server.room;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.protocol.AgentRequest;
import io.tandem.protocol.ConsentKind;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.EventBatch;
import io.tandem.protocol.FrameType;
import io.tandem.protocol.Limits;
import io.tandem.protocol.PageInfo;
import io.tandem.protocol.ServerFrames;
import io.tandem.protocol.SessionSummary;
import io.tandem.protocol.TrackerHello;
import io.tandem.protocol.TrackerRequest;
import io.tandem.server.audit.AuditTrail;
import io.tandem.server.auth.Agent;
import io.tandem.server.auth.Project;
import io.tandem.server.config.TandemConfig;
import io.tandem.server.consent.Assistance;
import io.tandem.server.consent.ConsentRules;
import io.tandem.server.peer.AgentPeer;
import io.tandem.server.peer.TrackerPeer;
import io.tandem.server.timetravel.HistoryBudget;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One shard of the rooms this node owns: the owner's registry for the sessions whose id hashes to
 * it ({@link Rooms#shardIndex}). Trackers' sockets call in from their own event loops; agents come
 * in as memberships ({@code AgentPeer}s) that the agent side (routing/) forwards to the owner,
 * whether the agent's socket is on this node or another. Every call hops onto the shard's context,
 * so room state is never shared between threads and each room sees its frames in the order they
 * arrived. What must hold node-wide (the number of rooms, the history budget, the session list)
 * is shared through {@link NodeWide}, never read from another shard.
 */
public final class RoomShard {
  private static final short TERMINATED_CLOSE_CODE = 1008;
  private static final long DRAIN_POLL_MS = 50;

  private final Vertx vertx;
  private final Context context;
  private final String nodeId;
  private final Limits limits;
  private final TandemConfig.RoomTimings timings;
  private final ServerFrames.TrackerTimings trackerTimings;
  private final RoomDirectory directory;
  private final Map<String, Room> rooms = new HashMap<>();
  private final Map<AgentPeer, Set<Room>> agents = new HashMap<>();
  private final Map<TrackerPeer, Tab> tabsByPeer = new HashMap<>();
  private final Map<TrackerPeer, Room> roomsByPeer = new HashMap<>();
  /** Rooms being claimed, with what waits for the claim: a second tab's hello, a forwarded join. */
  private final Map<String, List<Runnable>> claiming = new HashMap<>();
  private boolean draining;
  private final NodeWide node;
  private final RoomMetrics metrics;
  private final HistoryBudget budget;
  private final PendingAcks acks;
  private final ProofRefusals proofRefusals;

  RoomShard(Vertx vertx, Context context, TandemConfig config, RoomDirectory directory, NodeWide node, MeterRegistry registry) {
    this.vertx = vertx;
    this.context = context;
    this.nodeId = config.nodeId();
    this.limits = config.limits();
    this.timings = config.rooms();
    this.trackerTimings = new ServerFrames.TrackerTimings(config.heartbeatMs(), config.replyTimeoutMs());
    this.directory = directory;
    this.node = node;
    this.metrics = node.metrics();
    this.budget = new HistoryBudget(timings.timeTravelWindowMs(), limits.roomBufferBytes(), node.history(), registry);
    this.acks = new PendingAcks(context);
    this.proofRefusals = new ProofRefusals(vertx, node.audit());
  }

  /** The shard's context: everything of its rooms runs there. */
  public Context context() {
    return context;
  }

  /**
   * A tab's hello. The first hello of a session starts it and records the hash of its secret; every
   * later one (another tab, a reload, a reconnect to any node) must present the same secret, or it
   * is refused and the room does not notice.
   */
  public void trackerHello(TrackerPeer peer, TrackerHello hello, Project project) {
    SessionProof proof = SessionProof.of(hello.sessionSecret());
    long helloNanos = System.nanoTime();
    run(() -> trackerHelloNow(peer, hello, project, proof, helloNanos));
  }

  private void trackerHelloNow(TrackerPeer peer, TrackerHello hello, Project project, SessionProof proof, long helloNanos) {
    Room room = rooms.get(hello.sessionId());
    if (draining) {
      peer.fail(ErrorCode.NODE_DRAINING, "this node is shutting down; reconnect to another node", null);
    } else if (room != null && !room.proof.matches(proof)) {
      refuseProof(peer, hello.sessionId());
    } else if (room != null) {
      attach(room, peer, hello, project);
    } else if (claiming.containsKey(hello.sessionId())) {
      claiming.get(hello.sessionId()).add(() -> trackerHelloNow(peer, hello, project, proof, helloNanos));
    } else if (!node.rooms().tryReserve()) {
      peer.fail(ErrorCode.NODE_FULL, "this node already owns " + limits.maxRoomsPerNode() + " rooms; reconnect to another node", null);
    } else {
      claim(peer, hello, project, proof, helloNanos);
    }
  }

  /** The room's place in the node's count is reserved; a claim that fails gives it back. */
  private void claim(TrackerPeer peer, TrackerHello hello, Project project, SessionProof proof, long helloNanos) {
    String id = hello.sessionId();
    claiming.put(id, new ArrayList<>());
    long askedNanos = System.nanoTime();
    directory.claim(id, nodeId, proof).onComplete(claimed -> run(() -> {
      List<Runnable> waiting = claiming.remove(id);
      if (claimed.succeeded()) {
        metrics.claimed(id, helloNanos, askedNanos);
        Room room = newRoom(hello, project, claimed.result(), proof);
        rooms.put(id, room);
        node.sessions().put(room.summary());
        attach(room, peer, hello, project);
      } else {
        node.rooms().release();
        if (claimed.cause() instanceof SessionProofRefused) {
          refuseProof(peer, id);
        } else {
          peer.fail(ErrorCode.NODE_DRAINING, "this node cannot take the session now (" + claimed.cause().getMessage() + "); reconnect", null);
        }
      }
      waiting.forEach(Runnable::run);
    }));
  }

  private void refuseProof(TrackerPeer peer, String sessionId) {
    proofRefusals.refused(sessionId);
    peer.fail(ErrorCode.SESSION_PROOF_FAILED,
        "session '" + sessionId + "' was started by another browser session: this hello's sessionSecret is not its secret; start a new session", null);
  }

  public void trackerPage(TrackerPeer peer, PageInfo page) {
    run(() -> {
      Tab tab = tabsByPeer.get(peer);
      if (tab != null) {
        tab.page = page;
        changed(roomsByPeer.get(peer));
      }
    });
  }

  /** {@code receivedNanos}: when the socket read the batch, for the delivery latency metric. */
  public void trackerBatch(TrackerPeer peer, EventBatch batch, long receivedNanos) {
    run(() -> {
      Tab tab = tabsByPeer.get(peer);
      if (tab != null) {
        roomsByPeer.get(peer).acceptBatch(tab, batch, receivedNanos);
      }
    });
  }

  /** A consent answer or signal of a tab: handled by the room's {@link Assistance}. */
  public void fromTracker(TrackerPeer peer, TrackerRequest request) {
    run(() -> {
      Tab tab = tabsByPeer.get(peer);
      if (tab != null) {
        roomsByPeer.get(peer).assistance.fromTracker(peer, tab.id, request);
      }
    });
  }

  public void trackerClosed(TrackerPeer peer) {
    run(() -> {
      Tab tab = tabsByPeer.remove(peer);
      Room room = roomsByPeer.remove(peer);
      if (tab == null || tab.peer != peer) {
        return;
      }
      tab.peer = null;
      room.assistance.tabDisconnected(tab.id);
      awaitTab(room, tab);
      changed(room);
    });
  }

  /** An agent's membership arrives; it may then join its room. */
  public void agentConnected(AgentPeer agent) {
    run(() -> agents.put(agent, new LinkedHashSet<>()));
  }

  /** {@code since}: the last seq per tab the agent already has; its history starts after it. */
  public void join(AgentPeer agent, String roomId, Map<String, Long> since) {
    run(() -> {
      Room room = rooms.get(roomId);
      Set<Room> joined = agents.get(agent);
      if (joined == null) {
        return;
      }
      if (room == null && claiming.containsKey(roomId)) {
        claiming.get(roomId).add(() -> join(agent, roomId, since));
      } else if (room == null || !agent.agent().sees(room.project.id())) {
        // The same answer whether the session is missing or hidden, so its existence is not revealed.
        agent.fail(ErrorCode.UNKNOWN_ROOM, "no live session '" + roomId + "'", roomId);
        announce("session.join", agent, room, roomId, room == null ? "unknown" : "refused");
      } else if (room.contains(agent)) {
        agent.send(FrameType.JOINED, ServerFrames.joined(room.summary()));
      } else if (room.agentCount() >= limits.maxAgentsPerRoom()) {
        agent.fail(ErrorCode.ROOM_FULL, "this session already has " + limits.maxAgentsPerRoom() + " agents", roomId);
      } else {
        addAgent(room, agent, joined, since);
      }
    });
  }

  /**
   * A member whose frames were dropped while its node was behind (routing/ForwardedAgents) joins
   * again: {@code resumed} lets its frames through again, and in the same turn it gets what it missed
   * after {@code since} and its open consents, so no live batch slips in between. One no longer in
   * the room (it ended, or the agent lost access meanwhile) joins as anyone would.
   */
  public void resume(AgentPeer agent, String roomId, Map<String, Long> since, Runnable resumed) {
    run(() -> {
      resumed.run();
      Room room = rooms.get(roomId);
      if (room == null || !room.contains(agent)) {
        join(agent, roomId, since);
        return;
      }
      agent.send(FrameType.JOINED, ServerFrames.joined(room.summary()));
      room.catchUp(agent, since);
      room.assistance.agentJoined(agent);
    });
  }

  public void leave(AgentPeer agent, String roomId) {
    run(() -> {
      Room room = rooms.get(roomId);
      if (room == null || !room.contains(agent)) {
        agent.fail(ErrorCode.NOT_JOINED, "you are not in session '" + roomId + "'", roomId);
        return;
      }
      removeAgent(room, agent, RoomExit.AGENT_LEFT);
      agent.send(FrameType.LEFT, ServerFrames.left(roomId));
      announce("session.leave", agent, room, roomId, "success");
    });
  }

  /**
   * A room-scoped frame of an agent in the room (consent, control, annotate, signal): handled by its
   * {@link Assistance} on the room's owner, which in a cluster may be another node.
   */
  public void fromAgent(AgentPeer agent, AgentRequest request) {
    run(() -> {
      Room room = rooms.get(request.room());
      if (room == null || !room.contains(agent)) {
        agent.fail(ErrorCode.NOT_JOINED, "you are not in session '" + request.room() + "'; join it first", request.room());
        return;
      }
      room.assistance.fromAgent(agent, request);
    });
  }

  /** {@link Rooms#grantedProject} for a room this shard owns; empty for any other. */
  public Future<Optional<String>> grantedProjectHere(String sessionId, String agentId, ConsentKind kind) {
    return ask(() -> Optional.ofNullable(rooms.get(sessionId)).filter(room -> room.assistance.holds(agentId, kind)).map(room -> room.project.id()));
  }

  /** The agent's membership is gone: its socket closed ({@code why}), or its node left the cluster. */
  public void agentClosed(AgentPeer agent, RoomExit why) {
    run(() -> {
      Set<Room> joined = agents.remove(agent);
      if (joined == null) {
        return;
      }
      Set.copyOf(joined).forEach(room -> removeAgent(room, agent, why));
    });
  }

  /**
   * An agent's account changed ({@code account} empty: disabled or gone). Each membership of that
   * agent in the rooms this shard owns reviews it. One that no longer stands says why and leaves its
   * room at once. The others leave, with {@code ACCESS_REVOKED} then {@code left}, each room they
   * may no longer see. Leaving a room ends the agent's grants there. (The agent's sockets are
   * reviewed by their router, routing/AgentRouter#revise.)
   */
  public void revise(String agentId, Optional<Agent> account) {
    run(() -> {
      for (AgentPeer peer : List.copyOf(agents.keySet())) {
        if (!peer.agent().id().equals(agentId)) {
          continue;
        }
        Set<Room> joined = Set.copyOf(agents.getOrDefault(peer, Set.of()));
        if (!peer.review(account)) {
          joined.forEach(room -> removeAgent(room, peer, RoomExit.REVOKED));
          continue;
        }
        joined.stream().filter(room -> !peer.agent().sees(room.project.id())).forEach(room -> revoke(room, peer));
      }
    });
  }

  private void revoke(Room room, AgentPeer agent) {
    removeAgent(room, agent, RoomExit.REVOKED);
    agent.fail(ErrorCode.ACCESS_REVOKED, "your roles or projects changed: you may no longer watch session '" + room.id + "'", room.id);
    agent.send(FrameType.LEFT, ServerFrames.left(room.id));
    announce("session.leave", agent, room, room.id, "revoked");
  }

  /** The epoch of the room's claim if this shard owns it; called on the shard's context. */
  public OptionalLong ownedEpoch(String roomId) {
    Room room = rooms.get(roomId);
    return room == null ? OptionalLong.empty() : OptionalLong.of(room.epoch);
  }

  /**
   * Another node claimed the room with a higher epoch (its tracker reconnected there while this
   * node was unreachable or paused), or with the same epoch, which only a split cluster merging
   * again can show (each half claimed the room, and the other half's claim won): this node drops its
   * copy without a word to the agents, who follow the new owner, and tells its tabs still connected
   * here to reconnect. Answers whether it had a copy to drop. Shard context only.
   */
  public boolean disown(String roomId, long epoch) {
    Room room = rooms.get(roomId);
    if (room == null || room.epoch > epoch) {
      return false;
    }
    rooms.remove(roomId);
    closeTabs(room, ErrorCode.ROOM_MOVED, "another node serves session '" + roomId + "' now; reconnect");
    for (AgentPeer agent : Set.copyOf(room.agentPeers())) {
      room.removeAgent(agent);
      exited(room, agent, RoomExit.MOVED);
      Set<Room> joined = agents.get(agent);
      if (joined != null) {
        joined.remove(room);
      }
    }
    room.close();
    node.rooms().release();
    node.sessions().remove(roomId);
    return true;
  }

  /**
   * Graceful shutdown: new trackers are refused and every tab is told to reconnect to another node,
   * where the rooms are claimed again (the agent side tells its agents). Answers once this shard owns
   * no room, or after {@code waitMs} (the rooms whose trackers do not come back end on their own timers).
   */
  public Future<Void> drain(long waitMs) {
    Promise<Void> drained = Promise.promise();
    run(() -> {
      draining = true;
      List.copyOf(rooms.values()).forEach(room -> closeTabs(room, ErrorCode.NODE_DRAINING, "this node is shutting down; reconnect to another node"));
      long deadline = System.currentTimeMillis() + waitMs;
      awaitEmpty(drained, deadline);
    });
    return drained.future();
  }

  private void awaitEmpty(Promise<Void> drained, long deadline) {
    if (rooms.isEmpty() || !node.clustered().getAsBoolean() || System.currentTimeMillis() >= deadline) {
      drained.complete();
    } else {
      vertx.setTimer(DRAIN_POLL_MS, id -> awaitEmpty(drained, deadline));
    }
  }

  private void closeTabs(Room room, ErrorCode code, String message) {
    for (Tab tab : room.tabs()) {
      if (tab.peer != null) {
        tabsByPeer.remove(tab.peer);
        roomsByPeer.remove(tab.peer);
        tab.peer.fail(code, message, null);
      }
    }
  }

  /** {@link Rooms#terminate} for a session this shard owns; answers whether it did. */
  public Future<Boolean> terminateHere(String sessionId, String reason) {
    return ask(() -> {
      Room room = rooms.get(sessionId);
      if (room == null) {
        return false;
      }
      for (Tab tab : List.copyOf(room.tabs())) {
        if (tab.removalTimer >= 0) {
          vertx.cancelTimer(tab.removalTimer);
        }
        if (tab.peer != null) {
          tabsByPeer.remove(tab.peer);
          roomsByPeer.remove(tab.peer);
          tab.peer.close(TERMINATED_CLOSE_CODE, "TERMINATED: " + reason);
        }
      }
      end(room, RoomExit.ENDED_BY_ADMIN);
      return true;
    });
  }

  private Room newRoom(TrackerHello hello, Project project, long epoch, SessionProof proof) {
    return new Room(hello.sessionId(), proof, project, hello.userId().orElse(""), hello.metadata(), System.currentTimeMillis(), epoch, metrics, budget, acks,
        members -> new Assistance(vertx, members, node.consentAudit().forProject(project.id()), new ConsentRules(limits.maxCallParticipants(), timings.consentRequestTimeoutMs()),
            node.iceServers()));
  }

  private void attach(Room room, TrackerPeer peer, TrackerHello hello, Project project) {
    if (!room.project.id().equals(project.id())) {
      peer.fail(ErrorCode.UNKNOWN_PROJECT, "session '" + room.id + "' belongs to another project", null);
      return;
    }
    Tab tab = room.tab(hello.tabId()).orElse(null);
    if (tab == null && room.tabs().size() >= limits.maxTabsPerRoom()) {
      peer.fail(ErrorCode.TOO_MANY_TABS, "session '" + room.id + "' already has " + limits.maxTabsPerRoom() + " tabs", null);
      return;
    }
    if (tab == null) {
      tab = new Tab(hello.tabId(), peer, hello.page());
      room.addTab(tab);
    } else {
      replacePeer(tab, peer, hello);
    }
    tabsByPeer.put(peer, tab);
    roomsByPeer.put(peer, room);
    peer.send(FrameType.WELCOME, ServerFrames.trackerWelcome(room.id, tab.id, room.hasAgents(), tab.lastSeq, trackerTimings, limits,
        new ServerFrames.TrackerPrivacy(project.privacy().preJoinBufferSeconds(), project.privacy().maskAllInputs())));
    room.assistance.tabConnected(tab.id, peer);
    if (room.hasAgents() && !tab.history.whole()) {
      room.requestSnapshot(tab);
    }
    changed(room);
  }

  private void replacePeer(Tab tab, TrackerPeer peer, TrackerHello hello) {
    if (tab.removalTimer >= 0) {
      vertx.cancelTimer(tab.removalTimer);
      tab.removalTimer = -1;
    }
    TrackerPeer previous = tab.peer;
    if (previous != null) {
      tabsByPeer.remove(previous);
      roomsByPeer.remove(previous);
      previous.fail(ErrorCode.TAB_REPLACED, "a newer connection took over tab '" + tab.id + "'; a duplicated tab should take a new tab id", null);
    }
    tab.peer = peer;
    tab.page = hello.page();
    tab.snapshotRequested = false;
  }

  private void addAgent(Room room, AgentPeer agent, Set<Room> joined, Map<String, Long> since) {
    boolean first = !room.hasAgents();
    joined.add(room);
    agent.send(FrameType.JOINED, ServerFrames.joined(room.summary()));
    announce("session.join", agent, room, room.id, "success");
    room.addAgent(agent, since);
    room.assistance.agentJoined(agent);
    if (first) {
      room.tabs().forEach(room::requestSnapshot);
      room.tabs().stream().filter(tab -> tab.removalTimer >= 0).forEach(tab -> awaitTab(room, tab));
    }
    changed(room);
  }

  /**
   * A tab gone from a room: it is removed unless it comes back within the grace, which is long
   * while an agent waits inside (a tab that dropped just before an agent joined gets it too), or
   * may come back: one whose socket or node was lost is on its way to join again, and a node that
   * resumed from a pause, alone, sees every other node's agents lost at once as its tabs drop.
   */
  private void awaitTab(Room room, Tab tab) {
    if (tab.removalTimer >= 0) {
      vertx.cancelTimer(tab.removalTimer);
    }
    long grace = room.hasAgents()
        ? timings.reconnectGraceMs()
        : Math.max(timings.emptyGraceMs(), room.agentsMayReturnUntil() - System.currentTimeMillis());
    tab.removalTimer = vertx.setTimer(grace, id -> removeTabIfGone(room, tab));
  }

  private void removeAgent(Room room, AgentPeer agent, RoomExit why) {
    room.removeAgent(agent);
    if (why == RoomExit.AGENT_CLOSED || why == RoomExit.AGENT_NODE_LOST) {
      room.agentsMayReturnUntil(System.currentTimeMillis() + timings.reconnectGraceMs());
    }
    exited(room, agent, why);
    room.assistance.agentLeft(agent.agent().id());
    Set<Room> joined = agents.get(agent);
    if (joined != null) {
      joined.remove(room);
    }
    if (!room.hasAgents()) {
      room.stopStreaming();
    }
    changed(room);
  }

  private void removeTabIfGone(Room room, Tab tab) {
    if (tab.connected() || rooms.get(room.id) != room) {
      return;
    }
    room.removeTab(tab);
    if (room.tabs().isEmpty()) {
      end(room, RoomExit.USER_LEFT);
    } else {
      changed(room);
    }
  }

  private void end(Room room, RoomExit why) {
    rooms.remove(room.id);
    room.assistance.close();
    room.close();
    node.rooms().release();
    byte[] ended = ServerFrames.ended(room.id, why.ended);
    for (AgentPeer agent : Set.copyOf(room.agentPeers())) {
      exited(room, agent, why);
      agent.send(FrameType.ENDED, ended);
      Set<Room> joined = agents.get(agent);
      if (joined != null) {
        joined.remove(room);
      }
    }
    directory.release(room.id, room.epoch, room.everWatched());
    node.sessions().remove(room.id);
  }

  /**
   * The room's agents hear of it, and the node's session list gets its new summary (only while the
   * shard still holds the room: a room that ended or moved is not put back).
   */
  private void changed(Room room) {
    SessionSummary summary = room.summary();
    if (room.hasAgents()) {
      room.toAgents(FrameType.ROOM, ServerFrames.room(summary));
    }
    if (rooms.get(room.id) == room) {
      node.sessions().put(summary);
    }
  }

  private void exited(Room room, AgentPeer agent, RoomExit why) {
    node.exits().record(room.project.id(), agent.agent().id(), room.id, why);
  }

  /** {@code room} is null when the agent named a session this shard does not have. */
  private void announce(String kind, AgentPeer agent, Room room, String sessionId, String outcome) {
    AuditTrail trail = room == null ? node.audit() : node.audit().forProject(room.project.id());
    trail.record(kind, agent.agent().id(), sessionId, outcome, new JsonObject());
  }

  private void run(Runnable action) {
    context.runOnContext(v -> action.run());
  }

  private <T> Future<T> ask(Supplier<T> question) {
    Promise<T> answer = Promise.promise();
    context.runOnContext(v -> answer.complete(question.get()));
    return answer.future();
  }
}
