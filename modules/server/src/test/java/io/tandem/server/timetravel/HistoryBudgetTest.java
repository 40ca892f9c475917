package io.tandem.server.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HistoryBudgetTest {
  private static final long MINUTE = 60_000;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static BufferedBatch batch(long seq, int bytes) {
    return new BufferedBatch(seq, new byte[bytes]);
  }

  private static List<Long> seqs(TabHistory history) {
    return history.batches().stream().map(BufferedBatch::seq).toList();
  }

  private double dropped(String reason) {
    return registry.find("tandem.timetravel.segments.dropped").tag("reason", reason).counter().count();
  }

  @Test
  void keepsTheNewestCheckpointThatIsAtLeastTheWindowOld() {
    HistoryBudget budget = new HistoryBudget(10 * MINUTE, 1 << 20, 1 << 30, registry);
    TabHistory tab = new TabHistory();
    budget.track(tab);
    List<TabHistory> room = List.of(tab);

    budget.record(tab, room, batch(1, 100), true, 0);
    budget.record(tab, room, batch(2, 10), false, MINUTE);
    budget.record(tab, room, batch(3, 100), true, 5 * MINUTE);
    budget.record(tab, room, batch(4, 100), true, 11 * MINUTE);
    assertThat(seqs(tab)).containsExactly(1L, 2L, 3L, 4L);

    budget.record(tab, room, batch(5, 100), true, 16 * MINUTE);

    assertThat(seqs(tab)).containsExactly(3L, 4L, 5L);
    assertThat(dropped("window")).isEqualTo(1);
  }

  @Test
  void aRoomOverItsCapDropsItsOldestSegmentsButNeverTheCurrentOne() {
    HistoryBudget budget = new HistoryBudget(60 * MINUTE, 1000, 1 << 30, registry);
    TabHistory first = new TabHistory();
    TabHistory second = new TabHistory();
    List<TabHistory> room = List.of(first, second);
    room.forEach(budget::track);

    budget.record(first, room, batch(1, 400), true, 0);
    budget.record(second, room, batch(1, 300), true, 1);
    budget.record(first, room, batch(2, 400), true, 2);

    assertThat(seqs(first)).containsExactly(2L);
    assertThat(seqs(second)).containsExactly(1L);
    assertThat(first.bytes() + second.bytes()).isLessThanOrEqualTo(1000);
    assertThat(dropped("room_cap")).isEqualTo(1);

    boolean fits = budget.record(first, room, batch(3, 400), false, 3);

    assertThat(fits).isFalse();
    assertThat(first.whole()).isFalse();
    assertThat(seqs(first)).containsExactly(2L);
    assertThat(seqs(second)).containsExactly(1L);
  }

  @Test
  void theNodeCapDropsTheOldestSegmentAcrossRooms() {
    HistoryBudget budget = new HistoryBudget(60 * MINUTE, 1 << 20, 1000, registry);
    TabHistory old = new TabHistory();
    TabHistory busy = new TabHistory();
    budget.track(old);
    budget.track(busy);

    budget.record(old, List.of(old), batch(1, 300), true, 0);
    budget.record(old, List.of(old), batch(2, 300), true, 1);
    budget.record(busy, List.of(busy), batch(1, 300), true, 2);
    budget.record(busy, List.of(busy), batch(2, 200), false, 3);

    assertThat(seqs(old)).containsExactly(2L);
    assertThat(seqs(busy)).containsExactly(1L, 2L);
    assertThat(dropped("node_cap")).isEqualTo(1);
    assertThat(registry.get("tandem.timetravel.node.bytes").gauge().value()).isEqualTo(800);
  }

  @Test
  void forgettingGivesTheBytesBack() {
    HistoryBudget budget = new HistoryBudget(60 * MINUTE, 1 << 20, 1 << 20, registry);
    TabHistory tab = new TabHistory();
    budget.track(tab);
    budget.record(tab, List.of(tab), batch(1, 500), true, 0);

    budget.forget(tab, true);

    assertThat(tab.batches()).isEmpty();
    assertThat(registry.get("tandem.timetravel.node.bytes").gauge().value()).isZero();
  }

  @Test
  void shardsShareTheNodeCapAndNeitherTakesBytesTheOtherHolds() {
    NodeBudget node = new NodeBudget(1000, registry);
    HistoryBudget first = new HistoryBudget(60 * MINUTE, 1 << 20, node, registry);
    HistoryBudget second = new HistoryBudget(60 * MINUTE, 1 << 20, node, registry);
    TabHistory a = new TabHistory();
    TabHistory b = new TabHistory();
    first.track(a);
    second.track(b);

    first.record(a, List.of(a), batch(1, 600), true, 0);
    second.record(b, List.of(b), batch(1, 600), true, 1);
    boolean fits = first.record(a, List.of(a), batch(2, 500), false, 2);

    assertThat(seqs(a)).containsExactly(1L);
    assertThat(b.batches()).isEmpty();
    assertThat(b.whole()).isFalse();
    assertThat(fits).isFalse();
    assertThat(node.bytes()).isEqualTo(600);

    first.forget(a, true);
    second.record(b, List.of(b), batch(2, 600), true, 3);

    assertThat(seqs(b)).containsExactly(2L);
    assertThat(node.bytes()).isEqualTo(600);
  }

  @Test
  void shardsRecordingAtOnceNeverHoldMoreThanTheNodeCap() throws Exception {
    long cap = 50_000;
    NodeBudget node = new NodeBudget(cap, registry);
    AtomicLong highest = new AtomicLong();
    List<Thread> shards = IntStream.range(0, 4).mapToObj(shard -> new Thread(() -> {
      HistoryBudget budget = new HistoryBudget(60 * MINUTE, 1 << 20, node, registry);
      List<TabHistory> tabs = IntStream.range(0, 5).mapToObj(i -> new TabHistory()).toList();
      tabs.forEach(budget::track);
      Random random = new Random(shard);
      for (int i = 0; i < 20_000; i++) {
        TabHistory tab = tabs.get(random.nextInt(tabs.size()));
        budget.record(tab, List.of(tab), batch(i, 1 + random.nextInt(2_000)), random.nextInt(20) == 0, i);
        highest.accumulateAndGet(node.bytes(), Math::max);
      }
      tabs.forEach(tab -> budget.forget(tab, true));
    })).toList();

    shards.forEach(Thread::start);
    for (Thread shard : shards) {
      shard.join();
    }

    assertThat(highest.get()).isPositive().isLessThanOrEqualTo(cap);
    assertThat(node.bytes()).isZero();
  }
}
