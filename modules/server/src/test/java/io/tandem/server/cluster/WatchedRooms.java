package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/** Rooms whose tabs stream to node 1 while one agent on node 2 and one on node 3 watch them all. */
final class WatchedRooms {
  final List<TrackerTab> tabs;
  final List<String> rooms;
  final AgentStream onSecond;
  final AgentStream onThird;

  private WatchedRooms(List<TrackerTab> tabs, AgentStream onSecond, AgentStream onThird) {
    this.tabs = tabs;
    this.rooms = tabs.stream().map(t -> t.session).toList();
    this.onSecond = onSecond.join(rooms);
    this.onThird = onThird.join(rooms);
  }

  /** {@code count} rooms named after {@code name}, each streaming two batches that both agents have received. */
  static WatchedRooms open(LoopbackCluster cluster, String name, int count, Duration wait) {
    List<TrackerTab> tabs = IntStream.rangeClosed(1, count)
        .mapToObj(i -> new TrackerTab(name + "-session-" + i, name + "-tab-" + i).connect(cluster.node(1))).toList();
    WatchedRooms watched = new WatchedRooms(tabs,
        new AgentStream(LoopbackCluster.agent(cluster.node(2), cluster.node(2))),
        new AgentStream(LoopbackCluster.agent(cluster.node(3), cluster.node(3))));
    tabs.forEach(tab -> tab.stream(2));
    watched.awaitSeq(3, wait);
    return watched;
  }

  /** Both agents have every room up to {@code seq}. */
  void awaitSeq(long seq, Duration wait) {
    onSecond.awaitSeq(rooms, seq, wait);
    onThird.awaitSeq(rooms, seq, wait);
  }

  /** Neither agent saw a duplicate, a batch out of order or a room end. */
  void assertWholeAndLive() {
    onSecond.assertOrdered();
    onThird.assertOrdered();
    assertThat(onSecond.others("ended")).isEmpty();
    assertThat(onThird.others("ended")).isEmpty();
  }
}
