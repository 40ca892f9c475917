package io.tandem.server.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of agents' frames this node handed the event bus for each other node and that are not
 * yet written to that node's connection ({@code cluster.forwardBacklogBytes} at most). The event
 * bus queues without bound: a node that reads too slowly (paused, or starved of CPU while it takes
 * over a dead node's rooms) would make its peers hold everything sent to it until they ran out of
 * heap. Past the bound, a membership of that node is cut instead ({@code AGENT_BEHIND}), and the
 * agent's node joins the room again from the last seq it delivered. Called from the shards' contexts.
 */
final class ForwardBacklog {
  private final long maxBytes;
  private final Map<String, AtomicLong> byNode = new ConcurrentHashMap<>();
  private final Counter cuts;

  ForwardBacklog(long maxBytes, MeterRegistry registry) {
    this.maxBytes = maxBytes;
    this.cuts = Counter.builder("tandem.cluster.forward.cuts")
        .description("Memberships cut because their agent's node was more than cluster.forwardBacklogBytes behind; each joins again from its last seq")
        .register(registry);
    Gauge.builder("tandem.cluster.forward.backlog", byNode, ForwardBacklog::total).baseUnit("bytes")
        .description("Bytes of agents' frames handed the event bus for other nodes and not yet written to their connections").register(registry);
  }

  /** Whether a frame for {@code node} may go now: its backlog is within the bound. */
  boolean admits(String node) {
    return pending(node).get() <= maxBytes;
  }

  /** A frame of {@code bytes} is on its way to {@code node}; it leaves the backlog once written, or failed. */
  void sent(String node, int bytes, Future<Void> written) {
    AtomicLong pending = pending(node);
    pending.addAndGet(bytes);
    written.onComplete(done -> pending.addAndGet(-bytes));
  }

  /** The node left the cluster: what was on its way to it fails, and is no longer counted. */
  void forget(String node) {
    byNode.remove(node);
  }

  void cut() {
    cuts.increment();
  }

  private AtomicLong pending(String node) {
    return byNode.computeIfAbsent(node, n -> new AtomicLong());
  }

  private static double total(Map<String, AtomicLong> byNode) {
    return byNode.values().stream().mapToLong(AtomicLong::get).sum();
  }
}
