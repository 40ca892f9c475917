package io.tandem.bench.fuzz;

import io.tandem.bench.Polling;
import io.tandem.bench.load.Agent;
import io.tandem.bench.load.Lanes;
import io.tandem.bench.load.Pace;
import io.tandem.bench.load.StreamCheck;
import io.tandem.bench.load.Tally;
import io.tandem.bench.load.Tracker;
import io.tandem.bench.page.Recording;
import io.tandem.bench.wire.Wire;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * A room that streams to its agent beside the fuzzing, the way the bench's streams do (every
 * batch marked and checked): it must not notice the fuzzer. Closed with the fuzzer's run.
 */
final class ControlRoom implements AutoCloseable {
  private static final double EVENTS_PER_SECOND = 30;
  private static final Duration OPEN = Duration.ofSeconds(30);
  private static final Duration LAND = Duration.ofSeconds(20);

  private final Lanes lanes = new Lanes(1);
  private final Tally tally = new Tally();
  private final Pace pace = new Pace(EVENTS_PER_SECOND);
  private final Tracker tracker;
  private final Agent agent;

  private ControlRoom(Wire wire, String session) {
    tracker = new Tracker(session, "tab-" + session, wire, lanes, 0, Recording.builtIn(), pace, tally);
    agent = new Agent(session, wire, lanes, 0, tally);
  }

  /** The control room of the fuzzer's {@code round} (from 1), a session of its own. */
  static ControlRoom open(Wire wire, int round) {
    ControlRoom room = new ControlRoom(wire, String.format("fuzz-control-%06d", round));
    room.tracker.connect(() -> { });
    if (!Polling.waitUntil(room.tracker::ready, OPEN)) {
      room.close();
      throw new IllegalStateException("the control room's tracker was not accepted within " + OPEN.toSeconds() + " s");
    }
    room.agent.connect(() -> { });
    if (!Polling.waitUntil(room.agent::hasSnapshot, OPEN)) {
      room.close();
      throw new IllegalStateException("the control room's agent had no snapshot within " + OPEN.toSeconds() + " s");
    }
    return room;
  }

  /** Stops the stream, lets it land, and checks it: every batch once and in order, nothing lost. */
  JsonObject finish() {
    pace.set(0);
    Polling.waitUntil(() -> agent.check().undelivered(tracker.lastSent()) == 0, LAND);
    StreamCheck check = agent.check();
    long undelivered = check.undelivered(tracker.lastSent());
    long violations = check.gaps() + check.missing() + check.outOfOrder() + check.beforeSnapshot() + undelivered
        + (agent.closed() ? 1 : 0) + (tracker.closed() ? 1 : 0);
    return new JsonObject()
        .put("batchesSent", tracker.lastSent())
        .put("batchesChecked", check.accepted())
        .put("gaps", check.gaps())
        .put("missing", check.missing())
        .put("outOfOrder", check.outOfOrder())
        .put("undelivered", undelivered)
        .put("agentClosed", agent.closed())
        .put("trackerClosed", tracker.closed())
        .put("errors", tally.figures().getJsonObject("errors"))
        .put("violations", violations);
  }

  @Override
  public void close() {
    tracker.close();
    agent.close();
    lanes.close();
  }
}
