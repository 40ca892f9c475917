package io.tandem.server.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Marks a room as owned by nobody, if the releasing claim is still the current one. The entry is
 * kept for {@code ttlSeconds} so a tracker coming back later still gets a higher epoch, and then
 * expires so ended sessions do not pile up.
 */
final class ReleaseOwnership implements EntryProcessor<String, Ownership, Boolean> {
  private final long epoch;
  private final long ttlSeconds;

  ReleaseOwnership(long epoch, long ttlSeconds) {
    this.epoch = epoch;
    this.ttlSeconds = ttlSeconds;
  }

  @Override
  public Boolean process(Map.Entry<String, Ownership> entry) {
    Ownership current = entry.getValue();
    if (current == null || current.epoch() != epoch) {
      return false;
    }
    ((ExtendedMapEntry<String, Ownership>) entry).setValue(new Ownership("", epoch, current.claimId()), ttlSeconds, TimeUnit.SECONDS);
    return true;
  }
}
