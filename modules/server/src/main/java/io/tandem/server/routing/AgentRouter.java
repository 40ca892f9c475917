package io.tandem.server.routing;

import io.tandem.protocol.AgentConsentFrame;
import io.tandem.protocol.AgentRequest;
import io.tandem.protocol.EndReason;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.FrameType;
import io.tandem.protocol.HistoryFrame;
import io.tandem.protocol.JoinRequest;
import io.tandem.protocol.ServerFrames;
import io.tandem.server.auth.Agent;
import io.tandem.server.peer.AgentPeer;
import io.tandem.server.room.RoomExit;
import io.tandem.server.room.RoomExits;
import io.tandem.server.room.SessionListeners;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The agent's side: this node's agent sockets and the rooms they watch, wherever those are owned
 * (a shard of this node or another node: {@link Owners} hides which). Joins, leaves and requests go
 * to the owner; what comes back is fenced (nothing from an epoch older than the newest claim seen)
 * and deduplicated (an {@code events} batch at or below the last seq delivered for that tab is
 * dropped). When a room moves, every membership follows it by itself. The number of rooms an agent
 * watches is held here, so its limit is exact however the rooms are spread.
 *
 * <p>Sockets call the public methods from their own event loops, room shards from theirs;
 * everything runs on the router's context, one per node.
 */
public final class AgentRouter {
  private static final Logger LOG = Logger.getLogger(AgentRouter.class.getName());
  private static final long ORPHAN_POLL_MS = 250;
  /** A join answered later than this is logged with its steps: a console waits visibly beyond it. */
  private static final long SLOW_JOIN_MS = 2000;
  private static final byte[] JOINED_PREFIX = ascii("{\"t\":\"" + FrameType.JOINED.wireName() + "\"");
  private static final byte[] ROOM_PREFIX = ascii("{\"t\":\"" + FrameType.ROOM.wireName() + "\"");

  private final Vertx vertx;
  private final Context context;
  private final Owners owners;
  private final SessionListeners lists;
  private final int maxRoomsPerAgent;
  private final long orphanGraceMs;
  private final RouterMetrics metrics;
  private final RoomExits exits;
  private final Map<AgentPeer, LocalAgent> bySocket = new HashMap<>();
  private final Map<String, LocalAgent> byKey = new HashMap<>();
  private final Map<String, Set<Subscription>> byRoom = new HashMap<>();
  /** Nodes that left the cluster: the directory may still name them until their rooms are claimed again. */
  private final Set<String> departed = new HashSet<>();
  /**
   * The runs of the nodes that left and have not merged back: a node started again under the same id
   * is back, but the claims its former run made are still dead. One id per node start.
   */
  private final Set<String> departedRuns = new HashSet<>();
  private long nextKey;
  /** Written on the router's context, read by sockets on theirs. */
  private volatile long accountChanges;
  private boolean polling;
  /** Rooms whose owner the orphan poll asked the directory for, not yet answered. */
  private final Set<String> asking = new HashSet<>();

  public AgentRouter(Vertx vertx, Context context, Owners owners, SessionListeners lists, int maxRoomsPerAgent, long orphanGraceMs,
      RouterMetrics metrics, RoomExits exits) {
    this.vertx = vertx;
    this.context = context;
    this.owners = owners;
    this.lists = lists;
    this.maxRoomsPerAgent = maxRoomsPerAgent;
    this.orphanGraceMs = orphanGraceMs;
    this.metrics = metrics;
    this.exits = exits;
  }

  /**
   * Account changes reviewed so far. A socket notes it before its token is checked: a change
   * reviewed while the check was under way did not see that socket (see {@link #connected}).
   */
  public long accountChanges() {
    return accountChanges;
  }

  /**
   * The agent's token is verified: unless an account change was reviewed since {@code changesBefore},
   * the socket is welcomed, gets its session list and may join rooms; answers whether it was. If
   * one was, the token must be checked again, against the account as it is now.
   */
  public Future<Boolean> connected(AgentPeer socket, long changesBefore, Runnable welcome) {
    Promise<Boolean> admitted = Promise.promise();
    run(() -> {
      if (accountChanges != changesBefore) {
        admitted.complete(false);
        return;
      }
      bySocket.computeIfAbsent(socket, this::register);
      metrics.agents.incrementAndGet();
      welcome.run();
      lists.listen(socket);
      admitted.complete(true);
    });
    return admitted.future();
  }

  public void join(AgentPeer socket, JoinRequest request) {
    JoinTiming timing = new JoinTiming(System.nanoTime());
    run(() -> joinNow(socket, request.room(), request.since(), timing));
  }

  public void leave(AgentPeer socket, String room) {
    run(() -> leaveNow(socket, room));
  }

  /** A room-scoped frame (consent, control, annotate, signal) for the room's owner. */
  public void request(AgentPeer socket, AgentRequest request) {
    run(() -> requestNow(socket, request));
  }

  public void closed(AgentPeer socket) {
    run(() -> closedNow(socket));
  }

  /**
   * An agent's account changed ({@code account} empty: disabled or gone): each socket of that agent
   * reviews it. One that no longer stands says why and closes (its memberships go with it); the
   * others get their session list again, for what they may now see. Their rooms narrow where the
   * rooms are owned (room/Rooms#revise).
   */
  public void revise(String agentId, Optional<Agent> account) {
    run(() -> {
      accountChanges++;
      List.copyOf(bySocket.keySet()).stream().filter(socket -> socket.agent().id().equals(agentId))
          .filter(socket -> socket.review(account)).forEach(lists::listen);
    });
  }

  /** The node shuts down: every agent is told to reconnect elsewhere. */
  public void drain() {
    run(() -> bySocket.keySet().forEach(socket -> socket.fail(ErrorCode.NODE_DRAINING, "this node is shutting down; reconnect to another node", null)));
  }

  /** {@code since}: the last seq per tab the console already holds, so the owner sends only what follows. */
  private void joinNow(AgentPeer socket, String room, Map<String, Long> since, JoinTiming timing) {
    LocalAgent agent = bySocket.get(socket);
    if (agent == null) {
      return;
    }
    timing.routed();
    Subscription existing = agent.rooms.get(room);
    if (existing != null) {
      // Joining again is answered by the owner, as on a single node; a join still looking for the owner will be.
      if (existing.ownerKnown()) {
        owners.join(new Owner(existing.owner, existing.epoch), agent.key, room, socket.agent(), Map.copyOf(existing.lastSeq), existing.unansweredJoins);
      }
      return;
    }
    if (agent.rooms.size() >= maxRoomsPerAgent) {
      socket.fail(ErrorCode.TOO_MANY_ROOMS, "you already watch " + maxRoomsPerAgent + " sessions; leave one first", room);
      return;
    }
    Subscription subscription = new Subscription(agent, room);
    subscription.joinTiming = timing;
    subscription.lastSeq.putAll(since);
    agent.rooms.put(room, subscription);
    byRoom.computeIfAbsent(room, r -> new HashSet<>()).add(subscription);
    owners.owner(room).onComplete(found -> {
      if (!current(subscription)) {
        return;
      }
      if (found.failed()) {
        // The directory did not answer (its partitions move after a node's death): not an answer
        // that the room is gone, so the join waits as an orphan's does, asked again at each poll.
        LOG.info("the directory did not answer agent " + agent.key + "'s join of session " + room + " (" + found.cause().getMessage()
            + "); asking again");
        orphan(subscription);
      } else if (found.result().isEmpty()) {
        drop(subscription);
        socket.fail(ErrorCode.UNKNOWN_ROOM, "no live session '" + room + "'", room);
      } else if (gone(found.result().get())) {
        // A claim of a node that left, or of its former run: the room's tab is on its way to a new
        // claim, which is followed when it is seen, as for a member whose owner died.
        subscription.owner = found.result().get().nodeId();
        subscription.epoch = found.result().get().epoch();
        orphan(subscription);
      } else {
        follow(subscription, found.result().get());
      }
    });
  }

  private void leaveNow(AgentPeer socket, String room) {
    Subscription subscription = subscription(socket, room);
    if (subscription == null) {
      socket.fail(ErrorCode.NOT_JOINED, "you are not in session '" + room + "'", room);
      return;
    }
    drop(subscription);
    if (subscription.ownerKnown()) {
      owners.leave(subscription.owner, subscription.agent.key, subscription.room);
    }
    socket.send(FrameType.LEFT, ServerFrames.left(room));
  }

  private void requestNow(AgentPeer socket, AgentRequest request) {
    Subscription subscription = subscription(socket, request.room());
    if (subscription == null || !subscription.joined) {
      socket.fail(ErrorCode.NOT_JOINED, "you are not in session '" + request.room() + "'; join it first", request.room());
      return;
    }
    owners.request(subscription.owner, subscription.agent.key, subscription.room, request);
  }

  private void closedNow(AgentPeer socket) {
    LocalAgent agent = bySocket.remove(socket);
    if (agent == null) {
      return;
    }
    metrics.agents.decrementAndGet();
    lists.forget(socket);
    byKey.remove(agent.key);
    for (Subscription subscription : List.copyOf(agent.rooms.values())) {
      drop(subscription);
      if (subscription.ownerKnown()) {
        owners.closed(subscription.owner, subscription.agent.key, subscription.room);
      }
    }
  }

  /**
   * A frame from a room's owner for one of this node's agents: from a shard's context, or from the
   * event bus on the router's. Frames of one owner keep their order.
   */
  public void deliver(String key, String room, long epoch, FrameType type, byte[] frame) {
    here(() -> deliverNow(key, room, epoch, type, frame));
  }

  private void deliverNow(String key, String room, long epoch, FrameType type, byte[] frame) {
    Subscription subscription = subscription(key, room);
    if (subscription == null) {
      return;
    }
    if (epoch < subscription.epoch) {
      metrics.staleEpoch.increment();
      return;
    }
    subscription.epoch = epoch;
    FrameType deliveredType = type;
    byte[] delivered = frame;
    switch (type) {
      case EVENTS -> {
        Arrival arrival = arrival(subscription, frame);
        if (arrival != Arrival.NEXT) {
          refuse(subscription, arrival);
          return;
        }
      }
      case HISTORY -> {
        delivered = unseen(subscription, frame);
        if (delivered == null) {
          metrics.duplicates.increment();
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
        answered(subscription);
      }
      case CONSENT -> remember(subscription, AgentConsentFrame.read(frame));
      case LEFT, ENDED -> drop(subscription);
      default -> { }
    }
    subscription.agent.socket.send(deliveredType, delivered);
  }

  /**
   * An error from a room's owner ({@code from}) for one of this node's agents; {@code epoch} is -1 if
   * it does not own the room. {@code followed}: the epoch of the claim the agent's last join there
   * followed, -1 if not said.
   */
  public void fail(String from, String key, String room, long epoch, long followed, ErrorCode code, String message) {
    here(() -> failNow(from, key, room, epoch, followed, code, message));
  }

  private void failNow(String from, String key, String room, long epoch, long followed, ErrorCode code, String message) {
    Subscription subscription = subscription(key, room);
    if (subscription == null) {
      return;
    }
    if (code == ErrorCode.UNKNOWN_ROOM && epoch < 0 && owners.ownersMayDie()) {
      // The node the directory named has no such room: it died and came back without it, or the room
      // ended there. A newer claim (the tab coming back) or the directory's word that nobody owns the
      // room decides, not this answer. A node that is no longer followed, or the answer to a join of
      // an older claim, is only late.
      if (from.equals(subscription.owner) && (followed < 0 || followed == subscription.epoch)) {
        lose(subscription);
      }
      return;
    }
    if (epoch < subscription.epoch && subscription.joined) {
      return;
    }
    if (!subscription.joined) {
      drop(subscription);
      subscription.agent.socket.fail(code, message, room);
    } else if (code == ErrorCode.UNKNOWN_ROOM) {
      // The room this agent followed is gone by the time it got there.
      drop(subscription);
      subscription.agent.socket.send(FrameType.ENDED, ServerFrames.ended(room, EndReason.OWNER_LOST));
    } else {
      subscription.agent.socket.fail(code, message, room);
    }
  }

  /**
   * The room's owner cut this agent's place because this node fell too far behind it
   * (cluster/ForwardBacklog). Everything sent before the cut came first, so the agent joins again
   * from the last seq it got, as an orphan does: at the next poll, where the directory says the
   * room is, when this node may have caught up. Its consents stay as they are: the owner kept
   * them, and sends first what changed in them meanwhile (ForwardedAgent#resume).
   */
  public void behind(String key, String room, long epoch) {
    here(() -> {
      Subscription subscription = subscription(key, room);
      if (subscription != null && epoch >= subscription.epoch) {
        orphan(subscription);
      }
    });
  }

  /**
   * A node claimed a room: its members here follow it. A claim of the same epoch by another node
   * comes only from a split cluster merging again, where the other half's claim won. Router context only.
   */
  public void claimed(String room, Owner ownership) {
    Set<Subscription> members = byRoom.get(room);
    if (members == null) {
      return;
    }
    List.copyOf(members).stream().filter(s -> s.ownerKnown() && supersedes(ownership, s)).forEach(s -> follow(s, ownership));
  }

  private static boolean supersedes(Owner claim, Subscription subscription) {
    return claim.epoch() > subscription.epoch || (claim.epoch() == subscription.epoch && !claim.nodeId().equals(subscription.owner));
  }

  /** A node ({@code run}: that start of it) left the cluster: rooms it owned wait for a new claim, and end if none comes in time. */
  public void nodeLeft(String node, String run) {
    departed.add(node);
    departedRuns.add(run);
    long now = System.currentTimeMillis();
    byRoom.values().stream().flatMap(Set::stream).filter(s -> node.equals(s.owner)).forEach(s -> {
      ownerLost(s);
      endConsents(s);
      if (s.orphanedAt < 0) {
        s.orphanedAt = now;
      }
    });
    pollOrphans();
  }

  /**
   * A node joined the cluster under this id: started again (a new {@code run}), or the same run
   * merging back after a split, whose claims stand again.
   */
  public void nodeJoined(String node, String run) {
    departed.remove(node);
    departedRuns.remove(run);
  }

  /**
   * Joins the room at its owner. A membership whose join is not answered (the owner died, or did not
   * answer in time) is an orphan, whether it had joined before or is a console's join again after its
   * own node died: the room's tab may be on its way to another node. It asks the directory again
   * until a join succeeds or the grace is over.
   */
  private void follow(Subscription subscription, Owner ownership) {
    if (subscription.joined && supersedes(ownership, subscription)) {
      ownerLost(subscription);
      endConsents(subscription);
    }
    if (!ownership.nodeId().equals(subscription.owner) || ownership.epoch() != subscription.epoch) {
      subscription.unansweredJoins = 0;
    }
    subscription.owner = ownership.nodeId();
    subscription.epoch = ownership.epoch();
    subscription.joining = ownership.epoch();
    if (subscription.joinTiming != null) {
      subscription.joinTiming.ownerFound();
      subscription.joinTiming.tried();
    }
    Map<String, Long> held = Map.copyOf(subscription.lastSeq);
    LocalAgent agent = subscription.agent;
    owners.join(ownership, agent.key, subscription.room, agent.socket.agent(), held, subscription.unansweredJoins).onComplete(joined -> {
      if (!current(subscription) || subscription.epoch != ownership.epoch()) {
        return;
      }
      subscription.joining = -1;
      if (joined.succeeded()) {
        subscription.unansweredJoins = 0;
        if (subscription.joinTiming != null) {
          subscription.joinTiming.accepted();
        }
        if (subscription.lostEpoch != ownership.epoch()) {
          subscription.orphanedAt = -1;
        }
        return;
      }
      subscription.unansweredJoins++;
      LOG.info("agent " + agent.key + " could not reach node " + ownership.nodeId() + " for session " + subscription.room
          + " (" + joined.cause().getMessage() + "); waiting for the room to be claimed");
      orphan(subscription);
    });
  }

  /**
   * The room answered the agent's join, or a member's join again after its owner was lost: timed,
   * and logged with its steps if the console waited long.
   */
  private void answered(Subscription subscription) {
    JoinTiming timing = subscription.joinTiming;
    if (timing == null) {
      return;
    }
    subscription.joinTiming = null;
    long now = System.nanoTime();
    long took = timing.tookNanos(now);
    (timing.rejoin() ? metrics.rejoins : metrics.joins).record(took, TimeUnit.NANOSECONDS);
    if (JoinTiming.ms(took) >= SLOW_JOIN_MS) {
      String what = timing.rejoin() ? "'s watch of session " + subscription.room + " was live again after "
          : "'s join of session " + subscription.room + " was answered after ";
      LOG.info("agent " + subscription.agent.key + what + JoinTiming.ms(took) + " ms: " + timing.steps(now));
    }
  }

  /** The member's room lost its owner: its watch stands still until the new owner answers. */
  private static void ownerLost(Subscription subscription) {
    if (subscription.joined && subscription.joinTiming == null) {
      subscription.joinTiming = JoinTiming.afterOwnerLost();
    }
  }

  private static void remember(Subscription subscription, AgentConsentFrame consent) {
    if (consent.open()) {
      subscription.openConsents.put(consent.key(), consent);
    } else {
      subscription.openConsents.remove(consent.key());
    }
  }

  /**
   * The room's owner is gone (it left the cluster, or another node claimed the room): its requests
   * and grants went with it (a grant never outlives its owner), and the agent is told so, as it
   * would be by the owner, instead of believing it may still annotate or control.
   */
  private static void endConsents(Subscription subscription) {
    subscription.openConsents.values().forEach(consent -> subscription.agent.socket.send(FrameType.CONSENT, consent.endedByServer()));
    subscription.openConsents.clear();
  }

  /** The owner followed at this epoch answered that it has no such room: only a newer claim is followed. */
  private void lose(Subscription subscription) {
    ownerLost(subscription);
    subscription.lostEpoch = subscription.epoch;
    endConsents(subscription);
    orphan(subscription);
  }

  private void orphan(Subscription subscription) {
    if (subscription.orphanedAt < 0) {
      subscription.orphanedAt = System.currentTimeMillis();
    }
    pollOrphans();
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
      orphans.stream().filter(this::waitingForTheDirectory).map(o -> o.room).distinct().filter(asking::add)
          .forEach(this::askOwner);
      pollOrphans();
    });
  }

  /**
   * One question per room at a time: after a node's death the directory answers slowly while its
   * partitions move, and asking again each poll for every member piled lookups up (one node of the
   * chaos run had 2,668 Hazelcast operations in flight) and slowed the claims everyone waited for.
   */
  private void askOwner(String room) {
    owners.owner(room).onComplete(found -> {
      asking.remove(room);
      long now = System.currentTimeMillis();
      List<Subscription> members = List.copyOf(byRoom.getOrDefault(room, Set.of()));
      if (found.succeeded()) {
        members.forEach(s -> reconsider(s, found.result(), now - s.orphanedAt >= orphanGraceMs));
      } else {
        members.stream().filter(s -> !s.joined && waitingForTheDirectory(s) && now - s.orphanedAt >= orphanGraceMs).forEach(this::unanswered);
      }
    });
  }

  /**
   * A join the directory has not answered for the whole grace is refused, so the console is not
   * left waiting; a member keeps waiting, as it does for a live owner that answers late.
   */
  private void unanswered(Subscription join) {
    drop(join);
    join.agent.socket.fail(ErrorCode.UNKNOWN_ROOM, "the session directory did not answer for " + orphanGraceMs + " ms; session '" + join.room
        + "' may still be live: join again", join.room);
  }

  /**
   * A history frame without the batches this agent already has (a room that moved sends its new
   * owner's buffer, which overlaps what the old owner sent), or null if it has them all.
   */
  private byte[] unseen(Subscription subscription, byte[] frame) {
    List<byte[]> batches = HistoryFrame.eventsFrames(frame);
    List<byte[]> unseen = new ArrayList<>();
    for (byte[] batch : batches) {
      Arrival arrival = arrival(subscription, batch);
      if (arrival == Arrival.NEXT) {
        unseen.add(batch);
      } else if (arrival == Arrival.AFTER_A_HOLE) {
        refuse(subscription, arrival);
        break;
      }
    }
    if (unseen.size() == batches.size()) {
      return frame;
    }
    return unseen.isEmpty() ? null : ServerFrames.history(subscription.room, EventPosition.of(unseen.get(0)).orElseThrow().tab(), unseen);
  }

  /**
   * What the directory says of an orphan's room: nobody owns it (it ended), or a claim to follow. A
   * live node's claim is followed however long its joins have failed (a node starved of CPU answers
   * late, but the room lives there): only a room nobody took within the grace ends.
   */
  private void reconsider(Subscription orphan, Optional<Owner> found, boolean graceOver) {
    if (!waitingForTheDirectory(orphan)) {
      return;
    }
    if (found.isEmpty()) {
      giveUp(orphan);
      return;
    }
    Owner owner = found.get();
    if (owner.epoch() > orphan.lostEpoch && owner.epoch() >= orphan.epoch && !gone(owner)) {
      follow(orphan, owner);
    } else if (graceOver) {
      giveUp(orphan);
    }
  }

  /** No node took the room in time: a member is told it ended, a join still waiting is refused. */
  private void giveUp(Subscription orphan) {
    drop(orphan);
    if (orphan.joined) {
      exits.record(null, orphan.agent.socket.agent().id(), orphan.room, RoomExit.OWNER_LOST);
      orphan.agent.socket.send(FrameType.ENDED, ServerFrames.ended(orphan.room, EndReason.OWNER_LOST));
    } else {
      orphan.agent.socket.fail(ErrorCode.UNKNOWN_ROOM, "no live session '" + orphan.room + "'", orphan.room);
    }
  }

  /** How a batch stands against what the agent got of its tab: only the next one (or a snapshot, which starts afresh) goes on. */
  private enum Arrival { NEXT, SEEN, AFTER_A_HOLE }

  private Arrival arrival(Subscription subscription, byte[] frame) {
    Optional<EventPosition> position = EventPosition.of(frame);
    if (position.isEmpty()) {
      return Arrival.NEXT;
    }
    EventPosition batch = position.get();
    Long last = subscription.lastSeq.get(batch.tab());
    if (last != null && batch.seq() <= last) {
      return Arrival.SEEN;
    }
    if (last != null && batch.seq() > last + 1 && !batch.snapshot()) {
      return Arrival.AFTER_A_HOLE;
    }
    subscription.lastSeq.put(batch.tab(), batch.seq());
    return Arrival.NEXT;
  }

  /**
   * A batch already delivered is dropped. One after a hole means something the owner sent this node
   * was lost on the way (the event bus drops what it holds for a node whose connection failed): the
   * owner serves every member every batch in order, or a snapshot after a gap. The agent gets
   * nothing past the hole, and its node joins again from the last seq it delivered, as after a cut,
   * so the owner sends what was lost.
   */
  private void refuse(Subscription subscription, Arrival arrival) {
    if (arrival == Arrival.SEEN) {
      metrics.duplicates.increment();
      return;
    }
    metrics.afterAHole.increment();
    if (subscription.orphanedAt < 0 && subscription.joining < 0) {
      LOG.info("agent " + subscription.agent.key + " got a batch of session " + subscription.room + " after a hole; joining again from what it holds");
      orphan(subscription);
    }
  }

  private void run(Runnable action) {
    context.runOnContext(v -> action.run());
  }

  /**
   * Runs at once when already on the router's context (a frame off the event bus), else queued
   * there (a frame from a shard): either way, one owner's frames run in the order they were sent.
   */
  private void here(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      run(action);
    }
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

  /**
   * The claim's node left the cluster, or it was made by a run of it that left: a node started again
   * under the same id has no such room, and its answer to a join of it would be taken for the answer
   * of the claim its tab makes there next.
   */
  private boolean gone(Owner owner) {
    return departed.contains(owner.nodeId()) || departedRuns.contains(owner.run());
  }

  /** An orphan with no join under way: what the directory says next decides for it. */
  private boolean waitingForTheDirectory(Subscription subscription) {
    return current(subscription) && subscription.orphanedAt >= 0 && subscription.joining < 0;
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
