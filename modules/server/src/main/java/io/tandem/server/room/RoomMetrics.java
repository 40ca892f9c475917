package io.tandem.server.room;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What the rooms of a node count, one set for all its shards: rooms, batches not relayed and how long relaying took. */
final class RoomMetrics {
  final Counter duplicates;
  final Counter outOfSync;
  private final Timer delivery;

  RoomMetrics(MeterRegistry registry, RoomCount rooms) {
    Gauge.builder("tandem.rooms", rooms, RoomCount::get).description("rooms owned (or being claimed) by this node").register(registry);
    duplicates = dropped(registry, "duplicate", "a resent batch the room already held");
    outOfSync = dropped(registry, "out_of_sync", "a batch after a gap, held back until the next full snapshot");
    delivery = Timer.builder("tandem.delivery.latency")
        .description("from a batch's arrival on the node to its handoff to the room's agent sockets")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  private static Counter dropped(MeterRegistry registry, String reason, String description) {
    return Counter.builder("tandem.batches.dropped").tag("reason", reason).description(description).register(registry);
  }

  void delivered(long receivedNanos) {
    delivery.record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
  }
}
