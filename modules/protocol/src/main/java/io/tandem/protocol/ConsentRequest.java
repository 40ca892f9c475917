package io.tandem.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An agent asks for a kind of consent ({@code request}) or gives up its own ({@code end}). */
public record ConsentRequest(String room, ConsentKind kind, boolean end, ObjectNode header) implements AgentRequest {

  static ConsentRequest from(Frame frame) {
    String room = TrackerHello.id(frame, "room");
    ConsentKind kind = ConsentKind.read(frame);
    String action = frame.requiredText("action");
    if (!action.equals("request") && !action.equals("end")) {
      throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "'action' of an agent's 'consent' must be 'request' or 'end'");
    }
    return new ConsentRequest(room, kind, action.equals("end"), frame.header());
  }
}
