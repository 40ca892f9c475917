package io.tandem.server.timetravel;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of time-travel history a node holds ({@code limits.nodeBufferBytes}), shared by the
 * {@link HistoryBudget} of every room shard. Bytes are reserved before a history takes them and
 * released when it lets them go, so the node's total never passes the cap, whichever shards the
 * histories live on. Thread-safe.
 */
public final class NodeBudget {
  private final AtomicLong bytes = new AtomicLong();
  private final long capBytes;

  /** Reports its bytes as {@code tandem.timetravel.node.bytes}. */
  public NodeBudget(long capBytes, MeterRegistry registry) {
    this.capBytes = capBytes;
    Gauge.builder("tandem.timetravel.node.bytes", bytes, AtomicLong::get).description("time-travel buffers of this node").register(registry);
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
