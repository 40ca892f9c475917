package io.tandem.bench.page;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A long stretch of a busy page, as the tracker would have sent it: the recording's incremental
 * events cycled and restamped so their page time runs on for {@code spanMillis}, grouped the way
 * the tracker's batcher groups them (a batch per {@code flushMillis} or {@code maxEvents}), with a
 * full-snapshot checkpoint every {@code checkpointMillis} as the tracker takes them for time travel.
 */
public final class BusyStream {
  /** Where a cycle of the recording wraps, the next event follows after this gap. */
  private static final long WRAP_GAP_MILLIS = 35;

  private BusyStream() {}

  public static List<TimedBatch> of(Recording recording, long startMillis, long spanMillis, long checkpointMillis, long flushMillis,
      int maxEvents) {
    List<TimedBatch> batches = new ArrayList<>();
    batches.add(new TimedBatch(recording.snapshotEventsAt(startMillis), true, 2, startMillis));
    long clock = startMillis;
    long nextCheckpoint = startMillis + checkpointMillis;
    long index = 0;
    long previousOriginal = recording.incrementalEvent(0).getLong("timestamp");
    StringBuilder events = new StringBuilder();
    int count = 0;
    long batchStart = 0;
    while (true) {
      JsonObject event = recording.incrementalEvent(index);
      long original = event.getLong("timestamp");
      long gap = original > previousOriginal ? original - previousOriginal : WRAP_GAP_MILLIS;
      previousOriginal = original;
      index++;
      clock += gap;
      if (count > 0 && (clock - batchStart >= flushMillis || count >= maxEvents || clock >= nextCheckpoint || clock >= startMillis + spanMillis)) {
        batches.add(new TimedBatch(events.toString(), false, count, batchStart));
        events.setLength(0);
        count = 0;
      }
      if (clock >= startMillis + spanMillis) {
        return batches;
      }
      if (clock >= nextCheckpoint) {
        batches.add(new TimedBatch(recording.snapshotEventsAt(clock), true, 2, clock));
        nextCheckpoint += checkpointMillis;
      }
      if (count == 0) {
        batchStart = clock;
      } else {
        events.append(',');
      }
      events.append(event.put("timestamp", clock).encode());
      count++;
    }
  }

  /** Every event of the stream, in order, as one JSON array: what a console's rewind replays. */
  public static String eventsArray(List<TimedBatch> batches) {
    StringBuilder out = new StringBuilder("[");
    for (TimedBatch batch : batches) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(batch.events());
    }
    return out.append(']').toString();
  }
}
