package io.tandem.server.room;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * What the rooms of a node count, one set for all its shards: rooms, batches not relayed, how long
 * relaying took, and how long a tab waited for its room's claim.
 */
final class RoomMetrics {
  private static final Logger LOG = Logger.getLogger(RoomMetrics.class.getName());
  private static final long SLOW_CLAIM_MS = 1000;
  final Counter duplicates;
  final Counter outOfSync;
  private final Timer delivery;
  private final Timer claims;

  RoomMetrics(MeterRegistry registry, RoomCount rooms) {
    Gauge.builder("tandem.rooms", rooms, RoomCount::get).description("rooms owned (or being claimed) by this node").register(registry);
    duplicates = dropped(registry, "duplicate", "a resent batch the room already held");
    outOfSync = dropped(registry, "out_of_sync", "a batch after a gap, held back until the next full snapshot");
    delivery = latency(registry, "tandem.delivery.latency", "from a batch's arrival on the node to its handoff to the room's agent sockets",
        Duration.ofSeconds(10));
    claims = latency(registry, "tandem.room.claim", "from a tab's hello reaching its shard to the directory's answer to its room's claim",
        Duration.ofSeconds(30));
  }

  private static Timer latency(MeterRegistry registry, String name, String description, Duration longest) {
    return Timer.builder(name).description(description).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(longest).register(registry);
  }

  private static Counter dropped(MeterRegistry registry, String reason, String description) {
    return Counter.builder("tandem.batches.dropped").tag("reason", reason).description(description).register(registry);
  }

  /**
   * A tab's room was claimed: what a tab coming back after its node died waits for, besides its
   * reconnect. One of a second or more is logged with its steps, so a slow directory shows.
   */
  void claimed(String room, long helloNanos, long askedNanos) {
    long now = System.nanoTime();
    claims.record(now - helloNanos, TimeUnit.NANOSECONDS);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(now - helloNanos);
    if (tookMs >= SLOW_CLAIM_MS) {
      LOG.info("session " + room + " was claimed " + tookMs + " ms after its tab's hello: " + TimeUnit.NANOSECONDS.toMillis(askedNanos - helloNanos)
          + " ms before its shard took the hello up, " + TimeUnit.NANOSECONDS.toMillis(now - askedNanos) + " ms for the directory's answer");
    }
  }

  void delivered(long receivedNanos) {
    delivery.record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
  }
}
