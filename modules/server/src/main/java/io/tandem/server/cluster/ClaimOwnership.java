package io.tandem.server.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Makes a node the room's owner with the next epoch. Runs on the partition that holds the entry,
 * so two claims of one room never get the same epoch, whichever nodes make them. Hazelcast may run
 * an invocation again when the partition's owner changed under it (a node died): a claim that is
 * already the current one is answered as it is, not counted again.
 */
final class ClaimOwnership implements EntryProcessor<String, Ownership, Ownership> {
  private final String nodeId;
  private final String claimId = UUID.randomUUID().toString();

  ClaimOwnership(String nodeId) {
    this.nodeId = nodeId;
  }

  @Override
  public Ownership process(Map.Entry<String, Ownership> entry) {
    Ownership current = entry.getValue();
    if (current != null && current.claimId().equals(claimId)) {
      return current;
    }
    Ownership claimed = new Ownership(nodeId, current == null ? 1 : current.epoch() + 1, claimId);
    // A live room's entry never expires; only a released one does (see ReleaseOwnership).
    ((ExtendedMapEntry<String, Ownership>) entry).setValue(claimed, -1, TimeUnit.SECONDS);
    return claimed;
  }
}
