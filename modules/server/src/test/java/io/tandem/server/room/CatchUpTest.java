package io.tandem.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.EventBatch;
import io.tandem.protocol.FrameType;
import io.tandem.protocol.HistoryFrame;
import io.tandem.protocol.PageInfo;
import io.tandem.protocol.Payload;
import io.tandem.server.auth.AgentIdentity;
import io.tandem.server.auth.Privacy;
import io.tandem.server.auth.Project;
import io.tandem.server.peer.AgentPeer;
import io.tandem.server.peer.TrackerPeer;
import io.tandem.server.timetravel.HistoryBudget;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A member cut off while its node fell behind (routing/ForwardedAgents) is caught up from the tab's
 * history when its node joins again. If the history stopped short of the live stream meanwhile (its
 * cap was reached), what the member gets next must be a snapshot, not the live batch after a hole:
 * the chaos run of 10:45 on 8fd43d4 showed 38 agents one gap each.
 */
@ExtendWith(VertxExtension.class)
class CatchUpTest {
  private static final String TAB = "tab-catch-up-1";
  /** A few batches of {@link #EVENT_BYTES}: the tab's history stops growing well before the cut is over. */
  private static final long ROOM_CAP_BYTES = 4_000;
  private static final int EVENT_BYTES = 500;

  @Test
  void aMemberCaughtUpPastTheEndOfItsTabsHistoryWaitsForTheNextSnapshot(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> test.verify(() -> {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      Room room = new Room("room-catch-up-1", SessionProof.of("secret-of-room-catch-up-1"),
          new Project("demo", "Demo", "demo-key", List.of("self"), new Privacy(0, false)), "", Map.of(), System.currentTimeMillis(), 1,
          new RoomMetrics(registry, new RoomCount(10)), new HistoryBudget(600_000, ROOM_CAP_BYTES, 1L << 30, registry),
          new PendingAcks(context), members -> null);
      TabSocket tracker = new TabSocket();
      Tab tab = new Tab(TAB, tracker, new PageInfo("https://shop.example/", "Shop", true));
      room.addTab(tab);
      Member agent = new Member();
      room.addAgent(agent, Map.of());

      for (long seq = 1; seq <= 3; seq++) {
        room.acceptBatch(tab, batch(seq, seq == 1), System.nanoTime());
      }
      assertThat(agent.stream).containsExactly("1 snapshot", "2", "3");

      // the member's node stops taking its frames: what the room sends it is lost until it joins again
      agent.stream.clear();
      for (long seq = 4; seq <= 20; seq++) {
        room.acceptBatch(tab, batch(seq, false), System.nanoTime());
      }
      assertThat(tracker.frames).as("the history stopped short: a snapshot is asked for").contains("start");
      agent.stream.clear();
      room.catchUp(agent, Map.of(TAB, 3L));
      room.acceptBatch(tab, batch(21, false), System.nanoTime());
      room.acceptBatch(tab, batch(22, true), System.nanoTime());
      room.acceptBatch(tab, batch(23, false), System.nanoTime());

      assertThat(agent.stream).as("what the history holds after 3, then the next snapshot: never a batch after a hole")
          .startsWith("4").endsWith("22 snapshot", "23").doesNotContain("21");
      test.completeNow();
    }));
  }

  private static EventBatch batch(long seq, boolean snapshot) {
    byte[] events = ("[{\"type\":3,\"data\":{\"text\":\"" + "x".repeat(EVENT_BYTES) + "\"}}]").getBytes(StandardCharsets.UTF_8);
    return new EventBatch(seq, snapshot, new Payload(events, 0, events.length, 1));
  }

  /** An agent's membership: the seqs it is sent, live or in history frames, "N snapshot" for a snapshot. */
  private static final class Member implements AgentPeer {
    final List<String> stream = new ArrayList<>();

    @Override
    public AgentIdentity agent() {
      return new AgentIdentity("agent-catch-up", "Agent", List.of(AgentIdentity.ROLE_AGENT), Set.of("demo"));
    }

    @Override
    public void send(FrameType type, byte[] frame) {
      if (type == FrameType.EVENTS) {
        stream.add(position(frame));
      } else if (type == FrameType.HISTORY) {
        HistoryFrame.eventsFrames(frame).forEach(batch -> stream.add(position(batch)));
      }
    }

    private static String position(byte[] frame) {
      JsonObject batch = new JsonObject(new String(frame, StandardCharsets.UTF_8));
      return batch.getLong("seq") + (batch.getBoolean("snapshot") ? " snapshot" : "");
    }

    @Override
    public void fail(ErrorCode code, String message, String room) {}

    @Override
    public void close(short code, String reason) {}
  }

  private static final class TabSocket implements TrackerPeer {
    final List<String> frames = new ArrayList<>();

    @Override
    public void send(FrameType type, byte[] frame) {
      frames.add(type.wireName());
    }

    @Override
    public void fail(ErrorCode code, String message, String room) {}

    @Override
    public void close(short code, String reason) {}
  }
}
