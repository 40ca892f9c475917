package io.tandem.bench.scenario;

import io.tandem.bench.Polling;
import io.tandem.bench.BenchOptions;
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
 * N rooms, M agents each, every tracker streaming at the given rate: latency and delivery at
 * that rate, then a ramp of higher rates to find the most this target sustains on this machine.
 * Trackers stay paused while agents join, so the window measures the stream, not the setup.
 */
public final class Streaming implements Scenario {
  /** A window counts as sustained if agents got 95% of what was offered with p99 under a second. */
  private static final double SUSTAINED_SHARE = 0.95;
  private static final double SUSTAINED_P99_MS = 1000;
  private static final int STEADY_SECONDS = 2;
  private static final long QUIET_CONTROL_BYTES_PER_SECOND = 1_000_000;
  private static final long RAMP_SETTLE_MILLIS = 1000;
  private static final Duration LAND_LIMIT = Duration.ofSeconds(20);

  @Override
  public String id() {
    return "streaming";
  }

  @Override
  public String describe(Setup setup) {
    BenchOptions o = setup.options();
    return o.rooms() + " rooms × " + o.agentsPerRoom() + " agents × " + o.rate() + " events/s per room, one event per batch; trackers"
        + " paused until every agent has its snapshot (or " + Crowd.OPEN_TIMEOUT.toSeconds() + " s have passed), then up to " + o.settleSeconds() + " s to reach " + STEADY_SECONDS
        + " steady seconds, a " + o.measureSeconds() + " s measured window; then a ramp of ×" + o.rampMultipliers() + " the rate, "
        + o.rampStepSeconds() + " s measured each after 1 s to settle, stopping at the first step not sustained (95% delivered, p99 ≤ 1 s);"
        + " then trackers stop and every agent's stream is checked once it has landed (up to " + LAND_LIMIT.toSeconds() + " s)";
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
    double offeredPerSecond = (double) o.rooms() * o.agentsPerRoom() * o.rate();
    double settleSeconds = settle(tally, offeredPerSecond, o.settleSeconds());

    tally.reset();
    Polling.sleep(o.measureSeconds() * 1000L);
    JsonObject atRate = tally.figures();
    boolean sustainsRate = sustains(atRate, offeredPerSecond);
    double sustained = sustainsRate ? atRate.getDouble("eventsDeliveredPerSecond") : 0;
    double peak = atRate.getDouble("eventsDeliveredPerSecond");

    JsonArray ramp = new JsonArray();
    // A target that does not sustain the set rate has no higher rate to find.
    for (double multiplier : sustainsRate ? o.rampMultipliers() : List.<Double>of()) {
      pace.set(o.rate() * multiplier);
      Polling.sleep(RAMP_SETTLE_MILLIS);
      tally.reset();
      Polling.sleep(o.rampStepSeconds() * 1000L);
      JsonObject step = tally.figures().put("ratePerRoom", o.rate() * multiplier);
      ramp.add(step);
      peak = Math.max(peak, step.getDouble("eventsDeliveredPerSecond"));
      if (!sustains(step, offeredPerSecond * multiplier)) {
        break;
      }
      sustained = Math.max(sustained, step.getDouble("eventsDeliveredPerSecond"));
    }
    JsonObject correctness = Crowd.finish(pace, tally, trackers, agents, LAND_LIMIT);
    Crowd.closeAll(trackers, agents);
    return new JsonObject()
        .put("rooms", o.rooms()).put("agentsPerRoom", o.agentsPerRoom()).put("ratePerRoom", o.rate())
        .put("trackersAccepted", trackers.stream().filter(Tracker::ready).count())
        .put("setupSeconds", Math.round(setupSeconds * 10) / 10.0)
        .put("agentsWithSnapshotAtStart", agentsWithSnapshot)
        .put("setupErrors", setupWindow.getJsonObject("errors"))
        .put("setupControlMBToAgents", setupWindow.getDouble("controlMBToAgents"))
        .put("settleSeconds", settleSeconds)
        .put("offeredDeliveriesPerSecond", offeredPerSecond)
        .put("atRate", atRate)
        .put("sustainsRate", sustainsRate)
        .put("ramp", ramp)
        .put("maxSustainedDeliveriesPerSecond", sustained)
        .put("peakDeliveriesPerSecond", peak)
        .put("correctness", correctness);
  }

  private static boolean sustains(JsonObject window, double offered) {
    return window.getDouble("eventsDeliveredPerSecond") >= SUSTAINED_SHARE * offered
        && window.getJsonObject("latencyMs").getDouble("p99") <= SUSTAINED_P99_MS;
  }

  /**
   * Waits for steady state before measuring: {@link #STEADY_SECONDS} in a row in which agents got
   * no more than a trickle of control traffic, at least 90% of the offered events, with p99 under
   * a second. Returns the seconds waited, negative if steady state never came within {@code max}
   * (then the window measures the backlog).
   */
  private static double settle(Tally tally, double offeredPerSecond, int max) {
    int steady = 0;
    for (int second = 1; second <= max; second++) {
      tally.reset();
      Polling.sleep(1000);
      JsonObject f = tally.figures();
      boolean ok = f.getLong("controlBytesToAgents") < QUIET_CONTROL_BYTES_PER_SECOND
          && f.getDouble("eventsDeliveredPerSecond") >= 0.9 * offeredPerSecond
          && f.getJsonObject("latencyMs").getDouble("p99") < SUSTAINED_P99_MS;
      steady = ok ? steady + 1 : 0;
      if (steady == STEADY_SECONDS) {
        return second;
      }
    }
    return -max;
  }
}
