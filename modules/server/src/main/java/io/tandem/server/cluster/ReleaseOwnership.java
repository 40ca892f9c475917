package io.tandem.server.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Marks a room as owned by nobody, if the releasing claim is still the current one. The entry is
 * kept for {@code ttlSeconds} so a tracker coming back later still gets a higher epoch and still
 * has to prove the session, and then expires so ended sessions do not pile up. A session nobody
 * ever watched is kept only briefly: it had no history and no agent to fence, and a stream of
 * hellos that open and drop sessions must not grow the map.
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
    ((ExtendedMapEntry<String, Ownership>) entry).setValue(new Ownership("", "", epoch, current.claimId(), current.proof()), ttlSeconds, TimeUnit.SECONDS);
    return true;
  }
}
