package io.tandem.server.gateway;

import io.tandem.protocol.Endpoint;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.EventBatch;
import io.tandem.protocol.Frame;
import io.tandem.protocol.FrameCodec;
import io.tandem.protocol.Limits;
import io.tandem.protocol.PageInfo;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.TrackerHello;
import io.tandem.protocol.TrackerRequest;
import io.tandem.server.auth.Project;
import io.tandem.server.auth.Projects;
import io.tandem.server.room.Rooms;
import io.tandem.server.room.TrackerPeer;
import io.vertx.core.http.ServerWebSocket;

/** {@code /ws/tracker}: one tab of a user's page. Checks project key, origin and event rate. */
final class TrackerSocket extends PeerSocket implements TrackerPeer {
  private final Rooms rooms;
  private final Projects projects;
  private final String nodeOrigin;
  private EventRate rate;

  TrackerSocket(ServerWebSocket ws, Limits limits, FrameCodec codec, TrafficMetrics metrics, Rooms rooms, Projects projects, String nodeOrigin) {
    super(ws, Endpoint.TRACKER, limits, codec, metrics);
    this.rooms = rooms;
    this.projects = projects;
    this.nodeOrigin = nodeOrigin;
  }

  @Override
  protected void onHello(Frame frame) {
    TrackerHello hello = TrackerHello.from(frame, limits);
    Project project =
        projects.byKey(hello.projectKey())
            .orElseThrow(() -> new ProtocolException(ErrorCode.UNKNOWN_PROJECT, "no project has this project key"));
    String origin = header("Origin");
    if (!project.allowsOrigin(origin, nodeOrigin)) {
      throw new ProtocolException(
          ErrorCode.ORIGIN_NOT_ALLOWED, "origin '" + origin + "' is not allowed for project '" + project.id() + "'");
    }
    rate = new EventRate(limits.maxEventsPerSecond(), System.nanoTime());
    rooms.trackerHello(this, hello, project);
  }

  @Override
  protected void onFrame(Frame frame) {
    switch (frame.type()) {
      case EVENTS -> onEvents(EventBatch.from(frame));
      case PAGE -> rooms.trackerPage(this, PageInfo.from(frame, limits));
      case CONSENT, SIGNAL -> rooms.fromTracker(this, TrackerRequest.from(frame, limits));
      default -> { }
    }
  }

  private void onEvents(EventBatch batch) {
    if (!rate.tryTake(batch.payload().count(), System.nanoTime())) {
      throw new ProtocolException(
          ErrorCode.RATE_LIMITED, "more than " + limits.maxEventsPerSecond() + " events per second on this tab");
    }
    rooms.trackerBatch(this, batch, System.nanoTime());
  }

  @Override
  protected void onClosed() {
    rooms.trackerClosed(this);
  }
}
