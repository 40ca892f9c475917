package io.tandem.bench.scenario;

import io.tandem.bench.BenchOptions;
import io.tandem.bench.Polling;
import io.tandem.bench.load.Agent;
import io.tandem.bench.load.Pace;
import io.tandem.bench.load.Tally;
import io.tandem.bench.load.Tracker;
import io.tandem.bench.target.Target;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * N rooms, M agents each, every tracker streaming at the given rate: latency, delivery and CPU per
 * delivered event at that rate, then the knee, the highest delivered rate at which p99 stays under
 * a bound ({@link KneeSearch}). Trackers stay paused while agents join, and every window waits for
 * the stream to settle or is refused ({@link MeasuredWindow}), so no figure times a backlog.
 */
public final class Streaming implements Scenario {
  private static final int STEADY_SECONDS = 2;
  /** A second with more control traffic to agents than this is still setup (session lists, room news). */
  private static final long QUIET_CONTROL_BYTES_PER_SECOND = 1_000_000;
  private static final double STEADY_SHARE = 0.9;
  private static final double STEADY_P99_MS = 1000;
  /** A knee step passes if agents got this share of what was offered, with p99 under the bound. */
  private static final double KNEE_SHARE = 0.95;
  /** After a failed knee step the trackers pause until nothing has arrived for this long: its backlog is gone. */
  private static final Duration DRAIN_QUIET = Duration.ofSeconds(1);
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(20);
  private static final Duration LAND_LIMIT = Duration.ofSeconds(20);

  @Override
  public String id() {
    return "streaming";
  }

  @Override
  public String describe(Setup setup) {
    BenchOptions o = setup.options();
    return o.rooms() + " rooms × " + o.agentsPerRoom() + " agents × " + o.rate() + " events/s per room, one event per batch; trackers"
        + " paused until every agent has its snapshot (or " + Crowd.OPEN_TIMEOUT.toSeconds() + " s have passed); at the set rate, up to "
        + o.settleSeconds() + " s to reach " + STEADY_SECONDS + " steady seconds (90% delivered, p99 ≤ 1 s and not climbing, control"
        + " frames quiet), then a " + o.measureSeconds() + " s window, or none if it never settled; CPU per delivered event from the"
        + " target's /proc/<pid>/stat over each window; then the knee: rates from ×" + o.kneeStart() + " the set rate up by ×"
        + o.kneeFactor() + " (to ×" + o.kneeMax() + ") while a step passes (settled within " + o.kneeSettleSeconds() + " s, then "
        + o.kneeStepSeconds() + " s with 95% delivered and p99 ≤ " + o.kneeP99Ms() + " ms), then " + o.kneeRefinements()
        + " steps halving the gap to the first that failed (if the first step fails, down by the same factor, at most "
        + o.kneeDownSteps() + " steps), trackers paused until quiet after each failure; the knee is the highest"
        + " delivered rate of a step that passed; then trackers stop and every agent's stream is checked once it has landed (up to "
        + LAND_LIMIT.toSeconds() + " s)";
  }

  @Override
  public JsonObject run(Target target, Setup setup) {
    BenchOptions o = setup.options();
    Tally tally = new Tally();
    Pace pace = new Pace(0);
    Crowd crowd = new Crowd(setup.lanes(), target.wire(), tally, o.connectConcurrency());
    long started = System.nanoTime();
    List<Tracker> trackers = crowd.trackers("stream", o.rooms(), setup.recording(), pace);
    List<Agent> agents = crowd.agents(trackers, o.agentsPerRoom());
    double setupSeconds = (System.nanoTime() - started) / 1e9;
    long agentsWithSnapshot = agents.stream().filter(Agent::hasSnapshot).count();
    JsonObject setupWindow = tally.figures();

    pace.set(o.rate());
    JsonObject atRate = MeasuredWindow.measure(tally, target, settling(offered(o, o.rate())), o.settleSeconds(), o.measureSeconds());
    JsonObject knee = knee(target, tally, pace, o);
    double peak = Math.max(delivered(atRate), knee.getJsonArray("steps").stream().mapToDouble(step -> delivered((JsonObject) step)).max().orElse(0));

    JsonObject correctness = Crowd.finish(pace, tally, trackers, agents, LAND_LIMIT);
    Crowd.closeAll(trackers, agents);
    return new JsonObject()
        .put("rooms", o.rooms()).put("agentsPerRoom", o.agentsPerRoom()).put("ratePerRoom", o.rate())
        .put("trackersAccepted", trackers.stream().filter(Tracker::ready).count())
        .put("setupSeconds", Math.round(setupSeconds * 10) / 10.0)
        .put("agentsWithSnapshotAtStart", agentsWithSnapshot)
        .put("setupErrors", setupWindow.getJsonObject("errors"))
        .put("setupControlMBToAgents", setupWindow.getDouble("controlMBToAgents"))
        .put("setupListMBToAgents", setupWindow.getDouble("listMBToAgents"))
        .put("offeredDeliveriesPerSecond", offered(o, o.rate()))
        .put("atRate", atRate)
        .put("knee", knee)
        .put("peakDeliveriesPerSecond", peak)
        .put("correctness", correctness);
  }

  private JsonObject knee(Target target, Tally tally, Pace pace, BenchOptions o) {
    KneeSearch search = new KneeSearch(o.rate() * o.kneeStart(), o.kneeFactor(), o.rate() * o.kneeMax(), o.kneeRefinements(), o.kneeDownSteps());
    JsonArray steps = new JsonArray();
    JsonObject best = null;
    // the window at the set rate may have left a backlog behind
    boolean drain = true;
    while (search.next().isPresent()) {
      double rate = search.next().getAsDouble();
      if (drain) {
        drain(tally, pace);
      }
      pace.set(rate);
      JsonObject step = MeasuredWindow.measure(tally, target, settling(offered(o, rate)), o.kneeSettleSeconds(), o.kneeStepSeconds());
      boolean passed = step.getBoolean("settled") && delivered(step) >= KNEE_SHARE * offered(o, rate)
          && step.getJsonObject("latencyMs").getDouble("p99") <= o.kneeP99Ms();
      search.record(rate, passed, delivered(step));
      steps.add(step.put("ratePerRoom", rate).put("passed", passed));
      if (passed && (best == null || delivered(step) > delivered(best))) {
        best = step;
      }
      drain = !passed;
    }
    JsonObject knee = new JsonObject().put("p99BoundMs", o.kneeP99Ms()).put("capped", search.capped()).put("steps", steps);
    if (best != null) {
      knee.put("deliveriesPerSecond", delivered(best)).put("ratePerRoom", best.getDouble("ratePerRoom"))
          .put("latencyMs", best.getJsonObject("latencyMs")).put("cpuMicrosPerEvent", best.getValue("cpuMicrosPerEvent"));
    }
    return knee;
  }

  /** Pauses the trackers until nothing has arrived for a second: what a failed step left in flight is gone. */
  private static void drain(Tally tally, Pace pace) {
    pace.set(0);
    long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
    long last = -1;
    while (System.nanoTime() < deadline) {
      long now = tally.framesDelivered() + tally.controlBytes();
      if (now == last) {
        return;
      }
      last = now;
      Polling.sleep(DRAIN_QUIET.toMillis());
    }
  }

  private static Settling settling(double offered) {
    return new Settling(offered, STEADY_SHARE, STEADY_P99_MS, QUIET_CONTROL_BYTES_PER_SECOND, STEADY_SECONDS);
  }

  private static double offered(BenchOptions o, double ratePerRoom) {
    return (double) o.rooms() * o.agentsPerRoom() * ratePerRoom;
  }

  private static double delivered(JsonObject window) {
    return window.getBoolean("settled", false) ? window.getDouble("eventsDeliveredPerSecond") : 0;
  }
}
