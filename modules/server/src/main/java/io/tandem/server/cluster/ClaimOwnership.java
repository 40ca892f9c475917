package io.tandem.server.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import io.tandem.server.room.SessionProof;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Makes a node the room's owner with the next epoch, if the hello behind it proved the session.
 * Runs on the partition that holds the entry, so two claims of one room never get the same epoch,
 * whichever nodes make them, and the proof is checked against the record it replaces. The epoch is
 * also at least the cluster's clock (milliseconds) when the claim was made: a record lost with the
 * members that held it (its primary and both backups dead at once) must not let the next claim
 * start again below the epoch the room's agents follow, which would make them ignore it. Hazelcast
 * may run an invocation again when the partition's owner changed under it (a node died): a claim
 * that is already the current one is answered as it is, not counted again. A refused claim
 * answers the record as it stands, which names another claim.
 */
final class ClaimOwnership implements EntryProcessor<String, Ownership, Ownership> {
  private final String nodeId;
  private final String memberId;
  private final SessionProof proof;
  private final long clusterTimeMs;
  final String claimId = UUID.randomUUID().toString();

  ClaimOwnership(String nodeId, String memberId, SessionProof proof, long clusterTimeMs) {
    this.nodeId = nodeId;
    this.memberId = memberId;
    this.proof = proof;
    this.clusterTimeMs = clusterTimeMs;
  }

  @Override
  public Ownership process(Map.Entry<String, Ownership> entry) {
    Ownership current = entry.getValue();
    if (current != null && (current.claimId().equals(claimId) || !current.proof().matches(proof))) {
      return current;
    }
    long epoch = Math.max(current == null ? 1 : current.epoch() + 1, clusterTimeMs);
    Ownership claimed = new Ownership(nodeId, memberId, epoch, claimId, proof);
    // A live room's entry never expires; only a released one does (see ReleaseOwnership).
    ((ExtendedMapEntry<String, Ownership>) entry).setValue(claimed, -1, TimeUnit.SECONDS);
    return claimed;
  }
}
