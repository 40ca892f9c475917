package io.tandem.server.gateway;

import io.tandem.protocol.Endpoint;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.EventBatch;
import io.tandem.protocol.Frame;
import io.tandem.protocol.FrameCodec;
import io.tandem.protocol.FrameType;
import io.tandem.protocol.Limits;
import io.tandem.protocol.PageInfo;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.ServerFrames;
import io.tandem.protocol.TrackerHello;
import io.tandem.protocol.TrackerRequest;
import io.tandem.server.auth.Project;
import io.tandem.server.auth.Projects;
import io.tandem.server.room.RoomShard;
import io.tandem.server.room.Rooms;
import io.tandem.server.peer.TrackerPeer;
import io.tandem.server.support.SupportCodes;
import io.vertx.core.http.ServerWebSocket;
import java.util.Map;

/**
 * {@code /ws/tracker}: one tab of a user's page. Anyone with the public project key can open one,
 * so besides the project key and origin it checks the node-wide caps (per address on opening, per
 * project on hello) and every frame type's rate, before a frame costs more than its decoding.
 */
final class TrackerSocket extends PeerSocket implements TrackerPeer {
  private final Rooms rooms;
  private final Projects projects;
  private final String nodeOrigin;
  private final String address;
  private final TrackerGuard guard;
  private final TrafficMetrics metrics;
  private final TrackerRates rates;
  private final SupportCodes supportCodes;
  private final Refusals refusals = new Refusals();
  /** Counted against its address's cap when the node accepted the handshake (GatewayVerticle). */
  private final boolean holdsAddress;
  private String projectId;
  private boolean holdsProject;
  private String helloSession;
  /** The shard that owns the hello's session on this node: every later frame goes there, in order. */
  private RoomShard shard;
  /** Set when the node welcomes the hello (on the room's thread): only then is the session the client's to name. */
  private volatile String welcomedSession;

  TrackerSocket(ServerWebSocket ws, Limits limits, FrameCodec codec, TrafficMetrics metrics, Rooms rooms, Projects projects,
      String nodeOrigin, String address, boolean holdsAddress, TrackerGuard guard, SupportCodes supportCodes) {
    // a tracker is sent acks and the agents' commands, never a stream: it needs no bound of its own
    super(ws, Endpoint.TRACKER, limits, codec, metrics, Long.MAX_VALUE);
    this.rooms = rooms;
    this.projects = projects;
    this.nodeOrigin = nodeOrigin;
    this.address = address;
    this.holdsAddress = holdsAddress;
    this.guard = guard;
    this.metrics = metrics;
    this.rates = new TrackerRates(limits, System.nanoTime());
    this.supportCodes = supportCodes;
  }

  @Override
  void attach() {
    super.attach();
    if (!holdsAddress) {
      guard.audit.refusedSocket(ErrorCode.ADDRESS_FULL, address, System.currentTimeMillis());
      fail(ErrorCode.ADDRESS_FULL, "this node already holds " + limits.maxTrackerSocketsPerAddress() + " tracker sockets from your address", null);
    }
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
    projectId = project.id();
    if (!guard.caps.tryOpenFor(projectId)) {
      guard.audit.refusedSocket(ErrorCode.PROJECT_FULL, address, System.currentTimeMillis());
      throw new ProtocolException(ErrorCode.PROJECT_FULL,
          "this node already holds " + limits.maxTrackerSocketsPerProject() + " tracker sockets of project '" + projectId + "'");
    }
    holdsProject = true;
    helloSession = hello.sessionId();
    shard = rooms.shard(hello.sessionId());
    shard.trackerHello(this, hello, project);
  }

  @Override
  protected void onFrame(Frame frame) {
    long now = System.nanoTime();
    if (frame.type() == FrameType.EVENTS) {
      EventBatch batch = EventBatch.from(frame);
      ErrorCode refused = rates.refuseEvents(batch.payload().count(), batch.payload().length(), now);
      if (refused == null) {
        shard.trackerBatch(this, batch, now);
      } else {
        refuse(refused);
      }
      return;
    }
    ErrorCode refused = rates.refuse(frame.type(), now);
    if (refused != null) {
      refuse(refused);
      return;
    }
    switch (frame.type()) {
      case PAGE -> shard.trackerPage(this, PageInfo.from(frame, limits));
      case CONSENT, SIGNAL -> shard.fromTracker(this, TrackerRequest.from(frame, limits));
      case SUPPORT_CODE -> issueSupportCode();
      case HEARTBEAT -> send(FrameType.HEARTBEAT, ServerFrames.heartbeat());
      default -> { }
    }
  }

  /**
   * Only a welcomed socket proved the session (its hello carried the session's secret), so only it
   * gets a code, and the code goes to it alone.
   */
  private void issueSupportCode() {
    String session = welcomedSession;
    if (session == null) {
      fail(ErrorCode.SUPPORT_CODE_UNAVAILABLE, "ask for a support code after 'welcome'", null);
      return;
    }
    supportCodes.issue(session, projectId).onComplete(issued -> {
      if (issued.succeeded()) {
        long expiresAt = issued.result().expiresAt();
        send(FrameType.SUPPORT_CODE, ServerFrames.supportCode(issued.result().code(), expiresAt,
            Math.max(0, expiresAt - System.currentTimeMillis())));
      } else {
        fail(ErrorCode.SUPPORT_CODE_UNAVAILABLE, "no support code could be issued now; ask again in a moment", null);
      }
    });
  }

  /** A fatal refusal closes the socket; any other drops the frame, and the client hears of its code once a minute. */
  private void refuse(ErrorCode code) {
    if (refusals.add(code, System.currentTimeMillis()) || code.fatal()) {
      fail(code, TrackerRates.describe(code, limits), null);
    } else {
      metrics.error(code);
    }
  }

  @Override
  public void send(FrameType type, byte[] frame) {
    if (type == FrameType.WELCOME) {
      welcomedSession = helloSession;
    }
    super.send(type, frame);
  }

  /** Called by the gateway's sweep: this socket's row of refusals, at most once a minute. */
  void auditRefusals(long nowMillis) {
    audit(refusals.takeIfDue(nowMillis), nowMillis);
  }

  private void audit(Map<ErrorCode, Integer> counts, long nowMillis) {
    if (!counts.isEmpty()) {
      guard.audit.socket(welcomedSession, projectId, address, counts, nowMillis);
    }
  }

  @Override
  protected void onClosed() {
    long now = System.currentTimeMillis();
    audit(refusals.takeAll(now), now);
    if (holdsAddress) {
      guard.caps.closedFrom(address);
    }
    if (holdsProject) {
      guard.caps.closedFor(projectId);
    }
    if (shard != null) {
      shard.trackerClosed(this);
    }
  }
}
