package io.tandem.server.gateway;

/**
 * Tokens that come back at a steady rate up to a capacity: the rate is what a socket may keep up,
 * the capacity the burst it may send at once. Not thread-safe: one socket's bucket is only used on
 * that socket's event loop.
 */
final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1e9;

  private final double perSecond;
  private final double capacity;
  private double tokens;
  private long lastNanos;

  TokenBucket(double perSecond, double capacity, long nowNanos) {
    this.perSecond = perSecond;
    this.capacity = capacity;
    this.tokens = capacity;
    this.lastNanos = nowNanos;
  }

  /** {@code perMinute} a minute, all of them at once if the socket was quiet. */
  static TokenBucket perMinute(int perMinute, long nowNanos) {
    return new TokenBucket(perMinute / 60.0, perMinute, nowNanos);
  }

  /** Takes {@code amount} tokens if there are that many. */
  boolean tryTake(double amount, long nowNanos) {
    refill(nowNanos);
    if (amount > tokens) {
      return false;
    }
    tokens -= amount;
    return true;
  }

  /**
   * Takes {@code amount} tokens whenever the bucket is not in debt, even more than it holds. A
   * frame larger than the capacity can go this way, and the debt holds the next ones back until
   * the rate has paid for it, so the rate still bounds what a socket sends over time.
   */
  boolean tryTakeOnCredit(double amount, long nowNanos) {
    refill(nowNanos);
    if (tokens <= 0) {
      return false;
    }
    tokens -= amount;
    return true;
  }

  private void refill(long nowNanos) {
    tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) / NANOS_PER_SECOND * perSecond);
    lastNanos = nowNanos;
  }
}
