package io.tandem.bench.scenario;

import io.tandem.bench.BenchOptions;
import io.tandem.bench.load.Agent;
import io.tandem.bench.load.Lanes;
import io.tandem.bench.load.Pace;
import io.tandem.bench.load.Tally;
import io.tandem.bench.load.Tracker;
import io.tandem.bench.page.Recording;
import io.tandem.bench.target.TargetProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * N rooms, M agents each, every tracker streaming at the given rate: latency and delivery at
 * that rate, then a ramp of higher rates to find the most this target sustains on this machine.
 */
public final class Streaming {
  /** A ramp step counts as sustained if agents got 95% of what was offered with p99 under a second. */
  private static final double SUSTAINED_SHARE = 0.95;
  private static final double SUSTAINED_P99_MS = 1000;
  private static final int SETTLE_MAX_SECONDS = 60;
  private static final long QUIET_CONTROL_BYTES_PER_SECOND = 1_000_000;

  private Streaming() {}

  public static JsonObject run(TargetProcess target, Lanes lanes, Recording recording, BenchOptions o) {
    Tally tally = new Tally();
    Pace pace = new Pace(o.rate());
    Crowd crowd = new Crowd(lanes, target.wire(), tally, o.connectConcurrency());
    long started = System.nanoTime();
    List<Tracker> trackers = crowd.trackers("stream", o.rooms(), recording, pace);
    List<Agent> agents = crowd.agents(trackers, o.agentsPerRoom());
    double setupSeconds = (System.nanoTime() - started) / 1e9;
    double offeredPerSecond = (double) o.rooms() * o.agentsPerRoom() * o.rate();
    double settleSeconds = settle(tally, offeredPerSecond);
    Crowd.sleep(o.warmupSeconds() * 1000L);

    tally.reset();
    Crowd.sleep(o.measureSeconds() * 1000L);
    JsonObject atRate = tally.figures();
    double sustained = sustains(atRate, offeredPerSecond) ? atRate.getDouble("eventsDeliveredPerSecond") : 0;

    JsonArray ramp = new JsonArray();
    // A target that does not sustain the set rate has no higher rate to find.
    for (double multiplier : sustained > 0 ? o.rampMultipliers() : List.<Double>of()) {
      pace.set(o.rate() * multiplier);
      Crowd.sleep(2000);
      tally.reset();
      Crowd.sleep(o.rampStepSeconds() * 1000L);
      JsonObject step = tally.figures().put("ratePerRoom", o.rate() * multiplier);
      ramp.add(step);
      if (!sustains(step, offeredPerSecond * multiplier)) {
        break;
      }
      sustained = Math.max(sustained, step.getDouble("eventsDeliveredPerSecond"));
    }
    pace.set(0);
    Crowd.drain(tally, Duration.ofSeconds(30));
    JsonObject correctness = Crowd.correctness(trackers, agents);
    Crowd.closeAll(trackers, agents);
    return new JsonObject()
        .put("rooms", o.rooms()).put("agentsPerRoom", o.agentsPerRoom()).put("ratePerRoom", o.rate())
        .put("trackersAccepted", trackers.stream().filter(Tracker::ready).count())
        .put("setupSeconds", Math.round(setupSeconds * 10) / 10.0)
        .put("settleSeconds", settleSeconds)
        .put("offeredDeliveriesPerSecond", offeredPerSecond)
        .put("atRate", atRate)
        .put("ramp", ramp)
        .put("maxSustainedDeliveriesPerSecond", sustained)
        .put("correctness", correctness);
  }

  private static boolean sustains(JsonObject window, double offered) {
    return window.getDouble("eventsDeliveredPerSecond") >= SUSTAINED_SHARE * offered
        && window.getJsonObject("latencyMs").getDouble("p99") <= SUSTAINED_P99_MS;
  }

  /**
   * Waits for steady state before measuring: three seconds in a row in which agents got no more
   * than a trickle of control traffic (Tandem pushes the session list to every agent while rooms
   * change), at least 90% of the offered events, with p99 under a second. Returns the seconds
   * waited, negative if steady state never came (then the window measures the backlog).
   */
  private static double settle(Tally tally, double offeredPerSecond) {
    int quiet = 0;
    for (int second = 1; second <= SETTLE_MAX_SECONDS; second++) {
      tally.reset();
      Crowd.sleep(1000);
      JsonObject f = tally.figures();
      boolean steady = f.getLong("controlBytesToAgents") < QUIET_CONTROL_BYTES_PER_SECOND
          && f.getDouble("eventsDeliveredPerSecond") >= 0.9 * offeredPerSecond
          && f.getJsonObject("latencyMs").getDouble("p99") < SUSTAINED_P99_MS;
      quiet = steady ? quiet + 1 : 0;
      if (quiet == 3) {
        return second;
      }
    }
    return -SETTLE_MAX_SECONDS;
  }
}
