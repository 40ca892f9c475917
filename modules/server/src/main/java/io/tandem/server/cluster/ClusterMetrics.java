package io.tandem.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a member counts of its cluster: {@code tandem_cluster_members}, the members it sees now (its
 * local view, so a scrape never waits on the cluster), and {@code tandem_rooms_taken_over_total},
 * the rooms it claimed while another node still owned them: their tracker came back here after its
 * owner died, drained or was cut off. That is a failover, counted once, by the node it lands on.
 */
final class ClusterMetrics {
  final Counter takenOver;

  ClusterMetrics(HazelcastInstance hazelcast, MeterRegistry registry) {
    Gauge.builder("tandem.cluster.members", hazelcast.getCluster(), cluster -> cluster.getMembers().size())
        .description("Hazelcast members this node sees, itself included").register(registry);
    takenOver = Counter.builder("tandem.rooms.taken.over")
        .description("rooms this node claimed while another node owned them (failovers, drains, moves)").register(registry);
  }

  /** Counts a claim of this node that replaced a live claim of another node. */
  void claimed(String self, Ownership ownership, String previousOwner) {
    if (ownership.nodeId().equals(self) && !previousOwner.isEmpty() && !previousOwner.equals(self)) {
      takenOver.increment();
    }
  }
}
