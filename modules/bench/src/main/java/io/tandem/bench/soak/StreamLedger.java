package io.tandem.bench.soak;

import io.tandem.bench.load.StreamCheck;
import io.vertx.core.json.JsonObject;

/**
 * The stream checks of every agent the soak let go (left, or its session ended) and, at the end, of
 * those still watching: each must have started at a snapshot and then had every batch its tab sent,
 * once and in order, up to the last one sent before it left.
 */
final class StreamLedger {
  private long agents;
  private long batchesChecked;
  private long gaps;
  private long batchesMissingInGaps;
  private long duplicatedOrOutOfOrder;
  private long batchesBeforeFirstSnapshot;
  private long batchesNeverDelivered;
  private long agentsIncomplete;
  private long agentsWithoutSnapshot;

  /** Adds an agent that is done: {@code lastSent} is its tab's last batch it should have had. */
  synchronized void retire(StreamCheck check, long lastSent) {
    agents++;
    batchesChecked += check.accepted();
    gaps += check.gaps();
    batchesMissingInGaps += check.missing();
    duplicatedOrOutOfOrder += check.outOfOrder();
    batchesBeforeFirstSnapshot += check.beforeSnapshot();
    long tail = check.undelivered(lastSent);
    batchesNeverDelivered += tail;
    agentsIncomplete += tail > 0 ? 1 : 0;
    agentsWithoutSnapshot += check.synced() ? 0 : 1;
  }

  /** Every way an agent can miss its stream: a gap, a batch repeated or out of order, a missing tail, no snapshot at all. */
  synchronized long violations() {
    return gaps + duplicatedOrOutOfOrder + agentsIncomplete + agentsWithoutSnapshot;
  }

  synchronized JsonObject toJson() {
    return new JsonObject().put("agentsChecked", agents).put("batchesChecked", batchesChecked).put("gaps", gaps)
        .put("batchesMissingInGaps", batchesMissingInGaps).put("duplicatedOrOutOfOrder", duplicatedOrOutOfOrder)
        .put("batchesNeverDelivered", batchesNeverDelivered).put("agentsIncomplete", agentsIncomplete)
        .put("agentsWithoutSnapshot", agentsWithoutSnapshot).put("batchesBeforeFirstSnapshot", batchesBeforeFirstSnapshot)
        .put("violations", violations());
  }
}
