package io.tandem.bench.scenario;

/**
 * Decides, one second at a time, whether a stream has settled: a window is measured only after
 * {@code steadySeconds} steady seconds in a row, never while the target works off a backlog.
 *
 * <p>A second is steady when agents got at least {@code minShare} of what was offered, its p99 is
 * under {@code maxP99Ms}, agents got no more than a trickle of control traffic (session lists, room
 * news) and its p99 did not grow from the second before beyond noise: a backlog that grows shows
 * as a latency that climbs while the delivered rate still looks right.
 */
public final class Settling {
  /** What one second of a stream looked like. */
  public record Second(double deliveredPerSecond, double p99Ms, long controlBytes) {}

  /** How much p99 may move up from one second to the next and still count as noise. */
  private static final double GROWTH_FACTOR = 1.5;
  private static final double GROWTH_SLACK_MS = 10;

  private final double offeredPerSecond;
  private final double minShare;
  private final double maxP99Ms;
  private final long maxControlBytesPerSecond;
  private final int steadySeconds;
  private int steady;
  private int seconds;
  private Second previous;
  private String why = "no second seen yet";

  public Settling(double offeredPerSecond, double minShare, double maxP99Ms, long maxControlBytesPerSecond, int steadySeconds) {
    this.offeredPerSecond = offeredPerSecond;
    this.minShare = minShare;
    this.maxP99Ms = maxP99Ms;
    this.maxControlBytesPerSecond = maxControlBytesPerSecond;
    this.steadySeconds = steadySeconds;
  }

  /** Adds the second just seen; answers whether the stream has now settled. */
  public boolean add(Second second) {
    seconds++;
    why = unsteadyBecause(second);
    steady = why == null ? steady + 1 : 0;
    previous = second;
    return settled();
  }

  public boolean settled() {
    return steady >= steadySeconds;
  }

  /** Seconds seen so far. */
  public int seconds() {
    return seconds;
  }

  /** Why the last second was not steady, for the report of a window refused; null if it was. */
  public String why() {
    return why;
  }

  private String unsteadyBecause(Second s) {
    if (s.deliveredPerSecond() < minShare * offeredPerSecond) {
      return String.format(java.util.Locale.ROOT, "agents got %.0f events/s of %.0f offered", s.deliveredPerSecond(), offeredPerSecond);
    }
    if (s.p99Ms() > maxP99Ms) {
      return String.format(java.util.Locale.ROOT, "p99 %.1f ms is over %.0f ms", s.p99Ms(), maxP99Ms);
    }
    if (s.controlBytes() > maxControlBytesPerSecond) {
      return "agents got " + s.controlBytes() + " bytes of control frames in a second";
    }
    if (previous != null && s.p99Ms() > previous.p99Ms() * GROWTH_FACTOR + GROWTH_SLACK_MS) {
      return String.format(java.util.Locale.ROOT, "p99 grew from %.1f to %.1f ms in a second", previous.p99Ms(), s.p99Ms());
    }
    return null;
  }
}
