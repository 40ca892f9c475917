package io.tandem.protocol;

/**
 * The numbers every socket is held to. Each has a configuration key under {@code limits.} with the
 * same name as the component, a default below, and an {@link ErrorCode} when it is exceeded.
 */
public record Limits(
    int maxTrackerFrameBytes,
    int maxAgentFrameBytes,
    int maxEventsPerSecond,
    int maxAgentsPerRoom,
    int maxRoomsPerAgent,
    int maxRoomsPerNode,
    int maxTabsPerRoom,
    int maxMetadataBytes,
    long helloTimeoutMs,
    long trackerSilenceMs,
    long roomBufferBytes,
    long nodeBufferBytes,
    int maxSignalBytes,
    int maxStrokePoints,
    int maxControlTextBytes,
    int maxCallParticipants,
    int maxEventBytesPerSecond,
    int maxPageFramesPerMinute,
    int maxHeartbeatsPerMinute,
    int maxConsentFramesPerMinute,
    int maxSignalFramesPerMinute,
    int maxTrackerSocketsPerProject,
    int maxTrackerSocketsPerAddress,
    int maxRefusalAuditRowsPerMinute,
    int maxSupportCodeFramesPerMinute,
    int maxListWindow,
    long maxAgentBacklogBytes) {

  public static final int DEFAULT_MAX_TRACKER_FRAME_BYTES = 8 * 1024 * 1024;
  public static final int DEFAULT_MAX_AGENT_FRAME_BYTES = 64 * 1024;
  public static final int DEFAULT_MAX_EVENTS_PER_SECOND = 2000;
  public static final int DEFAULT_MAX_AGENTS_PER_ROOM = 8;
  public static final int DEFAULT_MAX_ROOMS_PER_AGENT = 4;
  public static final int DEFAULT_MAX_ROOMS_PER_NODE = 20_000;
  public static final int DEFAULT_MAX_TABS_PER_ROOM = 16;
  public static final int DEFAULT_MAX_METADATA_BYTES = 4096;
  public static final long DEFAULT_HELLO_TIMEOUT_MS = 10_000;
  /** Above a minute, because Chrome runs timers of long-hidden tabs only once a minute. */
  public static final long DEFAULT_TRACKER_SILENCE_MS = 90_000;
  public static final long DEFAULT_ROOM_BUFFER_BYTES = 32L * 1024 * 1024;
  public static final long DEFAULT_NODE_BUFFER_BYTES = 1024L * 1024 * 1024;
  /** An SDP offer of audio, video and a few codecs stays well under this. */
  public static final int DEFAULT_MAX_SIGNAL_BYTES = 32 * 1024;
  public static final int DEFAULT_MAX_STROKE_POINTS = 2000;
  public static final int DEFAULT_MAX_CONTROL_TEXT_BYTES = 4096;
  /** A mesh: every participant sends its media to every other one, so it stays small. */
  public static final int DEFAULT_MAX_CALL_PARTICIPANTS = 4;
  /** Twice a heavy page's full snapshot per second; the tracker paces its batches to three quarters of it. */
  public static final int DEFAULT_MAX_EVENT_BYTES_PER_SECOND = 4 * 1024 * 1024;
  /** The tracker reports page changes at most once a second: 60 a minute. */
  public static final int DEFAULT_MAX_PAGE_FRAMES_PER_MINUTE = 120;
  /** Enough for a heartbeat every 500 ms; the default {@code heartbeatMs} (15 s) sends 4 a minute. */
  public static final int DEFAULT_MAX_HEARTBEATS_PER_MINUTE = 120;
  /** A consent frame is a person's click: an answer to a request, or ending a grant. */
  public static final int DEFAULT_MAX_CONSENT_FRAMES_PER_MINUTE = 60;
  /** Trickle ICE sends a frame per candidate: a four-way call and canvas streams to eight agents stay well under it. */
  public static final int DEFAULT_MAX_SIGNAL_FRAMES_PER_MINUTE = 600;
  /** Twice {@link #DEFAULT_MAX_ROOMS_PER_NODE}: a project alone can fill the node with rooms, but not with sockets. */
  public static final int DEFAULT_MAX_TRACKER_SOCKETS_PER_PROJECT = 40_000;
  /** An office or a carrier's NAT puts many users behind one address; a single client needs a handful. */
  public static final int DEFAULT_MAX_TRACKER_SOCKETS_PER_ADDRESS = 1000;
  public static final int DEFAULT_MAX_REFUSAL_AUDIT_ROWS_PER_MINUTE = 600;
  /** A support code is asked for by a person's click, and stays valid for minutes. */
  public static final int DEFAULT_MAX_SUPPORT_CODE_FRAMES_PER_MINUTE = 6;
  /** Sessions in one agent's list window: a page of a console, not the list. */
  public static final int DEFAULT_MAX_LIST_WINDOW = 100;
  /** Live frames only (a join's history is not counted): 16 s of a tab sending at maxEventBytesPerSecond. */
  public static final long DEFAULT_MAX_AGENT_BACKLOG_BYTES = 64L * 1024 * 1024;

  public static Limits defaults() {
    return new Limits(
        DEFAULT_MAX_TRACKER_FRAME_BYTES,
        DEFAULT_MAX_AGENT_FRAME_BYTES,
        DEFAULT_MAX_EVENTS_PER_SECOND,
        DEFAULT_MAX_AGENTS_PER_ROOM,
        DEFAULT_MAX_ROOMS_PER_AGENT,
        DEFAULT_MAX_ROOMS_PER_NODE,
        DEFAULT_MAX_TABS_PER_ROOM,
        DEFAULT_MAX_METADATA_BYTES,
        DEFAULT_HELLO_TIMEOUT_MS,
        DEFAULT_TRACKER_SILENCE_MS,
        DEFAULT_ROOM_BUFFER_BYTES,
        DEFAULT_NODE_BUFFER_BYTES,
        DEFAULT_MAX_SIGNAL_BYTES,
        DEFAULT_MAX_STROKE_POINTS,
        DEFAULT_MAX_CONTROL_TEXT_BYTES,
        DEFAULT_MAX_CALL_PARTICIPANTS,
        DEFAULT_MAX_EVENT_BYTES_PER_SECOND,
        DEFAULT_MAX_PAGE_FRAMES_PER_MINUTE,
        DEFAULT_MAX_HEARTBEATS_PER_MINUTE,
        DEFAULT_MAX_CONSENT_FRAMES_PER_MINUTE,
        DEFAULT_MAX_SIGNAL_FRAMES_PER_MINUTE,
        DEFAULT_MAX_TRACKER_SOCKETS_PER_PROJECT,
        DEFAULT_MAX_TRACKER_SOCKETS_PER_ADDRESS,
        DEFAULT_MAX_REFUSAL_AUDIT_ROWS_PER_MINUTE,
        DEFAULT_MAX_SUPPORT_CODE_FRAMES_PER_MINUTE,
        DEFAULT_MAX_LIST_WINDOW,
        DEFAULT_MAX_AGENT_BACKLOG_BYTES);
  }

  public int maxFrameBytes(Endpoint endpoint) {
    return endpoint == Endpoint.TRACKER ? maxTrackerFrameBytes : maxAgentFrameBytes;
  }
}
