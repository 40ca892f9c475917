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
 * Agents arriving at a steady clip, each into its own idle room: time from opening the socket to
 * having the room's full snapshot. Streams start as agents arrive, as they would.
 */
public final class JoinStorm {
  private static final Duration LATE_LIMIT = Duration.ofSeconds(30);

  private JoinStorm() {}

  public static JsonObject run(TargetProcess target, Lanes lanes, Recording recording, BenchOptions o) {
    Tally tally = new Tally();
    Crowd crowd = new Crowd(lanes, target.wire(), tally, o.connectConcurrency());
    int count = o.stormAgents();
    List<Tracker> trackers = crowd.trackers("storm", count, recording, new Pace(o.rate()));
    tally.reset();
    List<Agent> agents = new ArrayList<>(count);
    long start = System.nanoTime();
    long spacingNanos = Duration.ofSeconds(o.stormSeconds()).toNanos() / Math.max(1, count);
    for (int i = 0; i < count; i++) {
      long due = start + i * spacingNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Crowd.sleep(wait / 1_000_000);
      }
      Agent agent = crowd.agent(trackers.get(i).sessionId, i);
      agents.add(agent);
      agent.connect(() -> { });
    }
    double spreadSeconds = (System.nanoTime() - start) / 1e9;
    Crowd.waitUntil(() -> agents.stream().allMatch(a -> a.hasSnapshot() || a.closed()), LATE_LIMIT);
    Histogram toSnapshot = new Histogram(3_600_000L, 3);
    for (Agent agent : agents) {
      if (agent.hasSnapshot()) {
        toSnapshot.recordValue(agent.timeToSnapshotNanos() / 1_000_000);
      }
    }
    JsonObject window = tally.figures();
    Crowd.drain(tally, Duration.ofSeconds(10));
    JsonObject correctness = Crowd.correctness(trackers, agents);
    Crowd.closeAll(trackers, agents);
    return new JsonObject()
        .put("agents", count)
        .put("spreadSeconds", Math.round(spreadSeconds * 10) / 10.0)
        .put("snapshotBytes", recording.snapshotBytes())
        .put("agentsWithSnapshot", toSnapshot.getTotalCount())
        .put("timeToSnapshotMs", new JsonObject()
            .put("p50", toSnapshot.getValueAtPercentile(50))
            .put("p99", toSnapshot.getValueAtPercentile(99))
            .put("max", toSnapshot.getMaxValue()))
        .put("during", window)
        .put("correctness", correctness);
  }
}
