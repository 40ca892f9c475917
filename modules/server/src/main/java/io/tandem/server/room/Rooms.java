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
import io.tandem.server.consent.ConsentAudit;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The rooms this node owns: the owner's registry. Trackers' sockets call in from their own event
 * loops; agents come in as memberships ({@code AgentPeer}s) that the agent side (routing/) forwards
 * to the owner, whether the agent's socket is on this node or another. Every call hops onto one
 * room context, so room state is never shared between threads and each room sees its frames in
 * the order they arrived.
 */
public final class Rooms {
  private static final short TERMINATED_CLOSE_CODE = 1008;
  private static final long DRAIN_POLL_MS = 50;

  private final Vertx vertx;
  private final Context context;
  private final String nodeId;
  private final Limits limits;
  private final TandemConfig.RoomTimings timings;
  private final long heartbeatMs;
  private final RoomDirectory directory;
  private final Map<String, Room> rooms = new HashMap<>();
  private final Map<AgentPeer, Set<Room>> agents = new HashMap<>();
  private final Map<TrackerPeer, Tab> tabsByPeer = new HashMap<>();
  private final Map<TrackerPeer, Room> roomsByPeer = new HashMap<>();
  /** Rooms being claimed, with what waits for the claim: a second tab's hello, a forwarded join. */
  private final Map<String, List<Runnable>> claiming = new HashMap<>();
  private OtherNodes otherNodes = OtherNodes.NONE;
  private volatile boolean draining;
  private final SessionListFeed feed;
  private final RoomMetrics metrics;
  private final HistoryBudget budget;
  private final PendingAcks acks;
  private final AuditTrail audit;
  private final ConsentAudit consentAudit;
  private final ProofRefusals proofRefusals;
  private volatile Function<String, String> iceServers = participant -> null;

  public Rooms(Vertx vertx, Context context, TandemConfig config, RoomDirectory directory, MeterRegistry registry) {
    this.vertx = vertx;
    this.context = context;
    this.nodeId = config.nodeId();
    this.limits = config.limits();
    this.timings = config.rooms();
    this.heartbeatMs = config.heartbeatMs();
    this.directory = directory;
    this.feed = new SessionListFeed(vertx, context, timings.listPushMs(), rooms.values(), () -> otherNodes.sessions());
    this.metrics = new RoomMetrics(registry);
    this.budget = new HistoryBudget(timings.timeTravelWindowMs(), limits.roomBufferBytes(), limits.nodeBufferBytes(), registry);
    this.acks = new PendingAcks(context);
    this.audit = new AuditTrail(vertx);
    this.consentAudit = new ConsentAudit(audit, registry);
    this.proofRefusals = new ProofRefusals(vertx, audit);
  }

  /** In a cluster, called once on the room context before any socket is served. */
  public void linkTo(OtherNodes otherNodes) {
    this.otherNodes = otherNodes;
  }

  /**
   * A tab's hello. The first hello of a session starts it and records the hash of its secret; every
   * later one (another tab, a reload, a reconnect to any node) must present the same secret, or it
   * is refused and the room does not notice.
   */
  public void trackerHello(TrackerPeer peer, TrackerHello hello, Project project) {
    SessionProof proof = SessionProof.of(hello.sessionSecret());
    run(() -> trackerHelloNow(peer, hello, project, proof));
  }

  private void trackerHelloNow(TrackerPeer peer, TrackerHello hello, Project project, SessionProof proof) {
    Room room = rooms.get(hello.sessionId());
    if (draining) {
      peer.fail(ErrorCode.NODE_DRAINING, "this node is shutting down; reconnect to another node", null);
    } else if (room != null && !room.proof.matches(proof)) {
      refuseProof(peer, hello.sessionId());
    } else if (room != null) {
      attach(room, peer, hello, project);
    } else if (claiming.containsKey(hello.sessionId())) {
      claiming.get(hello.sessionId()).add(() -> trackerHelloNow(peer, hello, project, proof));
    } else if (rooms.size() >= limits.maxRoomsPerNode()) {
      peer.fail(ErrorCode.NODE_FULL, "this node already owns " + limits.maxRoomsPerNode() + " rooms; reconnect to another node", null);
    } else {
      claim(peer, hello, project, proof);
    }
  }

  private void claim(TrackerPeer peer, TrackerHello hello, Project project, SessionProof proof) {
    String id = hello.sessionId();
    claiming.put(id, new ArrayList<>());
    directory.claim(id, nodeId, proof).onComplete(claimed -> run(() -> {
      List<Runnable> waiting = claiming.remove(id);
      if (claimed.cause() instanceof SessionProofRefused) {
        refuseProof(peer, id);
      } else if (claimed.failed()) {
        peer.fail(ErrorCode.NODE_DRAINING, "this node cannot take the session now (" + claimed.cause().getMessage() + "); reconnect", null);
      } else {
        attach(rooms.computeIfAbsent(id, key -> newRoom(hello, project, claimed.result(), proof)), peer, hello, project);
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

  /** Where agent consoles get their session list from. */
  public SessionListeners lists() {
    return feed;
  }

  /** An agent's membership arrives; it may then join its room. */
  public void agentConnected(AgentPeer agent) {
    run(() -> agents.put(agent, new LinkedHashSet<>()));
  }

  public void join(AgentPeer agent, String roomId) {
    run(() -> {
      Room room = rooms.get(roomId);
      Set<Room> joined = agents.get(agent);
      if (joined == null) {
        return;
      }
      if (room == null && claiming.containsKey(roomId)) {
        claiming.get(roomId).add(() -> join(agent, roomId));
      } else if (room == null || !agent.agent().sees(room.project.id())) {
        // The same answer whether the session is missing or hidden, so its existence is not revealed.
        agent.fail(ErrorCode.UNKNOWN_ROOM, "no live session '" + roomId + "'", roomId);
        announce("session.join", agent, room, roomId, room == null ? "unknown" : "refused");
      } else if (room.contains(agent)) {
        agent.send(FrameType.JOINED, ServerFrames.joined(room.summary()));
      } else if (room.agentCount() >= limits.maxAgentsPerRoom()) {
        agent.fail(ErrorCode.ROOM_FULL, "this session already has " + limits.maxAgentsPerRoom() + " agents", roomId);
      } else {
        addAgent(room, agent, joined);
      }
    });
  }

  public void leave(AgentPeer agent, String roomId) {
    run(() -> {
      Room room = rooms.get(roomId);
      if (room == null || !room.contains(agent)) {
        agent.fail(ErrorCode.NOT_JOINED, "you are not in session '" + roomId + "'", roomId);
        return;
      }
      removeAgent(room, agent);
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
    return ask(() -> Optional.ofNullable(rooms.get(sessionId)).filter(room -> room.assistance.holds(agentId, kind)).map(room -> room.project.id()));
  }

  /** The ICE servers (raw JSON array) handed to a call participant with its grant. */
  public void useIceServers(Function<String, String> iceServers) {
    this.iceServers = iceServers;
  }

  public void agentClosed(AgentPeer agent) {
    run(() -> {
      Set<Room> joined = agents.remove(agent);
      if (joined == null) {
        return;
      }
      Set.copyOf(joined).forEach(room -> removeAgent(room, agent));
    });
  }

  /**
   * An agent's account changed ({@code account} empty: disabled or gone). Each membership of that
   * agent in the rooms this node owns reviews it. One that no longer stands says why and leaves its
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
          joined.forEach(room -> removeAgent(room, peer));
          continue;
        }
        joined.stream().filter(room -> !peer.agent().sees(room.project.id())).forEach(room -> revoke(room, peer));
      }
    });
  }

  private void revoke(Room room, AgentPeer agent) {
    removeAgent(room, agent);
    agent.fail(ErrorCode.ACCESS_REVOKED, "your roles or projects changed: you may no longer watch session '" + room.id + "'", room.id);
    agent.send(FrameType.LEFT, ServerFrames.left(room.id));
    announce("session.leave", agent, room, room.id, "revoked");
  }

  /** The epoch of the room's claim if this node owns it; called on the room context. */
  public OptionalLong ownedEpoch(String roomId) {
    Room room = rooms.get(roomId);
    return room == null ? OptionalLong.empty() : OptionalLong.of(room.epoch);
  }

  /**
   * Another node claimed the room with a higher epoch (its tracker reconnected there while this
   * node was unreachable or paused): this node drops its copy without a word to the agents, who
   * follow the new owner, and tells its tabs still connected here to reconnect. Answers whether it
   * had a copy to drop. Room context only.
   */
  public boolean disown(String roomId, long epoch) {
    Room room = rooms.get(roomId);
    if (room == null || room.epoch >= epoch) {
      return false;
    }
    rooms.remove(roomId);
    closeTabs(room, ErrorCode.ROOM_MOVED, "another node serves session '" + roomId + "' now; reconnect");
    for (AgentPeer agent : Set.copyOf(room.agentPeers())) {
      room.removeAgent(agent);
      Set<Room> joined = agents.get(agent);
      if (joined != null) {
        joined.remove(room);
      }
    }
    room.close();
    metrics.rooms.decrementAndGet();
    listChanged();
    return true;
  }

  /**
   * Graceful shutdown: new trackers are refused and every tab is told to reconnect to another node,
   * where the rooms are claimed again (the agent side tells its agents). Answers once this node owns
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
    if (rooms.isEmpty() || !otherNodes.clustered() || System.currentTimeMillis() >= deadline) {
      drained.complete();
    } else {
      vertx.setTimer(DRAIN_POLL_MS, id -> awaitEmpty(drained, deadline));
    }
  }

  /** Whether new trackers are being refused because the node is shutting down. */
  public boolean draining() {
    return draining;
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

  /** The live sessions of this node, oldest first. */
  public Future<List<SessionSummary>> sessions() {
    return ask(() -> rooms.values().stream().map(Room::summary).sorted(Comparator.comparingLong(SessionSummary::startedAt)).toList());
  }

  /** Every live session of the cluster as this node knows it: the list its consoles see. */
  public Future<List<SessionSummary>> clusterSessions() {
    return ask(feed::sessions);
  }

  public Future<Optional<SessionSummary>> clusterSession(String sessionId) {
    return ask(() -> feed.sessions().stream().filter(summary -> summary.room().equals(sessionId)).findFirst());
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
      end(room);
      return true;
    });
  }

  private Room newRoom(TrackerHello hello, Project project, long epoch, SessionProof proof) {
    metrics.rooms.incrementAndGet();
    return new Room(hello.sessionId(), proof, project, hello.userId().orElse(""), hello.metadata(), System.currentTimeMillis(), epoch, metrics, budget, acks,
        members -> new Assistance(vertx, members, consentAudit.forProject(project.id()), new ConsentRules(limits.maxCallParticipants(), timings.consentRequestTimeoutMs()),
            participant -> iceServers.apply(participant)));
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
    peer.send(FrameType.WELCOME, ServerFrames.trackerWelcome(room.id, tab.id, room.hasAgents(), tab.lastSeq, heartbeatMs, limits,
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

  private void addAgent(Room room, AgentPeer agent, Set<Room> joined) {
    boolean first = !room.hasAgents();
    joined.add(room);
    agent.send(FrameType.JOINED, ServerFrames.joined(room.summary()));
    announce("session.join", agent, room, room.id, "success");
    room.addAgent(agent);
    room.assistance.agentJoined(agent);
    if (first) {
      room.tabs().forEach(room::requestSnapshot);
      room.tabs().stream().filter(tab -> tab.removalTimer >= 0).forEach(tab -> awaitTab(room, tab));
    }
    changed(room);
  }

  /**
   * A tab gone from a room: it is removed unless it comes back within the grace, which is long
   * while an agent waits inside (a tab that dropped just before an agent joined gets it too).
   */
  private void awaitTab(Room room, Tab tab) {
    if (tab.removalTimer >= 0) {
      vertx.cancelTimer(tab.removalTimer);
    }
    long grace = room.hasAgents() ? timings.reconnectGraceMs() : timings.emptyGraceMs();
    tab.removalTimer = vertx.setTimer(grace, id -> removeTabIfGone(room, tab));
  }

  private void removeAgent(Room room, AgentPeer agent) {
    room.removeAgent(agent);
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
      end(room);
    } else {
      changed(room);
    }
  }

  private void end(Room room) {
    rooms.remove(room.id);
    room.assistance.close();
    room.close();
    metrics.rooms.decrementAndGet();
    byte[] ended = ServerFrames.ended(room.id);
    for (AgentPeer agent : Set.copyOf(room.agentPeers())) {
      agent.send(FrameType.ENDED, ended);
      Set<Room> joined = agents.get(agent);
      if (joined != null) {
        joined.remove(room);
      }
    }
    directory.release(room.id, room.epoch, room.everWatched());
    listChanged();
  }

  private void changed(Room room) {
    if (room.hasAgents()) {
      room.toAgents(FrameType.ROOM, ServerFrames.room(room.summary()));
    }
    listChanged();
  }

  private void listChanged() {
    feed.markChanged();
    otherNodes.sessionsChanged();
  }

  /** Another node's session list changed: this node's agents get the new cluster-wide list. */
  public void otherSessionsChanged() {
    run(feed::markChanged);
  }

  /** {@code room} is null when the agent named a session this node does not have. */
  private void announce(String kind, AgentPeer agent, Room room, String sessionId, String outcome) {
    AuditTrail trail = room == null ? audit : audit.forProject(room.project.id());
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
