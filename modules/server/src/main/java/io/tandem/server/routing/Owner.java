package io.tandem.server.routing;

/**
 * Which node owns a room, and since which claim (the epoch fences what an older owner still says).
 * {@code run} is the run of the node that made the claim: a node started again under the same id is
 * another run, which does not hold its former run's rooms. Empty where runs do not matter (one node).
 */
public record Owner(String nodeId, long epoch, String run) {
  public Owner(String nodeId, long epoch) {
    this(nodeId, epoch, "");
  }
}
