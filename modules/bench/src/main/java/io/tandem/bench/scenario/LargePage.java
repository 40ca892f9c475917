package io.tandem.bench.scenario;

import io.tandem.bench.Polling;
import io.tandem.bench.BenchOptions;
import io.tandem.bench.load.Agent;
import io.tandem.bench.load.Pace;
import io.tandem.bench.load.Tally;
import io.tandem.bench.load.Tracker;
import io.tandem.bench.page.Recording;
import io.tandem.bench.target.Target;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One page whose full snapshot is several megabytes: rounds of an agent joining, waiting for the
 * snapshot, watching the stream briefly and leaving, so every round moves a new snapshot.
 */
public final class LargePage implements Scenario {
  private static final Duration SNAPSHOT_LIMIT = Duration.ofSeconds(60);
  private static final long WATCH_MILLIS = 1000;
  private static final long GONE_MILLIS = 300;

  @Override
  public String id() {
    return "large";
  }

  @Override
  public String describe(Setup setup) {
    BenchOptions o = setup.options();
    return "one room whose full snapshot is " + o.largeBytes() / (1024 * 1024) + " MiB; " + o.largeRounds()
        + " rounds of an agent joining, waiting for the snapshot, watching " + WATCH_MILLIS / 1000.0 + " s at " + o.rate()
        + " events/s, leaving";
  }

  @Override
  public JsonObject run(Target target, Setup setup) {
    BenchOptions o = setup.options();
    Recording large = setup.recording().withSnapshotOf(o.largeBytes());
    Tally tally = new Tally();
    Crowd crowd = new Crowd(setup.lanes(), target.wire(), tally, 1);
    List<Tracker> trackers = crowd.trackers("large", 1, large, new Pace(o.rate()));
    List<Agent> agents = new ArrayList<>();
    Histogram toSnapshot = new Histogram(3_600_000L, 3);
    for (int round = 0; round < o.largeRounds(); round++) {
      Agent agent = crowd.agent(trackers.get(0).sessionId, round);
      agents.add(agent);
      agent.connect(() -> { });
      if (Polling.waitUntil(() -> agent.hasSnapshot() || agent.closed(), SNAPSHOT_LIMIT) && agent.hasSnapshot()) {
        toSnapshot.recordValue(agent.timeToSnapshotNanos() / 1_000_000);
      }
      Polling.sleep(WATCH_MILLIS);
      // Leave before the next agent joins, so the next join needs a fresh snapshot everywhere.
      agent.close();
      Polling.sleep(GONE_MILLIS);
    }
    JsonObject window = tally.figures();
    // Agents leave while the tracker streams on, so there is no tail to check: only order.
    JsonObject correctness = new JsonObject().put("agents", agents.size())
        .put("agentsWithSnapshot", agents.stream().filter(Agent::hasSnapshot).count())
        .put("violations", window.getLong("orderViolations") + agents.stream().filter(a -> !a.hasSnapshot()).count());
    Crowd.closeAll(trackers, agents);
    return new JsonObject()
        .put("snapshotBytes", large.snapshotBytes())
        .put("rounds", o.largeRounds())
        .put("agentsWithSnapshot", toSnapshot.getTotalCount())
        .put("timeToSnapshotMs", new JsonObject()
            .put("p50", toSnapshot.getValueAtPercentile(50))
            .put("max", toSnapshot.getMaxValue()))
        .put("stream", window)
        .put("correctness", correctness);
  }
}
