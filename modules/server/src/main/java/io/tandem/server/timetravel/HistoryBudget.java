package io.tandem.server.timetravel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the tab histories of one room shard within their bounds: the time-travel window (the oldest
 * checkpoint kept is the newest one at least that old), a byte cap per room and the node's cap,
 * shared with every other shard through {@link NodeBudget}. Bounds drop whole segments, oldest
 * first, never a tab's current one. For the node's cap a shard drops only its own segments (it
 * never touches another shard's); bytes that still do not fit are refused, never counted over the
 * cap. Confined to the shard's context.
 */
public final class HistoryBudget {
  private final long windowMillis;
  private final long roomCapBytes;
  private final NodeBudget node;
  private final Set<TabHistory> histories = new HashSet<>();
  private final Counter droppedForWindow;
  private final Counter droppedForRoomCap;
  private final Counter droppedForNodeCap;
  private final Counter stoppedAtCurrent;
  private final DistributionSummary roomBytes;

  /** A budget alone under its node's cap: a node with one shard, or a test. */
  public HistoryBudget(long windowMillis, long roomCapBytes, long nodeCapBytes, MeterRegistry registry) {
    this(windowMillis, roomCapBytes, new NodeBudget(nodeCapBytes, registry), registry);
  }

  public HistoryBudget(long windowMillis, long roomCapBytes, NodeBudget node, MeterRegistry registry) {
    this.windowMillis = windowMillis;
    this.roomCapBytes = roomCapBytes;
    this.node = node;
    droppedForWindow = dropped(registry, "window");
    droppedForRoomCap = dropped(registry, "room_cap");
    droppedForNodeCap = dropped(registry, "node_cap");
    stoppedAtCurrent = Counter.builder("tandem.timetravel.stopped")
        .description("times a tab's current segment could not grow within the caps; a new checkpoint was asked for")
        .register(registry);
    roomBytes = DistributionSummary.builder("tandem.timetravel.room.bytes")
        .description("a room's time-travel buffer after each batch").baseUnit("bytes").register(registry);
  }

  private static Counter dropped(MeterRegistry registry, String reason) {
    return Counter.builder("tandem.timetravel.segments.dropped").tag("reason", reason).register(registry);
  }

  public void track(TabHistory history) {
    histories.add(history);
  }

  /** Forgets a history's content and stops tracking it if {@code forever}. */
  public void forget(TabHistory history, boolean forever) {
    node.release(history.clear());
    if (forever) {
      histories.remove(history);
    }
  }

  /**
   * Records a batch of {@code tab}, whose room holds {@code room}. Returns false when an incremental
   * batch did not fit even after every droppable segment went: the caller asks for a checkpoint.
   */
  public boolean record(TabHistory tab, Collection<TabHistory> room, BufferedBatch batch, boolean checkpoint, long nowMillis) {
    try {
      return checkpoint ? recordCheckpoint(tab, room, batch, nowMillis) : recordIncrement(tab, room, batch);
    } finally {
      roomBytes.record(bytesOf(room));
    }
  }

  /**
   * The checkpoint starts the tab's new segment first, so the one before it may go for the caps;
   * its bytes count node-wide only once reserved. If they cannot be, the tab's history is let go.
   */
  private boolean recordCheckpoint(TabHistory tab, Collection<TabHistory> room, BufferedBatch batch, long nowMillis) {
    tab.checkpoint(batch, nowMillis);
    long freed = tab.trimToWindow(nowMillis, windowMillis);
    node.release(freed);
    if (freed > 0) {
      droppedForWindow.increment();
    }
    if (makeRoomInRoom(room, 0) > roomCapBytes || !reserve(batch.bytes())) {
      stoppedAtCurrent.increment();
      node.release(tab.clear() - batch.bytes());
    }
    return true;
  }

  private boolean recordIncrement(TabHistory tab, Collection<TabHistory> room, BufferedBatch batch) {
    if (!tab.whole()) {
      return true;
    }
    if (makeRoomInRoom(room, batch.bytes()) + batch.bytes() > roomCapBytes || !reserve(batch.bytes())) {
      stoppedAtCurrent.increment();
      tab.stopAtCurrent();
      return false;
    }
    tab.append(batch);
    return true;
  }

  /** Drops the room's oldest segments until {@code needed} more bytes fit its cap, or none is left to drop; answers the room's bytes then. */
  private long makeRoomInRoom(Collection<TabHistory> room, long needed) {
    long bytes = bytesOf(room);
    while (bytes + needed > roomCapBytes && dropOldest(room, droppedForRoomCap)) {
      bytes = bytesOf(room);
    }
    return bytes;
  }

  /** Reserves node-wide bytes, dropping this shard's oldest segments while they do not fit. */
  private boolean reserve(long needed) {
    while (!node.tryReserve(needed)) {
      if (!dropOldest(histories, droppedForNodeCap)) {
        return false;
      }
    }
    return true;
  }

  private boolean dropOldest(Collection<TabHistory> candidates, Counter reason) {
    Optional<TabHistory> oldest = candidates.stream()
        .filter(h -> h.oldestDroppableStart().isPresent())
        .min(Comparator.comparing(h -> h.oldestDroppableStart().orElseThrow()));
    oldest.ifPresent(h -> {
      node.release(h.dropOldest());
      reason.increment();
    });
    return oldest.isPresent();
  }

  /** Called a few times per batch: a loop over a room's few tabs, without a stream's allocations. */
  private static long bytesOf(Collection<TabHistory> room) {
    long bytes = 0;
    for (TabHistory tab : room) {
      bytes += tab.bytes();
    }
    return bytes;
  }
}
