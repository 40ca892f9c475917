package io.tandem.server.cluster;

import io.tandem.server.room.SessionProof;
import java.io.Serializable;

/**
 * Who owns a room, and since which claim. {@code memberId} is the run of the node that claimed it
 * ({@link ClusteredVertx#RUN_ATTRIBUTE}, not the Hazelcast member UUID, which a merge changes): a
 * node that restarts keeps its id but is a new run, so a claim of its former run is told apart and
 * swept ({@link OrphanSweep}). {@code nodeId} is empty once the owner released the
 * room: the entry stays (for a while) so the next claim still gets a higher epoch and must still
 * prove the session. {@code claimId} names the claim that made it, so a claim Hazelcast retries is
 * not counted twice. {@code proof} is the hash of the session's secret: it travels with the room,
 * so a tab that resumes on any node proves the session there.
 */
public record Ownership(String nodeId, String memberId, long epoch, String claimId, SessionProof proof) implements Serializable {

  boolean released() {
    return nodeId.isEmpty();
  }
}
