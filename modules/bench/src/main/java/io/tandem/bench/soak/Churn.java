package io.tandem.bench.soak;

import static io.tandem.bench.Polling.waitUntil;

import io.tandem.bench.load.Agent;
import io.tandem.bench.load.Lanes;
import io.tandem.bench.load.Pace;
import io.tandem.bench.load.Tally;
import io.tandem.bench.load.Tracker;
import io.tandem.bench.page.Recording;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak's rooms and what happens to them: a fixed number of sessions stream, each watched by its
 * agents, while agents come and go, tabs reload and sessions end and are replaced. Each change runs
 * on a thread of its own (it waits on the node), and a room takes one change at a time.
 */
final class Churn implements AutoCloseable {
  /** A tab accepted, an agent's first snapshot: the node was seen to take seconds under load, never this long. */
  private static final Duration OPEN = Duration.ofSeconds(60);
  /** A socket closed both ways. */
  private static final Duration GONE = Duration.ofSeconds(15);
  /** A leaving agent has every batch its tab sent before it decided to leave. */
  private static final Duration CATCH_UP = Duration.ofSeconds(30);
  private static final int LANES = 2;
  private static final Set<String> EXPECTED_ERRORS = Set.of("to agent: ended", "generator fell behind schedule");

  private final SoakPlan plan;
  private final EndingWire wire;
  private final Duration endedWithin;
  private final Lanes lanes = new Lanes(LANES);
  private final Tally tally = new Tally();
  private final Pace pace;
  private final Recording recording = Recording.builtIn();
  private final Random random;
  private final ExecutorService changes = Executors.newCachedThreadPool();
  private final List<Slot> slots = new ArrayList<>();
  private final Set<Session> ending = ConcurrentHashMap.newKeySet();
  private final StreamLedger ledger = new StreamLedger();
  private final AtomicInteger sessionsStarted = new AtomicInteger();
  private final AtomicInteger lanesUsed = new AtomicInteger();
  private final LongAdder agentSwaps = new LongAdder();
  private final LongAdder reloads = new LongAdder();
  private final LongAdder sessionsEnded = new LongAdder();
  private final LongAdder changesSkipped = new LongAdder();
  private final LongAdder trackersNotAccepted = new LongAdder();
  private final LongAdder socketsNotClosed = new LongAdder();
  private final LongAdder sessionsWithoutEnded = new LongAdder();
  private final LongAdder agentsNotCaughtUp = new LongAdder();
  /** Whether a change was still waiting on the node when the run ended (and past every one of its own bounds). */
  private volatile boolean changesUnfinished;

  /** One of the soak's room places: a session streams in it, replaced by a new one when it ends. */
  private static final class Slot {
    volatile Session session;
    final AtomicBoolean busy = new AtomicBoolean();
  }

  /** {@code endedWithin}: how long after its tab closed a session's agents must be told it ended (the node's grace, and some). */
  Churn(SoakPlan plan, EndingWire wire, Duration endedWithin) {
    this.plan = plan;
    this.wire = wire;
    this.endedWithin = endedWithin;
    this.pace = new Pace(plan.eventsPerSecond());
    this.random = new Random(plan.seed());
  }

  /** Opens every room, its tab streaming to its agents; false if one was not up within {@link #OPEN}. */
  boolean open() {
    List<Session> opened = new ArrayList<>();
    for (int i = 0; i < plan.rooms(); i++) {
      Slot slot = new Slot();
      slot.session = newSession();
      slots.add(slot);
      opened.add(slot.session);
      slot.session.tracker.connect(() -> { });
    }
    boolean accepted = waitUntil(() -> opened.stream().allMatch(s -> s.tracker.ready()), OPEN);
    for (Session session : opened) {
      for (int a = 0; a < plan.agentsPerRoom(); a++) {
        join(session);
      }
    }
    return accepted && waitUntil(() -> opened.stream().allMatch(s -> s.agents.stream().allMatch(Agent::hasSnapshot)), OPEN);
  }

  private Session newSession() {
    Session session = new Session(String.format("soak-%07d", sessionsStarted.incrementAndGet()));
    session.tracker = new Tracker(session.id, "tab-" + session.id, wire, lanes, lanesUsed.getAndIncrement(), recording, pace, tally);
    long interval = plan.checkpoint().toNanos();
    // each tab's checkpoints at its own phase, as real tabs' timers are
    session.nextCheckpointNanos = System.nanoTime() + (interval > 0 ? (long) (random.nextDouble() * interval) : Long.MAX_VALUE / 2);
    return session;
  }

  private Agent join(Session session) {
    Agent agent = new Agent(session.id, wire, lanes, lanesUsed.getAndIncrement(), tally);
    session.agents.add(agent);
    agent.connect(() -> { });
    return agent;
  }

  /** Takes the checkpoints that are due; called by the soak's clock. */
  void checkpoints(long now) {
    for (Slot slot : slots) {
      Session session = slot.session;
      if (now >= session.nextCheckpointNanos) {
        session.tracker.checkpoint();
        session.nextCheckpointNanos = now + plan.checkpoint().toNanos();
      }
    }
  }

  void swapAgent() {
    change(this::swapAgent);
  }

  void reload() {
    change(this::reload);
  }

  void endSession() {
    change(this::endSession);
  }

  /** Runs a change on a room no other change holds; skipped (and counted) if every room it tried was busy. */
  private void change(java.util.function.Consumer<Slot> change) {
    for (int attempt = 0; attempt < 8; attempt++) {
      Slot slot;
      synchronized (random) {
        slot = slots.get(random.nextInt(slots.size()));
      }
      if (slot.busy.compareAndSet(false, true)) {
        changes.execute(() -> {
          try {
            change.accept(slot);
          } finally {
            slot.busy.set(false);
          }
        });
        return;
      }
    }
    changesSkipped.increment();
  }

  /** An agent closes its console once it has what the tab sent so far; another agent joins the room. */
  private void swapAgent(Slot slot) {
    Session session = slot.session;
    Agent leaving;
    synchronized (random) {
      leaving = session.agents.get(random.nextInt(session.agents.size()));
    }
    long sent = session.tracker.lastSent();
    if (!waitUntil(() -> leaving.check().last() >= sent, CATCH_UP)) {
      agentsNotCaughtUp.increment();
    }
    ledger.retire(leaving.check(), sent);
    session.agents.remove(leaving);
    leaving.close();
    Agent joining = join(session);
    waitUntil(joining::hasSnapshot, OPEN);
    agentSwaps.increment();
  }

  /** The tab's page loads again: the old socket closes, the new page says hello with the session's secret and sends a new snapshot. */
  private void reload(Slot slot) {
    Session session = slot.session;
    Tracker old = session.tracker;
    old.close();
    if (!waitUntil(old::gone, GONE)) {
      socketsNotClosed.increment();
    }
    Tracker next = old.reloaded();
    session.tracker = next;
    next.connect(() -> { });
    if (!waitUntil(next::ready, OPEN)) {
      trackersNotAccepted.increment();
    }
    reloads.increment();
  }

  /**
   * The user closes the tab for good; a new session takes the room's place at once, and the old
   * one's agents stay until they are told it ended (the room holds no other change meanwhile).
   */
  private void endSession(Slot slot) {
    Session old = slot.session;
    old.tracker.close();
    ending.add(old);
    Session fresh = newSession();
    fresh.tracker.connect(() -> { });
    if (!waitUntil(fresh.tracker::ready, OPEN)) {
      trackersNotAccepted.increment();
    }
    for (int a = 0; a < plan.agentsPerRoom(); a++) {
      join(fresh);
    }
    slot.session = fresh;
    awaitEnd(old);
  }

  private void awaitEnd(Session session) {
    try {
      if (!waitUntil(() -> wire.ended(session.id) >= session.agents.size(), endedWithin)) {
        sessionsWithoutEnded.increment();
      }
      // `ended` comes after every batch the room relayed, so each agent must have the tab's last one
      for (Agent agent : session.agents) {
        ledger.retire(agent.check(), session.tracker.lastSent());
        agent.close();
      }
      wire.forget(session.id);
      sessionsEnded.increment();
    } finally {
      ending.remove(session);
    }
  }

  /**
   * Stops the churn, lets every change under way finish, stops the tabs streaming and checks every
   * agent still watching against its tab's last batch once it has landed (or {@code land} is up).
   */
  void finish(Duration land) {
    changes.shutdown();
    try {
      changesUnfinished = !changes.awaitTermination(endedWithin.plus(OPEN).toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pace.set(0);
    List<Session> live = slots.stream().map(s -> s.session).toList();
    waitUntil(() -> live.stream().allMatch(s -> s.agents.stream().allMatch(a -> a.check().last() >= s.tracker.lastSent())), land);
    for (Session session : live) {
      for (Agent agent : session.agents) {
        ledger.retire(agent.check(), session.tracker.lastSent());
      }
    }
  }

  /** Everything the soak checks that must be 0. */
  long violations() {
    return ledger.violations() + unexpectedErrors() + trackersNotAccepted.sum() + socketsNotClosed.sum() + sessionsWithoutEnded.sum()
        + (changesUnfinished ? 1 : 0);
  }

  /**
   * Errors the load saw other than the {@code ended} it waits for, and other than its own generator
   * falling behind (a loaded machine starving the load's threads says nothing about the node).
   */
  long unexpectedErrors() {
    JsonObject errors = tally.figures().getJsonObject("errors");
    return errors.fieldNames().stream().filter(kind -> !EXPECTED_ERRORS.contains(kind)).mapToLong(errors::getLong).sum();
  }

  /** The counters so far, for each sample. */
  JsonObject progress() {
    return new JsonObject()
        .put("roomsStreaming", slots.size())
        .put("sessionsEnding", ending.size())
        .put("sessionsStarted", sessionsStarted.get())
        .put("sessionsEnded", sessionsEnded.sum())
        .put("agentSwaps", agentSwaps.sum())
        .put("reloads", reloads.sum())
        .put("changesSkipped", changesSkipped.sum())
        .put("batchesDelivered", tally.framesDelivered())
        .put("violations", violations());
  }

  /** The whole account, at the end. */
  JsonObject figures() {
    return progress()
        .put("streams", ledger.toJson())
        .put("agentsNotCaughtUpWhenLeaving", agentsNotCaughtUp.sum())
        .put("trackersNotAccepted", trackersNotAccepted.sum())
        .put("socketsNotClosed", socketsNotClosed.sum())
        .put("sessionsWithoutEnded", sessionsWithoutEnded.sum())
        .put("changesUnfinished", changesUnfinished)
        .put("unexpectedErrors", unexpectedErrors())
        .put("errors", tally.figures().getJsonObject("errors"));
  }

  @Override
  public void close() {
    changes.shutdownNow();
    for (Slot slot : slots) {
      slot.session.agents.forEach(Agent::close);
      slot.session.tracker.close();
    }
    for (Session session : ending) {
      session.agents.forEach(Agent::close);
    }
    lanes.close();
  }
}
