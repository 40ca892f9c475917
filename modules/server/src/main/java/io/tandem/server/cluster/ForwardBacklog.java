package io.tandem.server.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of agents' frames this node sent each other node and that node has not yet said it
 * received ({@code cluster.forwardBacklogBytes} at most). The event bus queues without bound: a node
 * that reads too slowly (paused, or starved of CPU while it takes over a dead node's rooms) would
 * make its peers hold everything sent to it until they ran out of heap. Each node tells each sender
 * how many bytes of frames it received from it ({@link #RECEIPT_EVERY_BYTES} at a time, see
 * {@link Receipts}); past the bound, a membership of the slow node is cut off instead
 * ({@code behind}), and the agent's node joins the room again from the last seq it delivered.
 * Counted per run of each node: both sides forget a node that left the cluster. Frames are counted
 * on the shards' contexts, receipts on the router's.
 */
final class ForwardBacklog {
  /** A receiving node's receipt covers this much: small against the bound, rare against the stream. */
  static final long RECEIPT_EVERY_BYTES = 256 * 1024;

  private final long maxBytes;
  private final Map<String, Sent> byNode = new ConcurrentHashMap<>();
  private final Counter cuts;

  private static final class Sent {
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong received = new AtomicLong();

    long unreceived() {
      return bytes.get() - received.get();
    }
  }

  ForwardBacklog(long maxBytes, MeterRegistry registry) {
    this.maxBytes = maxBytes;
    this.cuts = Counter.builder("tandem.cluster.forward.cuts")
        .description("Memberships cut off because their agent's node was more than cluster.forwardBacklogBytes behind; each joins again from its last seq")
        .register(registry);
    Gauge.builder("tandem.cluster.forward.backlog", byNode, ForwardBacklog::total).baseUnit("bytes")
        .description("Bytes of agents' frames sent to other nodes that they have not yet said they received").register(registry);
  }

  /**
   * Counts a frame of {@code bytes} for {@code node} if what it has not received is within the
   * bound; false (nothing counted) if the frame may not go.
   */
  boolean send(String node, int bytes) {
    Sent sent = sent(node);
    if (sent.unreceived() > maxBytes) {
      return false;
    }
    sent.bytes.addAndGet(bytes);
    return true;
  }

  /** {@code node} said it received {@code bytes} of frames from this node in all. */
  void received(String node, long bytes) {
    sent(node).received.accumulateAndGet(bytes, Math::max);
  }

  /** The node left the cluster: a run of it that comes back counts from 0. */
  void forget(String node) {
    byNode.remove(node);
  }

  void cut() {
    cuts.increment();
  }

  private Sent sent(String node) {
    return byNode.computeIfAbsent(node, n -> new Sent());
  }

  private static double total(Map<String, Sent> byNode) {
    return byNode.values().stream().mapToLong(Sent::unreceived).sum();
  }

  /** The receiving side: bytes of frames received from each node, and when to tell it. Router context only. */
  static final class Receipts {
    private final Map<String, Count> byNode = new HashMap<>();

    private static final class Count {
      long received;
      long told;
    }

    /**
     * Counts a frame received from {@code node}; the total to tell it when another
     * {@link #RECEIPT_EVERY_BYTES} came since the last receipt, else -1.
     */
    long received(String node, int bytes) {
      Count count = byNode.computeIfAbsent(node, n -> new Count());
      count.received += bytes;
      if (count.received - count.told < RECEIPT_EVERY_BYTES) {
        return -1;
      }
      count.told = count.received;
      return count.told;
    }

    void forget(String node) {
      byNode.remove(node);
    }
  }
}
