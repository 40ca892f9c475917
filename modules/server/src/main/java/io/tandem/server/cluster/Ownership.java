package io.tandem.server.cluster;

import java.io.Serializable;

/**
 * Who owns a room, and since which claim. {@code nodeId} is empty once the owner released the
 * room: the entry stays (for a while) so the next claim still gets a higher epoch. {@code claimId}
 * names the claim that made it, so a claim Hazelcast retries is not counted twice.
 */
public record Ownership(String nodeId, long epoch, String claimId) implements Serializable {

  boolean released() {
    return nodeId.isEmpty();
  }
}
