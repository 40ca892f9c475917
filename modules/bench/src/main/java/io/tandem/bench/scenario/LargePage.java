package io.tandem.bench.scenario;

import io.tandem.bench.BenchOptions;
import io.tandem.bench.load.Agent;
import io.tandem.bench.load.Lanes;
import io.tandem.bench.load.Pace;
import io.tandem.bench.load.Tally;
import io.tandem.bench.load.Tracker;
import io.tandem.bench.page.Recording;
import io.tandem.bench.target.TargetProcess;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One page whose full snapshot is several megabytes: rounds of an agent joining, waiting for the
 * snapshot, watching the stream for two seconds and leaving, so every round moves a new snapshot.
 */
public final class LargePage {
  private static final Duration SNAPSHOT_LIMIT = Duration.ofSeconds(60);
  private static final long WATCH_MILLIS = 2000;

  private LargePage() {}

  public static JsonObject run(TargetProcess target, Lanes lanes, Recording recording, BenchOptions o) {
    Recording large = recording.withSnapshotOf(o.largeBytes());
    Tally tally = new Tally();
    Crowd crowd = new Crowd(lanes, target.wire(), tally, 1);
    List<Tracker> trackers = crowd.trackers("large", 1, large, new Pace(o.rate()));
    List<Agent> agents = new ArrayList<>();
    Histogram toSnapshot = new Histogram(3_600_000L, 3);
    for (int round = 0; round < o.largeRounds(); round++) {
      Agent agent = crowd.agent(trackers.get(0).sessionId, round);
      agents.add(agent);
      agent.connect(() -> { });
      if (Crowd.waitUntil(() -> agent.hasSnapshot() || agent.closed(), SNAPSHOT_LIMIT) && agent.hasSnapshot()) {
        toSnapshot.recordValue(agent.timeToSnapshotNanos() / 1_000_000);
      }
      Crowd.sleep(WATCH_MILLIS);
      // Leave before the next agent joins, so the next join needs a fresh snapshot everywhere.
      agent.close();
      Crowd.sleep(500);
    }
    JsonObject window = tally.figures();
    // Agents leave while the tracker streams on, so there is no tail to check: only order.
    JsonObject correctness = new JsonObject().put("agents", agents.size())
        .put("agentsWithSnapshot", agents.stream().filter(Agent::hasSnapshot).count())
        .put("violations", window.getLong("orderViolations"));
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
