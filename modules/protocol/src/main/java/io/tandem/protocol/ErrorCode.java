package io.tandem.protocol;

/**
 * Every error the server reports on a socket. A fatal error is followed by closing the socket with
 * {@link #closeCode()}; the table in docs/protocol.md lists the same codes.
 */
public enum ErrorCode {
  FRAME_TOO_LARGE(true, CloseCodes.TOO_BIG),
  BINARY_NOT_SUPPORTED(true, CloseCodes.UNSUPPORTED_DATA),
  MALFORMED_FRAME(true, CloseCodes.POLICY),
  MISSING_FIELD(true, CloseCodes.POLICY),
  UNKNOWN_TYPE(true, CloseCodes.POLICY),
  WRONG_ENDPOINT(true, CloseCodes.POLICY),
  HELLO_REQUIRED(true, CloseCodes.POLICY),
  DUPLICATE_HELLO(true, CloseCodes.POLICY),
  // a hello that came late is a slow link or a starved page or node, not a misconfiguration: try again soon
  HELLO_TIMEOUT(true, CloseCodes.TRY_AGAIN_LATER),
  UNSUPPORTED_VERSION(true, CloseCodes.POLICY),
  INVALID_ID(true, CloseCodes.POLICY),
  UNAUTHORIZED(true, CloseCodes.POLICY),
  UNKNOWN_PROJECT(true, CloseCodes.POLICY),
  SESSION_PROOF_FAILED(true, CloseCodes.POLICY),
  ORIGIN_NOT_ALLOWED(true, CloseCodes.POLICY),
  METADATA_TOO_LARGE(true, CloseCodes.POLICY),
  TOO_MANY_TABS(true, CloseCodes.POLICY),
  RATE_LIMITED(true, CloseCodes.POLICY),
  EVENT_BYTES_RATE_LIMITED(true, CloseCodes.POLICY),
  NODE_FULL(true, CloseCodes.TRY_AGAIN_LATER),
  PROJECT_FULL(true, CloseCodes.TRY_AGAIN_LATER),
  ADDRESS_FULL(true, CloseCodes.TRY_AGAIN_LATER),
  ACCOUNT_CHECK_FAILED(true, CloseCodes.TRY_AGAIN_LATER),
  AGENT_TOO_SLOW(true, CloseCodes.TRY_AGAIN_LATER),
  TAB_REPLACED(true, CloseCodes.GOING_AWAY),
  NODE_DRAINING(true, CloseCodes.SERVICE_RESTART),
  ROOM_MOVED(true, CloseCodes.SERVICE_RESTART),
  // An open agent socket that no longer stands: the account was disabled, the password reset, the token ran out.
  AGENT_REVOKED(true, CloseCodes.POLICY),
  TOKEN_REVOKED(true, CloseCodes.POLICY),
  TOKEN_EXPIRED(true, CloseCodes.POLICY),
  ROOM_FULL(false, 0),
  TOO_MANY_ROOMS(false, 0),
  UNKNOWN_ROOM(false, 0),
  NOT_JOINED(false, 0),
  CONSENT_REQUIRED(false, 0),
  CONSENT_PENDING(false, 0),
  NO_CONSENT_REQUEST(false, 0),
  TAB_NOT_CONNECTED(false, 0),
  CALL_FULL(false, 0),
  SIGNAL_TOO_LARGE(false, 0),
  STROKE_TOO_LARGE(false, 0),
  CONTROL_TEXT_TOO_LARGE(false, 0),
  // a tracker's frame over its type's rate: dropped, and told once a minute (see TrackerRates)
  PAGE_RATE_LIMITED(false, 0),
  HEARTBEAT_RATE_LIMITED(false, 0),
  CONSENT_RATE_LIMITED(false, 0),
  SIGNAL_RATE_LIMITED(false, 0),
  SUPPORT_CODE_RATE_LIMITED(false, 0),
  // Support codes: none could be issued now (tracker); a code that is wrong, expired or not the agent's to use,
  // and too many of those from one agent (agent). See docs/protocol.md, "Support codes".
  SUPPORT_CODE_UNAVAILABLE(false, 0),
  SUPPORT_CODE_INVALID(false, 0),
  SUPPORT_CODE_THROTTLED(false, 0),
  // A `list` frame refused: a field of the wrong kind, or a window over limits.maxListWindow. The current window stays.
  LIST_INVALID(false, 0),
  LIST_WINDOW_TOO_LARGE(false, 0),
  // The agent's roles or projects changed and no longer show this room: it is left (a `left` frame follows).
  ACCESS_REVOKED(false, 0),
  // REST only (recording uploads): a chunk or a whole recording over recordings.maxChunkBytes / maxBytes,
  // and more uploads in progress on the node than recordings.maxConcurrentUploads (503, Retry-After)
  RECORDING_TOO_LARGE(false, 0),
  RECORDING_UPLOADS_BUSY(false, 0);

  private final boolean fatal;
  private final short closeCode;

  ErrorCode(boolean fatal, int closeCode) {
    this.fatal = fatal;
    this.closeCode = (short) closeCode;
  }

  public boolean fatal() {
    return fatal;
  }

  /** The WebSocket close code sent after a fatal error; 0 for a non-fatal one. */
  public short closeCode() {
    return closeCode;
  }

  /** The close codes of RFC 6455 that the protocol uses. */
  public static final class CloseCodes {
    public static final int GOING_AWAY = 1001;
    public static final int UNSUPPORTED_DATA = 1003;
    public static final int POLICY = 1008;
    public static final int TOO_BIG = 1009;
    /** The node is going away or no longer serves the session: reconnect at once, another node takes over. */
    public static final int SERVICE_RESTART = 1012;
    public static final int TRY_AGAIN_LATER = 1013;

    private CloseCodes() {}
  }
}
