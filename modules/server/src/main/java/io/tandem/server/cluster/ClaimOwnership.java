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
 * whichever nodes make them, and the proof is checked against the record it replaces. Hazelcast
 * may run an invocation again when the partition's owner changed under it (a node died): a claim
 * that is already the current one is answered as it is, not counted again. A refused claim
 * answers the record as it stands, which names another claim.
 */
final class ClaimOwnership implements EntryProcessor<String, Ownership, Ownership> {
  private final String nodeId;
  private final String memberId;
  private final SessionProof proof;
  final String claimId = UUID.randomUUID().toString();

  ClaimOwnership(String nodeId, String memberId, SessionProof proof) {
    this.nodeId = nodeId;
    this.memberId = memberId;
    this.proof = proof;
  }

  @Override
  public Ownership process(Map.Entry<String, Ownership> entry) {
    Ownership current = entry.getValue();
    if (current != null && (current.claimId().equals(claimId) || !current.proof().matches(proof))) {
      return current;
    }
    Ownership claimed = new Ownership(nodeId, memberId, current == null ? 1 : current.epoch() + 1, claimId, proof);
    // A live room's entry never expires; only a released one does (see ReleaseOwnership).
    ((ExtendedMapEntry<String, Ownership>) entry).setValue(claimed, -1, TimeUnit.SECONDS);
    return claimed;
  }
}
