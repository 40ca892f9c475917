package io.tandem.server.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import java.util.Comparator;

/**
 * How the ownership map heals after the cluster split in two and merged again (a member silent past
 * {@code cluster.maxNoHeartbeatSeconds}: a long pause, a starved machine). Each half may have
 * claimed or ended rooms on its own; Hazelcast's default keeps the entry already in the cluster
 * merged into, which can name a claim older than the one a tab made in the other half. The newest
 * claim of a room is the one its tab last proved, so the higher epoch wins; at the same epoch an
 * entry that released the claim wins over the claim (the room ended after it), and two claims made
 * apart with the same epoch are ordered by their ids, so every member picks the same. The members
 * whose claim lost hear the winning one as a map event and give the room up ({@link Cluster}).
 */
public final class NewestClaimWins implements SplitBrainMergePolicy<Ownership, MergingValue<Ownership>, Object> {
  static final Comparator<Ownership> NEWEST_LAST = Comparator.comparingLong(Ownership::epoch)
      .thenComparing(Ownership::released)
      .thenComparing(Ownership::claimId);

  @Override
  public Object merge(MergingValue<Ownership> merging, MergingValue<Ownership> existing) {
    if (existing == null) {
      return merging.getRawValue();
    }
    return NEWEST_LAST.compare(merging.getValue(), existing.getValue()) > 0 ? merging.getRawValue() : existing.getRawValue();
  }

  @Override
  public void writeData(ObjectDataOutput out) {}

  @Override
  public void readData(ObjectDataInput in) {}
}
