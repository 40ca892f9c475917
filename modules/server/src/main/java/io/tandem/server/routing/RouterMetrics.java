package io.tandem.server.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** What the agent side counts: consoles connected, how long their joins took, and frames dropped on their way to them. */
public final class RouterMetrics {
  final AtomicInteger agents = new AtomicInteger();
  final Counter staleEpoch;
  final Counter duplicates;
  final Counter afterAHole;
  final Timer joins;

  public RouterMetrics(MeterRegistry registry) {
    Gauge.builder("tandem.agents", agents, AtomicInteger::get).description("agent consoles connected to this node").register(registry);
    staleEpoch = Counter.builder("tandem_cluster_dropped_total").tag("reason", "stale_epoch")
        .description("Frames for agents dropped on the agent's node").register(registry);
    duplicates = Counter.builder("tandem_cluster_dropped_total").tag("reason", "duplicate")
        .description("Frames for agents dropped on the agent's node").register(registry);
    afterAHole = Counter.builder("tandem_cluster_dropped_total").tag("reason", "after_a_hole")
        .description("Frames for agents dropped on the agent's node").register(registry);
    joins = Timer.builder("tandem.agent.join").description("From an agent's join to the room's joined, wherever the room is owned")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
  }
}
