package io.tandem.bench.scenario;

import io.tandem.bench.BenchOptions;
import io.tandem.bench.load.Lanes;
import io.tandem.bench.load.Pace;
import io.tandem.bench.load.Tally;
import io.tandem.bench.load.Tracker;
import io.tandem.bench.page.Recording;
import io.tandem.bench.target.TargetProcess;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Many rooms with a tracker connected and nobody watching, the state most rooms of a node are
 * in: live heap after a full GC, and resident memory, before and after opening them.
 */
public final class IdleRooms {
  private IdleRooms() {}

  public static JsonObject run(TargetProcess target, Lanes lanes, Recording recording, BenchOptions o, int rooms) {
    Tally tally = new Tally();
    Crowd crowd = new Crowd(lanes, target.wire(), tally, o.connectConcurrency());
    long heapBefore = target.liveHeapBytes();
    long rssBefore = target.residentBytes();
    long started = System.nanoTime();
    List<Tracker> trackers = crowd.trackers("idle", rooms, recording, new Pace(0));
    double openSeconds = (System.nanoTime() - started) / 1e9;
    // Let the target finish what a hello starts (socket.io joins the room after acknowledging).
    Crowd.sleep(2000);
    long accepted = trackers.stream().filter(t -> t.ready() && !t.closed()).count();
    long heapAfter = target.liveHeapBytes();
    long rssAfter = target.residentBytes();
    Crowd.closeAll(trackers, List.of());
    return new JsonObject()
        .put("roomsRequested", rooms)
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
