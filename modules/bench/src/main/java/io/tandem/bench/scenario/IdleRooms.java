package io.tandem.bench.scenario;

import io.tandem.bench.Polling;
import io.tandem.bench.load.Pace;
import io.tandem.bench.load.Tally;
import io.tandem.bench.load.Tracker;
import io.tandem.bench.target.Target;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Many rooms with a tracker connected and nobody watching, the state most rooms of a node are
 * in: live heap after a full GC, and resident memory, before and after opening them.
 */
public final class IdleRooms implements Scenario {
  /** Lets the target finish what a hello starts (socket.io joins the room after acknowledging). */
  private static final long SETTLE_MILLIS = 2000;

  @Override
  public String id() {
    return "idle";
  }

  @Override
  public String describe(Setup setup) {
    int asked = setup.options().idleRooms();
    return setup.idleRooms() + " idle rooms (tracker connected, no agent), live heap after a full GC and RSS before and after"
        + (setup.idleRooms() < asked ? "; " + asked + " asked, capped by the open-file limit of " + setup.fileLimit()
            + " (one socket per room in the target and in the generator)" : "");
  }

  @Override
  public JsonObject run(Target target, Setup setup) {
    Tally tally = new Tally();
    Crowd crowd = new Crowd(setup.lanes(), target.wire(), tally, setup.options().connectConcurrency());
    long heapBefore = target.liveHeapBytes();
    long rssBefore = target.residentBytes();
    long started = System.nanoTime();
    List<Tracker> trackers = crowd.trackers("idle", setup.idleRooms(), setup.recording(), new Pace(0));
    double openSeconds = (System.nanoTime() - started) / 1e9;
    Polling.sleep(SETTLE_MILLIS);
    long accepted = trackers.stream().filter(t -> t.ready() && !t.closed()).count();
    long heapAfter = target.liveHeapBytes();
    long rssAfter = target.residentBytes();
    Crowd.closeAll(trackers, List.of());
    return new JsonObject()
        .put("roomsRequested", setup.idleRooms())
        .put("roomsOpen", accepted)
        .put("openSeconds", Math.round(openSeconds * 10) / 10.0)
        .put("heapBeforeBytes", heapBefore).put("heapAfterBytes", heapAfter)
        .put("rssBeforeBytes", rssBefore).put("rssAfterBytes", rssAfter)
        .put("heapPerRoomKiB", perRoomKiB(heapAfter - heapBefore, accepted))
        .put("rssPerRoomKiB", perRoomKiB(rssAfter - rssBefore, accepted))
        .put("errors", tally.figures().getJsonObject("errors"));
  }

  private static double perRoomKiB(long bytes, long rooms) {
    return rooms == 0 ? 0 : Math.round(bytes / 1024.0 / rooms * 100) / 100.0;
  }
}
