package io.tandem.server.timetravel;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The bytes of time-travel history a node holds ({@code limits.nodeBufferBytes}), shared by the
 * {@link HistoryBudget} of every room shard. Bytes are reserved before a history takes them and
 * released when it lets them go, so the node's total never passes the cap, whichever shards the
 * histories live on. Thread-safe.
 */
public final class NodeBudget {
  private static final Logger LOG = Logger.getLogger(NodeBudget.class.getName());

  private final AtomicLong bytes = new AtomicLong();
  private final long capBytes;

  /** Reports its bytes as {@code tandem.timetravel.node.bytes}. */
  public NodeBudget(long capBytes, MeterRegistry registry) {
    this.capBytes = capBytes;
    Gauge.builder("tandem.timetravel.node.bytes", bytes, AtomicLong::get).description("time-travel buffers of this node").register(registry);
  }

  /**
   * The cap a node can hold: {@code configured}, but at most half of {@code maxHeapBytes}. History
   * is what grows with load (every room's buffer filling at once when one node carries a cluster's
   * rooms); past half the heap it would take the node down with an OutOfMemoryError instead of
   * dropping its oldest segments, so a setting the heap cannot carry is lowered, and said so.
   */
  public static long withinHeap(long configured, long maxHeapBytes) {
    long half = maxHeapBytes / 2;
    if (configured <= half) {
      return configured;
    }
    LOG.warning("limits.nodeBufferBytes (" + configured + ") is more than half the heap (" + maxHeapBytes + " bytes at most): the node holds "
        + half + " bytes of time-travel history instead; raise the heap (-Xmx, or the container's memory) to keep more");
    return half;
  }

  /** Takes {@code wanted} bytes if they fit under the cap. */
  boolean tryReserve(long wanted) {
    long now;
    do {
      now = bytes.get();
      if (now + wanted > capBytes) {
        return false;
      }
    } while (!bytes.compareAndSet(now, now + wanted));
    return true;
  }

  void release(long freed) {
    bytes.addAndGet(-freed);
  }

  public long bytes() {
    return bytes.get();
  }

  public long capBytes() {
    return capBytes;
  }
}
