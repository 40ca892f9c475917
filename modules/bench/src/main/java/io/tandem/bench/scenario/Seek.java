package io.tandem.bench.scenario;

import io.tandem.bench.Polling;
import io.tandem.bench.BenchOptions;
import io.tandem.bench.load.Agent;
import io.tandem.bench.load.Pace;
import io.tandem.bench.load.Tally;
import io.tandem.bench.load.Tracker;
import io.tandem.bench.page.BusyStream;
import io.tandem.bench.page.TimedBatch;
import io.tandem.bench.target.Target;
import io.tandem.bench.target.TargetKind;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Time travel (issue #6): a room whose time-travel buffer holds ten minutes of a busy page, and
 * agents joining it late, one after another. Each late agent is sent the whole buffer, from the
 * oldest checkpoint up to live; the figure is the time from opening its socket to having the last
 * buffered batch. The recorded stream is pushed faster than real time (its page time spans the
 * minutes, the wall clock does not), so the node keeps all of it: the wall-clock window cannot
 * trim it and it stays under the room's byte cap. Only Tandem has such a buffer.
 */
public final class Seek implements Scenario {
  /** The tracker takes a checkpoint every min(5 min, window / 4): 2.5 min for the 10-minute window. */
  private static final long CHECKPOINT_MILLIS = 150_000;
  /** The tracker's batcher: a batch per 100 ms or 64 events. */
  private static final long FLUSH_MILLIS = 100;
  private static final int MAX_EVENTS = 64;
  private static final int FILL_EVENTS_PER_SECOND = 10_000;
  /** The node's rate limit for this scenario only, above the fill rate and its burst. */
  private static final int RATE_LIMIT = 4 * FILL_EVENTS_PER_SECOND;
  /** And by bytes: the fill pushes a recorded page at many times its real pace, so well above the default (4 MiB/s). */
  private static final int BYTE_RATE_LIMIT = 256 * 1024 * 1024;
  private static final Duration FILL_LIMIT = Duration.ofSeconds(90);
  private static final Duration JOIN_LIMIT = Duration.ofSeconds(60);

  @Override
  public String id() {
    return "seek";
  }

  @Override
  public boolean appliesTo(TargetKind kind) {
    return kind == TargetKind.TANDEM;
  }

  @Override
  public Map<String, String> tandemEnvironment(Setup setup) {
    return Map.of("TANDEM_LIMITS_MAX_EVENTS_PER_SECOND", String.valueOf(RATE_LIMIT),
        "TANDEM_LIMITS_MAX_EVENT_BYTES_PER_SECOND", String.valueOf(BYTE_RATE_LIMIT));
  }

  @Override
  public String describe(Setup setup) {
    BenchOptions o = setup.options();
    return "one room, one agent watching; its tracker sends " + o.seekMinutes() + " minutes of the recording (page time; cycled,"
        + " batched per " + FLUSH_MILLIS + " ms as the tracker does, a checkpoint every " + CHECKPOINT_MILLIS / 1000 + " s) at "
        + FILL_EVENTS_PER_SECOND + " events/s (the node's rate limit raised to " + RATE_LIMIT + " for this scenario only), then"
        + " stops; " + o.seekJoins() + " late agents join one after another, each timed from opening its socket to the last buffered"
        + " batch; no baseline has a time-travel buffer";
  }

  @Override
  public JsonObject run(Target target, Setup setup) {
    BenchOptions o = setup.options();
    long start = setup.recording().metaTimestamp();
    List<TimedBatch> stream = BusyStream.of(setup.recording(), start, o.seekMinutes() * 60_000L, CHECKPOINT_MILLIS, FLUSH_MILLIS, MAX_EVENTS);
    Path events = writeEvents(setup.workDir(), stream);
    Tally tally = new Tally();
    Crowd crowd = new Crowd(setup.lanes(), target.wire(), tally, 1);
    Pace paused = new Pace(0);
    List<Tracker> trackers = crowd.trackers("seek", 1, setup.recording(), paused);
    Tracker tracker = trackers.get(0);
    List<Agent> watcher = crowd.agents(trackers, 1);

    long fillStarted = System.nanoTime();
    CountDownLatch sent = new CountDownLatch(1);
    tracker.replay(stream, FILL_EVENTS_PER_SECOND, sent::countDown);
    await(sent, FILL_LIMIT);
    Polling.waitUntil(() -> watcher.get(0).check().last() == tracker.lastSent(), FILL_LIMIT);
    double fillSeconds = (System.nanoTime() - fillStarted) / 1e9;

    Histogram toLive = new Histogram(3_600_000L, 3);
    long bytes = 0;
    long batches = 0;
    long violations = 0;
    for (int join = 0; join < o.seekJoins(); join++) {
      Agent late = crowd.agent(tracker.sessionId, join + 1);
      late.connect(() -> { });
      boolean live = Polling.waitUntil(() -> late.check().last() == tracker.lastSent() || late.closed(), JOIN_LIMIT)
          && late.check().last() == tracker.lastSent();
      if (live) {
        toLive.recordValue(late.timeToLastBatchNanos() / 1_000_000);
        bytes = late.batchBytes();
        batches = late.check().accepted();
      }
      violations += late.check().gaps() + late.check().outOfOrder() + (live && late.check().synced() ? 0 : 1);
      late.close();
      Polling.waitUntil(late::closed, JOIN_LIMIT);
    }
    JsonObject correctness = Crowd.finish(paused, tally, trackers, watcher, Duration.ofSeconds(5));
    Crowd.closeAll(trackers, watcher);
    return new JsonObject()
        .put("pageMinutes", o.seekMinutes())
        .put("batchesSent", stream.size())
        .put("eventsSent", stream.stream().mapToLong(TimedBatch::eventCount).sum())
        .put("checkpoints", stream.stream().filter(TimedBatch::snapshot).count())
        .put("fillSeconds", Math.round(fillSeconds * 10) / 10.0)
        .put("joins", o.seekJoins())
        .put("joinsServedWhole", toLive.getTotalCount())
        .put("bufferBatches", batches)
        .put("bufferMB", Math.round(bytes / 1e4) / 100.0)
        .put("joinToLiveMs", new JsonObject()
            .put("p50", toLive.getValueAtPercentile(50))
            .put("p99", toLive.getValueAtPercentile(99))
            .put("max", toLive.getMaxValue()))
        .put("lateJoinViolations", violations)
        .put("watcher", correctness)
        .put("eventsFile", events.toString())
        .put("console", ConsoleSeek.measure(events, setup.workDir()));
  }

  private static Path writeEvents(Path workDir, List<TimedBatch> stream) {
    try {
      Files.createDirectories(workDir);
      Path file = workDir.resolve("seek-events.json");
      Files.writeString(file, BusyStream.eventsArray(stream));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void await(CountDownLatch latch, Duration max) {
    try {
      if (!latch.await(max.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the tracker did not send the stream within " + max.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
