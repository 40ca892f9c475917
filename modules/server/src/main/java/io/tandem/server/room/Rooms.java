package io.tandem.server.room;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.EventBatch;
import io.tandem.protocol.FrameType;
import io.tandem.protocol.Limits;
import io.tandem.protocol.PageInfo;
import io.tandem.protocol.ServerFrames;
import io.tandem.protocol.SessionSummary;
import io.tandem.protocol.TrackerHello;
import io.tandem.server.auth.Project;
import io.tandem.server.config.TandemConfig;
import io.tandem.server.timetravel.HistoryBudget;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The rooms this node owns. Sockets call in from their own event loops; every call hops onto one
 * room context, so room state is never shared between threads and each room sees its frames in
 * the order they arrived.
 */
public final class Rooms {
  /** Joins and leaves are announced here (local event bus) for the audit log, keeping rooms free of storage. */
  public static final String MEMBERSHIP_ADDRESS = "tandem.rooms.membership";
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private static final short TERMINATED_CLOSE_CODE = 1008;

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
  private final SessionListFeed feed;
  private final RoomMetrics metrics;
  private final HistoryBudget budget;

  public Rooms(Vertx vertx, Context context, TandemConfig config, RoomDirectory directory, MeterRegistry registry) {
    this.vertx = vertx;
    this.context = context;
    this.nodeId = config.nodeId();
    this.limits = config.limits();
    this.timings = config.rooms();
    this.heartbeatMs = config.heartbeatMs();
    this.directory = directory;
    this.feed = new SessionListFeed(vertx, timings.listPushMs(), rooms.values(), agents.keySet());
    this.metrics = new RoomMetrics(registry);
    this.budget = new HistoryBudget(timings.timeTravelWindowMs(), limits.roomBufferBytes(), limits.nodeBufferBytes(), registry);
  }

  public void trackerHello(TrackerPeer peer, TrackerHello hello, Project project) {
    run(() -> {
      Room room = rooms.get(hello.sessionId());
      if (room != null) {
        attach(room, peer, hello, project);
      } else if (rooms.size() >= limits.maxRoomsPerNode()) {
        peer.fail(ErrorCode.NODE_FULL, "this node already owns " + limits.maxRoomsPerNode() + " rooms; reconnect to another node", null);
      } else {
        directory.claim(hello.sessionId(), nodeId)
            .onSuccess(epoch -> run(() -> attach(rooms.computeIfAbsent(hello.sessionId(), id -> newRoom(hello, project, epoch)), peer, hello, project)));
      }
    });
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

  public void trackerClosed(TrackerPeer peer) {
    run(() -> {
      Tab tab = tabsByPeer.remove(peer);
      Room room = roomsByPeer.remove(peer);
      if (tab == null || tab.peer != peer) {
        return;
      }
      tab.peer = null;
      long grace = room.hasAgents() ? timings.reconnectGraceMs() : timings.emptyGraceMs();
      tab.removalTimer = vertx.setTimer(grace, id -> removeTabIfGone(room, tab));
      changed(room);
    });
  }

  public void agentConnected(AgentPeer agent) {
    run(() -> {
      agents.put(agent, new LinkedHashSet<>());
      metrics.agents.incrementAndGet();
      feed.greet(agent);
    });
  }

  public void join(AgentPeer agent, String roomId) {
    run(() -> {
      Room room = rooms.get(roomId);
      Set<Room> joined = agents.get(agent);
      if (joined == null) {
        return;
      }
      if (room == null || !agent.agent().sees(room.project.id())) {
        // The same answer whether the session is missing or hidden, so its existence is not revealed.
        agent.fail(ErrorCode.UNKNOWN_ROOM, "no live session '" + roomId + "'", roomId);
        announce("session.join", agent, roomId, room == null ? "unknown" : "refused");
      } else if (room.contains(agent)) {
        agent.send(FrameType.JOINED, Room.text(ServerFrames.joined(room.summary())));
      } else if (joined.size() >= limits.maxRoomsPerAgent()) {
        agent.fail(ErrorCode.TOO_MANY_ROOMS, "you already watch " + limits.maxRoomsPerAgent() + " sessions; leave one first", roomId);
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
      agent.send(FrameType.LEFT, Room.text(ServerFrames.left(roomId)));
      announce("session.leave", agent, roomId, "success");
    });
  }

  public void agentClosed(AgentPeer agent) {
    run(() -> {
      Set<Room> joined = agents.remove(agent);
      if (joined != null) {
        metrics.agents.decrementAndGet();
        Set.copyOf(joined).forEach(room -> removeAgent(room, agent));
      }
    });
  }

  /** The live sessions of this node, oldest first. */
  public Future<List<SessionSummary>> sessions() {
    return ask(() -> rooms.values().stream().map(Room::summary).sorted(Comparator.comparingLong(SessionSummary::startedAt)).toList());
  }

  public Future<Optional<SessionSummary>> session(String sessionId) {
    return ask(() -> Optional.ofNullable(rooms.get(sessionId)).map(Room::summary));
  }

  /**
   * Ends a session now: its agents get {@code ended} and its tabs are closed with a policy close
   * code, which makes trackers back off instead of reconnecting at once. Answers whether it existed.
   */
  public Future<Boolean> terminate(String sessionId, String reason) {
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

  private Room newRoom(TrackerHello hello, Project project, long epoch) {
    metrics.rooms.incrementAndGet();
    return new Room(hello.sessionId(), project, hello.userId().orElse(""), hello.metadata(), System.currentTimeMillis(), epoch, metrics, budget);
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
    peer.send(FrameType.WELCOME, Room.text(ServerFrames.trackerWelcome(room.id, tab.id, room.hasAgents(), tab.lastSeq, heartbeatMs, limits,
        new ServerFrames.TrackerPrivacy(project.privacy().preJoinBufferSeconds(), project.privacy().maskAllInputs()))));
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
    agent.send(FrameType.JOINED, Room.text(ServerFrames.joined(room.summary())));
    announce("session.join", agent, room.id, "success");
    room.addAgent(agent);
    if (first) {
      room.tabs().forEach(room::requestSnapshot);
    }
    changed(room);
  }

  private void removeAgent(Room room, AgentPeer agent) {
    room.removeAgent(agent);
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
    room.close();
    metrics.rooms.decrementAndGet();
    String ended = Room.text(ServerFrames.ended(room.id));
    for (AgentPeer agent : Set.copyOf(room.agentPeers())) {
      agent.send(FrameType.ENDED, ended);
      Set<Room> joined = agents.get(agent);
      if (joined != null) {
        joined.remove(room);
      }
    }
    directory.release(room.id, room.epoch);
    feed.markChanged();
  }

  private void changed(Room room) {
    if (room.hasAgents()) {
      room.toAgents(FrameType.ROOM, Room.text(ServerFrames.room(room.summary())));
    }
    feed.markChanged();
  }

  private void announce(String kind, AgentPeer agent, String sessionId, String outcome) {
    vertx.eventBus().send(MEMBERSHIP_ADDRESS,
        new JsonObject().put("kind", kind).put("agentId", agent.agent().id()).put("sessionId", sessionId).put("outcome", outcome), LOCAL);
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
