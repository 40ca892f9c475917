package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.WireClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What one agent socket receives: each room's {@code events} seqs in arrival order, and every other frame. */
final class AgentStream {
  final WireClient client;
  final Map<String, List<Long>> seqs = new HashMap<>();
  final List<JsonObject> others = new ArrayList<>();

  AgentStream(WireClient client) {
    this.client = client;
  }

  /** Joins every room and waits for each {@code joined}. */
  AgentStream join(Collection<String> rooms) {
    rooms.forEach(room -> client.send(new JsonObject().put("t", "join").put("room", room)));
    long joined = 0;
    while (joined < rooms.size()) {
      if ("joined".equals(read().getString("t"))) {
        joined++;
      }
    }
    return this;
  }

  /** Reads until every room has delivered a batch with a seq of at least {@code seq}. */
  void awaitSeq(Collection<String> rooms, long seq, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!rooms.stream().allMatch(room -> last(room) >= seq)) {
      // the message is built only on failure: with thousands of batches, building it per frame read took longer than the wait
      assertThat(System.nanoTime()).as(() -> "every room at seq " + seq + " within " + timeout + "; now " + seqs).isLessThan(deadline);
      read();
    }
  }

  long last(String room) {
    List<Long> room0 = seqs.get(room);
    return room0 == null || room0.isEmpty() ? 0 : room0.get(room0.size() - 1);
  }

  /** No room's stream shows a batch twice or out of order. */
  void assertOrdered() {
    seqs.forEach((room, list) -> {
      for (int i = 1; i < list.size(); i++) {
        assertThat(list.get(i)).as("seq after " + list.get(i - 1) + " in " + room + ": " + list).isGreaterThan(list.get(i - 1));
      }
    });
  }

  List<JsonObject> others(String type) {
    return others.stream().filter(f -> type.equals(f.getString("t"))).toList();
  }

  private JsonObject read() {
    JsonObject frame = client.next();
    if ("events".equals(frame.getString("t"))) {
      seqs.computeIfAbsent(frame.getString("room"), r -> new ArrayList<>()).add(frame.getLong("seq"));
    } else {
      others.add(frame);
    }
    return frame;
  }
}
