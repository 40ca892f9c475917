package io.tandem.bench.chaos;

import io.vertx.core.json.JsonObject;

/**
 * One thing the run did to the cluster: a node killed (and when it was ready again), a node paused
 * and resumed, or PostgreSQL restarted. {@code probe} indexes the clients' arrival times
 * ({@link Probes}); {@code window} is how long after it a closed socket counts as its doing.
 */
record Disruption(String kind, String node, int probe, long atNanos, double atSecond, long windowNanos, JsonObject details) {
  /** Whether a client's socket closed under it within this disruption's window. */
  boolean closed(Moments closes) {
    return closes.within(atNanos, atNanos + windowNanos);
  }
}
