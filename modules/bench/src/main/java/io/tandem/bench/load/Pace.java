package io.tandem.bench.load;

/** The rate every streaming tracker sends at, in rrweb events per second; 0 pauses them. */
public final class Pace {
  private volatile long intervalNanos;

  public Pace(double eventsPerSecond) {
    set(eventsPerSecond);
  }

  public void set(double eventsPerSecond) {
    intervalNanos = eventsPerSecond <= 0 ? 0 : (long) (1e9 / eventsPerSecond);
  }

  long intervalNanos() {
    return intervalNanos;
  }
}
