package io.tandem.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * WebRTC signalling between call participants. The server checks only who may talk to whom and
 * how much; {@code data} (an SDP, a candidate, a mute state) is relayed as it came.
 *
 * @param room the session, for an agent's signal; null for a tracker's
 * @param to {@link #USER} or an agent id
 */
public record Signal(String room, String to, ObjectNode data, ObjectNode header) implements AgentRequest, TrackerRequest {
  public static final String USER = "user";
  private static final int MAX_TO_LENGTH = 128;

  static Signal fromAgent(Frame frame, Limits limits) {
    return read(frame, TrackerHello.id(frame, "room"), limits);
  }

  static Signal fromTracker(Frame frame, Limits limits) {
    return read(frame, null, limits);
  }

  private static Signal read(Frame frame, String room, Limits limits) {
    String to = frame.requiredText("to");
    if (to.isEmpty() || to.length() > MAX_TO_LENGTH) {
      throw new ProtocolException(ErrorCode.INVALID_ID, "'to' must be 'user' or an agent id of 1 to " + MAX_TO_LENGTH + " characters");
    }
    ObjectNode data = frame.requiredObject("data");
    int size = data.toString().getBytes(StandardCharsets.UTF_8).length;
    if (size > limits.maxSignalBytes()) {
      throw new ProtocolException(ErrorCode.SIGNAL_TOO_LARGE,
          "signal data of " + size + " bytes is over the limit of " + limits.maxSignalBytes() + " bytes");
    }
    return new Signal(room, to, data, frame.header());
  }
}
