package io.tandem.server.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the agent side counts: consoles connected, how long their joins took (and a member's join
 * again after its room's owner was lost), and frames dropped on their way to them.
 */
public final class RouterMetrics {
  final AtomicInteger agents = new AtomicInteger();
  final Counter staleEpoch;
  final Counter duplicates;
  final Counter afterAHole;
  final Timer joins;
  final Timer rejoins;

  public RouterMetrics(MeterRegistry registry) {
    Gauge.builder("tandem.agents", agents, AtomicInteger::get).description("agent consoles connected to this node").register(registry);
    staleEpoch = Counter.builder("tandem_cluster_dropped_total").tag("reason", "stale_epoch")
        .description("Frames for agents dropped on the agent's node").register(registry);
    duplicates = Counter.builder("tandem_cluster_dropped_total").tag("reason", "duplicate")
        .description("Frames for agents dropped on the agent's node").register(registry);
    afterAHole = Counter.builder("tandem_cluster_dropped_total").tag("reason", "after_a_hole")
        .description("Frames for agents dropped on the agent's node").register(registry);
    joins = timer(registry, "tandem.agent.join", "From an agent's join to the room's joined, wherever the room is owned");
    rejoins = timer(registry, "tandem.agent.rejoin",
        "From the loss of a watched room's owner (it left the cluster, had no such room, or another node claimed the room) to the new owner's joined");
  }

  private static Timer timer(MeterRegistry registry, String name, String description) {
    return Timer.builder(name).description(description).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
  }
}
