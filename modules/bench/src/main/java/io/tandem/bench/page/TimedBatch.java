package io.tandem.bench.page;

/**
 * One batch of a prepared stream: {@code events} are serialised rrweb events, comma-separated,
 * {@code timestampMillis} the page time of its first event.
 */
public record TimedBatch(String events, boolean snapshot, int eventCount, long timestampMillis) {}
