package io.tandem.protocol;

import java.util.Map;

/** The user's answer to an agent's request, or the user ending a grant. */
public record ConsentAnswer(String agent, ConsentKind kind, Action action) implements TrackerRequest {

  public enum Action { ACCEPT, DECLINE, END }

  private static final Map<String, Action> ACTIONS = Map.of("accept", Action.ACCEPT, "decline", Action.DECLINE, "end", Action.END);
  private static final int MAX_AGENT_ID_LENGTH = 128;

  static ConsentAnswer from(Frame frame) {
    String agent = frame.requiredText("agent");
    if (agent.isEmpty() || agent.length() > MAX_AGENT_ID_LENGTH) {
      throw new ProtocolException(ErrorCode.INVALID_ID, "'agent' must be an agent id of 1 to " + MAX_AGENT_ID_LENGTH + " characters");
    }
    ConsentKind kind = ConsentKind.read(frame);
    Action action = ACTIONS.get(frame.requiredText("action"));
    if (action == null) {
      throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "'action' of a tracker's 'consent' must be 'accept', 'decline' or 'end'");
    }
    return new ConsentAnswer(agent, kind, action);
  }
}
