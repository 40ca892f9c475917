package io.tandem.bench.load;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What one measurement window saw: latency of every delivered batch, events, frames and bytes
 * in both directions, and errors by kind. Written from the generator's event loops, read and
 * reset by the scenario between windows.
 */
public final class Tally {
  private static final long MAX_MICROS = 3_600_000_000L;

  private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(MAX_MICROS, 3);
  final LongAdder eventsSent = new LongAdder();
  final LongAdder framesSent = new LongAdder();
  final LongAdder bytesSent = new LongAdder();
  final LongAdder eventsDelivered = new LongAdder();
  final LongAdder framesDelivered = new LongAdder();
  final LongAdder bytesDelivered = new LongAdder();
  /** Bytes agents received that were not page data: session lists, room updates, acks of joins. */
  final LongAdder controlBytes = new LongAdder();
  /** The part of {@link #controlBytes} that was the session list (its window and how it changed). */
  final LongAdder listBytes = new LongAdder();
  final LongAdder violations = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private volatile long openedNanos = System.nanoTime();

  void latency(long nanos, long events) {
    latencyMicros.recordValueWithCount(Math.max(0, Math.min(MAX_MICROS, nanos / 1000)), events);
  }

  public void error(String kind) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  public long framesDelivered() {
    return framesDelivered.sum();
  }

  public long controlBytes() {
    return controlBytes.sum();
  }

  public long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Starts a new window: everything counted so far is forgotten. */
  public void reset() {
    latencyMicros.reset();
    for (LongAdder adder : new LongAdder[] {eventsSent, framesSent, bytesSent, eventsDelivered, framesDelivered, bytesDelivered, controlBytes, listBytes, violations}) {
      adder.reset();
    }
    errors.clear();
    openedNanos = System.nanoTime();
  }

  /** The window so far, as figures. */
  public JsonObject figures() {
    double seconds = (System.nanoTime() - openedNanos) / 1e9;
    Histogram h = latencyMicros.copy();
    JsonObject errorCounts = new JsonObject();
    errors.forEach((kind, count) -> errorCounts.put(kind, count.sum()));
    return new JsonObject()
        .put("seconds", round(seconds))
        .put("latencyMs", new JsonObject()
            .put("samples", h.getTotalCount())
            .put("p50", ms(h.getValueAtPercentile(50)))
            .put("p99", ms(h.getValueAtPercentile(99)))
            .put("p999", ms(h.getValueAtPercentile(99.9)))
            .put("max", ms(h.getMaxValue())))
        .put("eventsSentPerSecond", round(eventsSent.sum() / seconds))
        .put("eventsDelivered", eventsDelivered.sum())
        .put("eventsDeliveredPerSecond", round(eventsDelivered.sum() / seconds))
        .put("framesDeliveredPerSecond", round(framesDelivered.sum() / seconds))
        .put("bytesSent", bytesSent.sum())
        .put("bytesDelivered", bytesDelivered.sum())
        .put("bytesDeliveredMB", round(bytesDelivered.sum() / 1e6))
        .put("controlBytesToAgents", controlBytes.sum())
        .put("controlMBToAgents", round(controlBytes.sum() / 1e6))
        .put("listBytesToAgents", listBytes.sum())
        .put("listMBToAgents", round(listBytes.sum() / 1e6))
        .put("orderViolations", violations.sum())
        .put("errors", errorCounts);
  }

  static double ms(long micros) {
    return round(micros / 1000.0);
  }

  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
