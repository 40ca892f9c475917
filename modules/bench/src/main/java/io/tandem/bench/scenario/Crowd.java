package io.tandem.bench.scenario;

import static io.tandem.bench.Polling.sleep;
import static io.tandem.bench.Polling.waitUntil;

import io.tandem.bench.load.Agent;
import io.tandem.bench.load.Lanes;
import io.tandem.bench.load.Pace;
import io.tandem.bench.load.Tally;
import io.tandem.bench.load.Tracker;
import io.tandem.bench.page.Recording;
import io.tandem.bench.wire.Wire;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Opens many trackers and agents against one target, a bounded number at a time, and waits on them. */
final class Crowd {
  /** Opening a crowd (connect, hello, join, first snapshot) takes at most this, all of it together. */
  static final Duration OPEN_TIMEOUT = Duration.ofSeconds(60);

  private final Lanes lanes;
  private final Wire wire;
  private final Tally tally;
  private final int concurrency;

  Crowd(Lanes lanes, Wire wire, Tally tally, int concurrency) {
    this.lanes = lanes;
    this.wire = wire;
    this.tally = tally;
    this.concurrency = concurrency;
  }

  static String sessionId(String prefix, int index) {
    return String.format("%s-%06d", prefix, index);
  }

  /** Opens {@code count} trackers, one room each, and waits until every one is accepted or gone. */
  List<Tracker> trackers(String prefix, int count, Recording recording, Pace pace) {
    List<Tracker> trackers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      trackers.add(new Tracker(sessionId(prefix, i), "tab-" + sessionId(prefix, i), wire, lanes, i, recording, pace, tally));
    }
    long deadline = System.nanoTime() + OPEN_TIMEOUT.toNanos();
    open(trackers, Tracker::connect);
    waitUntil(() -> trackers.stream().allMatch(t -> t.ready() || t.closed()), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    return trackers;
  }

  /** Opens {@code perRoom} agents into every tracker's room and waits until each has its first snapshot (and its list window). */
  List<Agent> agents(List<Tracker> trackers, int perRoom) {
    List<Agent> agents = new ArrayList<>();
    for (int a = 0; a < perRoom; a++) {
      for (int i = 0; i < trackers.size(); i++) {
        agents.add(new Agent(trackers.get(i).sessionId, wire, lanes, i + a, tally));
      }
    }
    long deadline = System.nanoTime() + OPEN_TIMEOUT.toNanos();
    open(agents, Agent::connect);
    // a console has opened once it has its room's snapshot and, where the target serves one, its list
    // window, which comes with the next list push: the setup's figures count both
    waitUntil(() -> agents.stream().allMatch(a -> (a.hasSnapshot() && (a.listed() || !wire.servesLists())) || a.closed()),
        Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    return agents;
  }

  Agent agent(String sessionId, int laneIndex) {
    return new Agent(sessionId, wire, lanes, laneIndex, tally);
  }

  private interface Connect<T> {
    void connect(T client, Runnable done);
  }

  private <T> void open(List<T> clients, Connect<T> connect) {
    Semaphore permits = new Semaphore(concurrency);
    for (T client : clients) {
      if (!acquire(permits)) {
        tally.error("connect did not complete within " + OPEN_TIMEOUT.toSeconds() + " s");
        return;
      }
      connect.connect(client, permits::release);
    }
    if (acquireAll(permits)) {
      permits.release(concurrency);
    }
  }

  private static boolean acquire(Semaphore permits) {
    try {
      return permits.tryAcquire(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean acquireAll(Semaphore permits) {
    try {
      return permits.tryAcquire(concurrency, OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Nothing arriving for this long means the target has nothing more in flight. */
  private static final Duration QUIET = Duration.ofSeconds(10);
  private static final long POLL_MILLIS = 100;

  /** How the stream had landed when it was checked. */
  enum Landing {
    /** Every agent had the last batch its tracker sent. */
    COMPLETE,
    /**
     * Nothing arrived for {@link #QUIET}: whatever is missing is lost. A loaded Tandem was seen to
     * stall 2 to 5 s before delivering its whole backlog, so the quiet must be longer than that.
     */
    QUIET,
    /** Batches were still arriving when the time was up: what is missing is a backlog, not yet a loss. */
    STILL_ARRIVING
  }

  /**
   * Ends a measured stream and checks it: stops every tracker, then waits until each agent has its
   * tracker's last batch, or the target has gone quiet, or {@code max} is up. Only then is the
   * tail compared with what was sent, so batches still in flight are never counted as lost.
   */
  static JsonObject finish(Pace pace, Tally tally, List<Tracker> trackers, List<Agent> agents, Duration max) {
    pace.set(0);
    long started = System.nanoTime();
    Landing landing = land(tally, trackers, agents, max);
    return correctness(trackers, agents, landing).put("secondsToLand", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
  }

  private static Landing land(Tally tally, List<Tracker> trackers, List<Agent> agents, Duration max) {
    Map<String, Tracker> bySession = bySession(trackers);
    long deadline = System.nanoTime() + max.toNanos();
    long lastCount = -1;
    long lastChange = System.nanoTime();
    while (true) {
      if (agents.stream().allMatch(a -> a.check().undelivered(bySession.get(a.sessionId).lastSent()) == 0 && (a.hasSnapshot() || a.closed()))) {
        return Landing.COMPLETE;
      }
      long now = System.nanoTime();
      // control frames count as arrivals too: a target may have session lists queued ahead of batches
      long count = tally.framesDelivered() + tally.controlBytes();
      if (count != lastCount) {
        lastCount = count;
        lastChange = now;
      } else if (now - lastChange >= QUIET.toNanos()) {
        return Landing.QUIET;
      }
      if (now >= deadline) {
        return Landing.STILL_ARRIVING;
      }
      sleep(POLL_MILLIS);
    }
  }

  private static Map<String, Tracker> bySession(List<Tracker> trackers) {
    return trackers.stream().collect(Collectors.toMap(t -> t.sessionId, Function.identity()));
  }

  /**
   * The order check over every agent, against what its room's tracker sent: every batch since the
   * agent's first snapshot must have arrived once and in order by the end. A missing tail or
   * snapshot is a violation only once the stream has landed; while batches still arrive it is
   * reported as a backlog.
   */
  static JsonObject correctness(List<Tracker> trackers, List<Agent> agents, Landing landing) {
    Map<String, Tracker> bySession = bySession(trackers);
    long synced = 0;
    long batches = 0;
    long gaps = 0;
    long missing = 0;
    long outOfOrder = 0;
    long beforeSnapshot = 0;
    long undelivered = 0;
    long incomplete = 0;
    for (Agent agent : agents) {
      var check = agent.check();
      synced += check.synced() ? 1 : 0;
      batches += check.accepted();
      gaps += check.gaps();
      missing += check.missing();
      outOfOrder += check.outOfOrder();
      beforeSnapshot += check.beforeSnapshot();
      long tail = check.undelivered(bySession.get(agent.sessionId).lastSent());
      undelivered += tail;
      incomplete += tail > 0 ? 1 : 0;
    }
    long unsynced = agents.size() - synced;
    boolean landed = landing != Landing.STILL_ARRIVING;
    return new JsonObject()
        .put("landing", landing.name().toLowerCase(java.util.Locale.ROOT))
        .put("agents", agents.size())
        .put("agentsWithSnapshot", synced)
        .put("batchesChecked", batches)
        .put("gaps", gaps)
        .put("batchesMissingInGaps", missing)
        .put("outOfOrderOrDuplicate", outOfOrder)
        .put("batchesNeverDelivered", landed ? undelivered : 0)
        .put("agentsIncompleteAtEnd", landed ? incomplete : 0)
        .put("batchesStillQueuedAtEnd", landed ? 0 : undelivered)
        .put("agentsStillBehindAtEnd", landed ? 0 : incomplete + unsynced)
        .put("batchesBeforeFirstSnapshot", beforeSnapshot)
        // Every way an agent can fail to get every event, in order: each gap, each misordered or
        // repeated batch, each agent missing the stream's tail or never given a snapshot.
        .put("violations", gaps + outOfOrder + (landed ? incomplete + unsynced : 0));
  }

  static void closeAll(List<Tracker> trackers, List<Agent> agents) {
    agents.forEach(Agent::close);
    trackers.forEach(Tracker::close);
    sleep(500);
  }
}
