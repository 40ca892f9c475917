package io.tandem.server.timetravel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps every tab history of a node within its bounds: the time-travel window (the oldest
 * checkpoint kept is the newest one at least that old), a byte cap per room and one per node.
 * Bounds drop whole segments, oldest first, never a tab's current one. Confined to the room context.
 */
public final class HistoryBudget {
  private final long windowMillis;
  private final long roomCapBytes;
  private final long nodeCapBytes;
  private final Set<TabHistory> histories = new HashSet<>();
  private long nodeBytes;
  private final Counter droppedForWindow;
  private final Counter droppedForRoomCap;
  private final Counter droppedForNodeCap;
  private final Counter stoppedAtCurrent;
  private final DistributionSummary roomBytes;

  public HistoryBudget(long windowMillis, long roomCapBytes, long nodeCapBytes, MeterRegistry registry) {
    this.windowMillis = windowMillis;
    this.roomCapBytes = roomCapBytes;
    this.nodeCapBytes = nodeCapBytes;
    droppedForWindow = dropped(registry, "window");
    droppedForRoomCap = dropped(registry, "room_cap");
    droppedForNodeCap = dropped(registry, "node_cap");
    stoppedAtCurrent = Counter.builder("tandem.timetravel.stopped")
        .description("times a tab's current segment could not grow within the caps; a new checkpoint was asked for")
        .register(registry);
    roomBytes = DistributionSummary.builder("tandem.timetravel.room.bytes")
        .description("a room's time-travel buffer after each batch").baseUnit("bytes").register(registry);
    Gauge.builder("tandem.timetravel.node.bytes", this, b -> b.nodeBytes).description("time-travel buffers of this node").register(registry);
  }

  private static Counter dropped(MeterRegistry registry, String reason) {
    return Counter.builder("tandem.timetravel.segments.dropped").tag("reason", reason).register(registry);
  }

  public void track(TabHistory history) {
    histories.add(history);
  }

  /** Forgets a history's content and stops tracking it if {@code forever}. */
  public void forget(TabHistory history, boolean forever) {
    nodeBytes -= history.clear();
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

  private boolean recordCheckpoint(TabHistory tab, Collection<TabHistory> room, BufferedBatch batch, long nowMillis) {
    tab.checkpoint(batch, nowMillis);
    nodeBytes += batch.bytes();
    long freed = tab.trimToWindow(nowMillis, windowMillis);
    nodeBytes -= freed;
    if (freed > 0) {
      droppedForWindow.increment();
    }
    makeRoom(room, 0);
    if (bytesOf(room) > roomCapBytes || nodeBytes > nodeCapBytes) {
      stoppedAtCurrent.increment();
      forget(tab, false);
    }
    return true;
  }

  private boolean recordIncrement(TabHistory tab, Collection<TabHistory> room, BufferedBatch batch) {
    if (!tab.whole()) {
      return true;
    }
    makeRoom(room, batch.bytes());
    if (bytesOf(room) + batch.bytes() > roomCapBytes || nodeBytes + batch.bytes() > nodeCapBytes) {
      stoppedAtCurrent.increment();
      tab.stopAtCurrent();
      return false;
    }
    tab.append(batch);
    nodeBytes += batch.bytes();
    return true;
  }

  private void makeRoom(Collection<TabHistory> room, long needed) {
    while (bytesOf(room) + needed > roomCapBytes) {
      if (!dropOldest(room, droppedForRoomCap)) {
        break;
      }
    }
    while (nodeBytes + needed > nodeCapBytes) {
      if (!dropOldest(histories, droppedForNodeCap)) {
        break;
      }
    }
  }

  private boolean dropOldest(Collection<TabHistory> candidates, Counter reason) {
    Optional<TabHistory> oldest = candidates.stream()
        .filter(h -> h.oldestDroppableStart().isPresent())
        .min(Comparator.comparing(h -> h.oldestDroppableStart().orElseThrow()));
    oldest.ifPresent(h -> {
      nodeBytes -= h.dropOldest();
      reason.increment();
    });
    return oldest.isPresent();
  }

  private static long bytesOf(Collection<TabHistory> room) {
    return room.stream().mapToLong(TabHistory::bytes).sum();
  }
}
