package io.tandem.server.routing;

import java.util.concurrent.TimeUnit;

/**
 * How long an agent's join took until the room answered {@code joined}, by step: waiting for the
 * router, asking the directory, until an owner took the join in (over as many tries as the room's
 * moves took), and from there to the room's answer (the owner's shard, a claim under way, the way
 * back). A join that waits is what a watcher sees after a node's death; the steps say which part
 * of the path it waited behind. A member whose room's owner was lost is timed the same way, from
 * the loss ({@link #afterOwnerLost}): that is how long its watch stood still. The router's context only.
 */
final class JoinTiming {
  private final long askedNanos;
  private final boolean rejoin;
  private long routedNanos = -1;
  private long ownerFoundNanos = -1;
  private long acceptedNanos = -1;
  private int tries;

  /** {@code askedNanos}: when the agent's socket handed the join over. */
  JoinTiming(long askedNanos) {
    this(askedNanos, false);
  }

  private JoinTiming(long askedNanos, boolean rejoin) {
    this.askedNanos = askedNanos;
    this.rejoin = rejoin;
  }

  /** A member's join again, from the moment the router learned its room's owner was lost. */
  static JoinTiming afterOwnerLost() {
    JoinTiming timing = new JoinTiming(System.nanoTime(), true);
    timing.routed();
    return timing;
  }

  boolean rejoin() {
    return rejoin;
  }

  void routed() {
    routedNanos = System.nanoTime();
  }

  void ownerFound() {
    if (ownerFoundNanos < 0) {
      ownerFoundNanos = System.nanoTime();
    }
  }

  void tried() {
    tries++;
  }

  /** The owner took the join in (the event bus's reply); its {@code joined} follows from the room. */
  void accepted() {
    acceptedNanos = System.nanoTime();
  }

  long tookNanos(long answeredNanos) {
    return answeredNanos - askedNanos;
  }

  String steps(long answeredNanos) {
    long routed = routedNanos < 0 ? answeredNanos : routedNanos;
    long found = ownerFoundNanos < 0 ? answeredNanos : ownerFoundNanos;
    long accepted = acceptedNanos < 0 ? answeredNanos : acceptedNanos;
    return ms(routed - askedNanos) + " ms before the router took it up, " + ms(found - routed) + " ms asking the directory, "
        + ms(accepted - found) + " ms until an owner took it in (" + tries + (tries == 1 ? " try), " : " tries), ")
        + ms(answeredNanos - accepted) + " ms from there to the room's joined";
  }

  static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
