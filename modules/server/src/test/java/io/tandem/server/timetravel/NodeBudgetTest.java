package io.tandem.server.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The node's history cap stays within half the heap: the chaos run's nodes (1 GiB heaps, the
 * default 1 GiB cap) died of OutOfMemoryError when one node carried all 300 rooms' buffers.
 */
class NodeBudgetTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void aCapOverHalfTheHeapIsLoweredToHalf() {
    assertThat(NodeBudget.withinHeap(1024 * MIB, 1024 * MIB)).isEqualTo(512 * MIB);
  }

  @Test
  void aCapTheHeapCarriesIsKept() {
    assertThat(NodeBudget.withinHeap(384 * MIB, 1024 * MIB)).isEqualTo(384 * MIB);
    assertThat(NodeBudget.withinHeap(512 * MIB, 1024 * MIB)).isEqualTo(512 * MIB);
  }
}
