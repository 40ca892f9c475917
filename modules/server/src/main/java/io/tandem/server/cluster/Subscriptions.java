package io.tandem.server.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.protocol.AgentRequest;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.FrameType;
import io.tandem.protocol.ServerFrames;
import io.tandem.server.peer.AgentPeer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The agent's side: this node's agents and the rooms they watch, wherever those are owned. Joins,
 * leaves and requests go to the owner; what comes back is fenced (nothing from an epoch older than
 * the newest claim seen) and deduplicated (an {@code events} batch at or below the last seq
 * delivered for that tab is dropped). When a room moves, every membership follows it by itself.
 * Room context only.
 */
final class Subscriptions {
  /** How agents' requests reach the owners of rooms. */
  interface Owners {
    Future<Optional<Ownership>> owner(String room);

    /** Sends a join and answers once the owner got it. */
    Future<Void> join(Subscription subscription);

    void send(Subscription subscription, String op, String body);
  }

  private static final Logger LOG = Logger.getLogger(Subscriptions.class.getName());
  private static final long ORPHAN_POLL_MS = 250;
  private static final byte[] JOINED_PREFIX = ascii("{\"t\":\"" + FrameType.JOINED.wireName() + "\"");
  private static final byte[] ROOM_PREFIX = ascii("{\"t\":\"" + FrameType.ROOM.wireName() + "\"");

  private final Vertx vertx;
  private final Owners owners;
  private final int maxRoomsPerAgent;
  private final long orphanGraceMs;
  private final Map<AgentPeer, LocalAgent> bySocket = new HashMap<>();
  private final Map<String, LocalAgent> byKey = new HashMap<>();
  private final Map<String, Set<Subscription>> byRoom = new HashMap<>();
  /** Nodes that left the cluster: the directory may still name them until their rooms are claimed again. */
  private final Set<String> departed = new HashSet<>();
  private final Counter staleEpoch;
  private final Counter duplicates;
  private long nextKey;
  private boolean polling;

  Subscriptions(Vertx vertx, Owners owners, int maxRoomsPerAgent, long orphanGraceMs, MeterRegistry registry) {
    this.vertx = vertx;
    this.owners = owners;
    this.maxRoomsPerAgent = maxRoomsPerAgent;
    this.orphanGraceMs = orphanGraceMs;
    this.staleEpoch = Counter.builder("tandem_cluster_dropped_total").tag("reason", "stale_epoch")
        .description("Frames for agents dropped on the agent's node").register(registry);
    this.duplicates = Counter.builder("tandem_cluster_dropped_total").tag("reason", "duplicate")
        .description("Frames for agents dropped on the agent's node").register(registry);
  }

  void join(AgentPeer socket, String room) {
    LocalAgent agent = bySocket.computeIfAbsent(socket, s -> register(s));
    Subscription existing = agent.rooms.get(room);
    if (existing != null) {
      // Joining again is answered by the owner, as on a single node; a join still looking for the owner will be.
      if (existing.ownerKnown()) {
        owners.join(existing);
      }
      return;
    }
    if (agent.rooms.size() >= maxRoomsPerAgent) {
      socket.fail(ErrorCode.TOO_MANY_ROOMS, "you already watch " + maxRoomsPerAgent + " sessions; leave one first", room);
      return;
    }
    Subscription subscription = new Subscription(agent, room);
    agent.rooms.put(room, subscription);
    byRoom.computeIfAbsent(room, r -> new HashSet<>()).add(subscription);
    owners.owner(room).onComplete(found -> {
      if (!current(subscription)) {
        return;
      }
      if (found.failed() || found.result().isEmpty()) {
        drop(subscription);
        socket.fail(ErrorCode.UNKNOWN_ROOM, "no live session '" + room + "'", room);
        return;
      }
      follow(subscription, found.result().get());
    });
  }

  void leave(AgentPeer socket, String room) {
    Subscription subscription = subscription(socket, room);
    if (subscription == null) {
      socket.fail(ErrorCode.NOT_JOINED, "you are not in session '" + room + "'", room);
      return;
    }
    drop(subscription);
    if (subscription.ownerKnown()) {
      owners.send(subscription, NodeMessages.LEAVE, "");
    }
    socket.send(FrameType.LEFT, ServerFrames.left(room));
  }

  void request(AgentPeer socket, AgentRequest request) {
    Subscription subscription = subscription(socket, request.room());
    if (subscription == null || !subscription.joined) {
      socket.fail(ErrorCode.NOT_JOINED, "you are not in session '" + request.room() + "'; join it first", request.room());
      return;
    }
    owners.send(subscription, NodeMessages.REQUEST, request.header().toString());
  }

  void closed(AgentPeer socket) {
    LocalAgent agent = bySocket.remove(socket);
    if (agent == null) {
      return;
    }
    byKey.remove(agent.key);
    for (Subscription subscription : List.copyOf(agent.rooms.values())) {
      drop(subscription);
      if (subscription.ownerKnown()) {
        owners.send(subscription, NodeMessages.CLOSED, "");
      }
    }
  }

  /** A frame from a room's owner for one of this node's agents. */
  void deliver(String key, String room, long epoch, FrameType type, byte[] frame) {
    Subscription subscription = subscription(key, room);
    if (subscription == null) {
      return;
    }
    if (epoch < subscription.epoch) {
      staleEpoch.increment();
      return;
    }
    subscription.epoch = epoch;
    FrameType deliveredType = type;
    byte[] delivered = frame;
    switch (type) {
      case EVENTS -> {
        if (!fresh(subscription, frame)) {
          duplicates.increment();
          return;
        }
      }
      case JOINED -> {
        // After a move the console is still in the room: it gets the room's news, not a second welcome.
        if (subscription.joined && startsWith(frame, JOINED_PREFIX)) {
          deliveredType = FrameType.ROOM;
          delivered = replacePrefix(frame, JOINED_PREFIX, ROOM_PREFIX);
        }
        subscription.joined = true;
      }
      case LEFT, ENDED -> drop(subscription);
      default -> { }
    }
    subscription.agent.socket.send(deliveredType, delivered);
  }

  /** An error from a room's owner for one of this node's agents; {@code epoch} is -1 if it does not own the room. */
  void fail(String key, String room, long epoch, ErrorCode code, String message) {
    Subscription subscription = subscription(key, room);
    if (subscription == null || (epoch < subscription.epoch && subscription.joined)) {
      return;
    }
    if (!subscription.joined) {
      drop(subscription);
      subscription.agent.socket.fail(code, message, room);
    } else if (code == ErrorCode.UNKNOWN_ROOM) {
      // The room this agent followed is gone by the time it got there.
      drop(subscription);
      subscription.agent.socket.send(FrameType.ENDED, ServerFrames.ended(room));
    } else {
      subscription.agent.socket.fail(code, message, room);
    }
  }

  /** A node claimed a room: its members here follow it. */
  void claimed(String room, Ownership ownership) {
    Set<Subscription> members = byRoom.get(room);
    if (members == null) {
      return;
    }
    List.copyOf(members).stream().filter(s -> s.ownerKnown() && ownership.epoch() > s.epoch).forEach(s -> follow(s, ownership));
  }

  /** A node left the cluster: rooms it owned wait for a new claim, and end if none comes in time. */
  void nodeLeft(String node) {
    departed.add(node);
    long now = System.currentTimeMillis();
    byRoom.values().stream().flatMap(Set::stream).filter(s -> node.equals(s.owner) && s.orphanedAt < 0).forEach(s -> s.orphanedAt = now);
    pollOrphans();
  }

  /**
   * Joins the room at its owner. A membership whose join fails (the owner died, or did not answer in
   * time) is an orphan: it asks the directory again until a join succeeds or the grace is over.
   */
  /** A node (re)joined the cluster under this id. */
  void nodeJoined(String node) {
    departed.remove(node);
  }

  private void follow(Subscription subscription, Ownership ownership) {
    subscription.owner = ownership.nodeId();
    subscription.epoch = ownership.epoch();
    subscription.joining = ownership.epoch();
    owners.join(subscription).onComplete(joined -> {
      if (!current(subscription) || subscription.epoch != ownership.epoch()) {
        return;
      }
      subscription.joining = -1;
      if (joined.succeeded()) {
        subscription.orphanedAt = -1;
      } else if (subscription.joined) {
        LOG.info("agent " + subscription.agent.key + " could not follow session " + subscription.room + " to node "
            + ownership.nodeId() + " (" + joined.cause().getMessage() + "); retrying");
        if (subscription.orphanedAt < 0) {
          subscription.orphanedAt = System.currentTimeMillis();
        }
        pollOrphans();
      } else {
        drop(subscription);
        subscription.agent.socket.fail(ErrorCode.UNKNOWN_ROOM, "no live session '" + subscription.room + "'", subscription.room);
      }
    });
  }

  private void pollOrphans() {
    if (polling) {
      return;
    }
    List<Subscription> orphans = byRoom.values().stream().flatMap(Set::stream).filter(s -> s.orphanedAt >= 0).toList();
    if (orphans.isEmpty()) {
      return;
    }
    polling = true;
    vertx.setTimer(ORPHAN_POLL_MS, id -> {
      polling = false;
      long now = System.currentTimeMillis();
      for (Subscription orphan : orphans) {
        if (!current(orphan) || orphan.orphanedAt < 0) {
          continue;
        }
        if (now - orphan.orphanedAt >= orphanGraceMs) {
          drop(orphan);
          orphan.agent.socket.send(FrameType.ENDED, ServerFrames.ended(orphan.room));
        } else {
          owners.owner(orphan.room).onSuccess(found -> found
              .filter(o -> current(orphan) && orphan.orphanedAt >= 0 && orphan.joining < 0 && o.epoch() >= orphan.epoch
                  && !departed.contains(o.nodeId()))
              .ifPresent(o -> follow(orphan, o)));
        }
      }
      pollOrphans();
    });
  }

  private boolean fresh(Subscription subscription, byte[] frame) {
    Optional<EventPosition> position = EventPosition.of(frame);
    if (position.isEmpty()) {
      return true;
    }
    Long last = subscription.lastSeq.get(position.get().tab());
    if (last != null && position.get().seq() <= last) {
      return false;
    }
    subscription.lastSeq.put(position.get().tab(), position.get().seq());
    return true;
  }

  private LocalAgent register(AgentPeer socket) {
    LocalAgent agent = new LocalAgent(Long.toString(nextKey++, 36), socket);
    byKey.put(agent.key, agent);
    return agent;
  }

  private void drop(Subscription subscription) {
    subscription.agent.rooms.remove(subscription.room, subscription);
    Set<Subscription> members = byRoom.get(subscription.room);
    if (members != null && members.remove(subscription) && members.isEmpty()) {
      byRoom.remove(subscription.room);
    }
  }

  private boolean current(Subscription subscription) {
    return subscription.agent.rooms.get(subscription.room) == subscription && byKey.containsKey(subscription.agent.key);
  }

  private Subscription subscription(AgentPeer socket, String room) {
    LocalAgent agent = bySocket.get(socket);
    return agent == null ? null : agent.rooms.get(room);
  }

  private Subscription subscription(String key, String room) {
    LocalAgent agent = byKey.get(key);
    return agent == null ? null : agent.rooms.get(room);
  }

  private static boolean startsWith(byte[] frame, byte[] prefix) {
    return frame.length >= prefix.length && Arrays.equals(frame, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] replacePrefix(byte[] frame, byte[] prefix, byte[] replacement) {
    byte[] out = new byte[frame.length - prefix.length + replacement.length];
    System.arraycopy(replacement, 0, out, 0, replacement.length);
    System.arraycopy(frame, prefix.length, out, replacement.length, frame.length - prefix.length);
    return out;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
