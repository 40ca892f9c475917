package io.tandem.bench.scenario;

import io.tandem.bench.Polling;
import io.tandem.bench.BenchOptions;
import io.tandem.bench.load.Agent;
import io.tandem.bench.load.Pace;
import io.tandem.bench.load.Tally;
import io.tandem.bench.load.Tracker;
import io.tandem.bench.target.Target;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Agents arriving at a steady clip, each into its own idle room: time from opening the socket to
 * having the room's full snapshot. Streams start as agents arrive, as they would; at the end the
 * streams stop and every agent's stream is checked once it has landed.
 */
public final class JoinStorm implements Scenario {
  private static final Duration LATE_LIMIT = Duration.ofSeconds(20);
  private static final Duration LAND_LIMIT = Duration.ofSeconds(15);

  @Override
  public String id() {
    return "storm";
  }

  @Override
  public String describe(Setup setup) {
    BenchOptions o = setup.options();
    return o.stormAgents() + " agents joining " + o.stormAgents() + " idle rooms evenly over " + o.stormSeconds()
        + " s (each room's tracker then streams " + o.rate() + " events/s); time from opening the agent's socket to its first full"
        + " snapshot, waiting up to " + LATE_LIMIT.toSeconds() + " s after the last join (an agent still waiting then counts in the"
        + " percentiles at the time it had waited, a lower bound); then streams stop and are checked once landed";
  }

  @Override
  public JsonObject run(Target target, Setup setup) {
    BenchOptions o = setup.options();
    Tally tally = new Tally();
    Crowd crowd = new Crowd(setup.lanes(), target.wire(), tally, o.connectConcurrency());
    int count = o.stormAgents();
    Pace pace = new Pace(o.rate());
    List<Tracker> trackers = crowd.trackers("storm", count, setup.recording(), pace);
    tally.reset();
    List<Agent> agents = new ArrayList<>(count);
    long start = System.nanoTime();
    long spacingNanos = Duration.ofSeconds(o.stormSeconds()).toNanos() / Math.max(1, count);
    for (int i = 0; i < count; i++) {
      long wait = start + i * spacingNanos - System.nanoTime();
      if (wait > 0) {
        Polling.sleep(wait / 1_000_000);
      }
      Agent agent = crowd.agent(trackers.get(i).sessionId, i);
      agents.add(agent);
      agent.connect(() -> { });
    }
    double spreadSeconds = (System.nanoTime() - start) / 1e9;
    Polling.waitUntil(() -> agents.stream().allMatch(a -> a.hasSnapshot() || a.closed()), LATE_LIMIT);
    // An agent still without a snapshot counts at the time it has waited so far, a lower bound,
    // so the percentiles cover every agent instead of only the ones fast enough to be timed.
    Histogram toSnapshot = new Histogram(3_600_000L, 3);
    long now = System.nanoTime();
    long withSnapshot = 0;
    for (Agent agent : agents) {
      if (agent.hasSnapshot()) {
        withSnapshot++;
        toSnapshot.recordValue(agent.timeToSnapshotNanos() / 1_000_000);
      } else {
        toSnapshot.recordValue(agent.waitedNanos(now) / 1_000_000);
      }
    }
    JsonObject window = tally.figures();
    JsonObject without = withoutSnapshot(trackers, agents);
    JsonObject correctness = Crowd.finish(pace, tally, trackers, agents, LAND_LIMIT);
    Crowd.closeAll(trackers, agents);
    return new JsonObject()
        .put("agents", count)
        .put("spreadSeconds", Math.round(spreadSeconds * 10) / 10.0)
        .put("snapshotBytes", setup.recording().snapshotBytes())
        .put("agentsWithSnapshot", withSnapshot)
        .put("agentsWithoutSnapshotCountedAsWaitedSoFar", count - withSnapshot)
        .put("timeToSnapshotMs", new JsonObject()
            .put("p50", toSnapshot.getValueAtPercentile(50))
            .put("p99", toSnapshot.getValueAtPercentile(99))
            .put("max", toSnapshot.getMaxValue()))
        .put("withoutSnapshot", without)
        .put("during", window)
        .put("correctness", correctness);
  }

  /** Where the agents without a snapshot got stuck, and their rooms' tabs. */
  private static JsonObject withoutSnapshot(List<Tracker> trackers, List<Agent> agents) {
    JsonObject stages = new JsonObject();
    long trackersClosed = 0;
    long trackersNeverAsked = 0;
    for (int i = 0; i < agents.size(); i++) {
      Agent agent = agents.get(i);
      if (!agent.hasSnapshot()) {
        String stage = agent.closed() ? "closed" : agent.stage().name().toLowerCase(Locale.ROOT);
        stages.put(stage, stages.getLong(stage, 0L) + 1);
        trackersClosed += trackers.get(i).closed() ? 1 : 0;
        trackersNeverAsked += trackers.get(i).askedToStart() ? 0 : 1;
      }
    }
    return new JsonObject().put("agentStage", stages).put("tabsClosed", trackersClosed).put("tabsNeverAskedToStream", trackersNeverAsked);
  }
}
