package io.tandem.server.gateway;

/**
 * A token bucket over rrweb events per second for one tab; holds two seconds of burst so a page
 * that loads or snapshots in a hurry is not cut off.
 */
final class EventRate {
  private static final long BURST_SECONDS = 2;

  private final double perSecond;
  private final double capacity;
  private double tokens;
  private long lastNanos;

  EventRate(int perSecond, long nowNanos) {
    this.perSecond = perSecond;
    this.capacity = perSecond * (double) BURST_SECONDS;
    this.tokens = capacity;
    this.lastNanos = nowNanos;
  }

  boolean tryTake(int events, long nowNanos) {
    tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) / 1e9 * perSecond);
    lastNanos = nowNanos;
    if (events > tokens) {
      return false;
    }
    tokens -= events;
    return true;
  }
}
