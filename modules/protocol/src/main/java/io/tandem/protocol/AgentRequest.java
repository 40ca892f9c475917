package io.tandem.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A room-scoped frame from an agent that asks for, or needs, the user's consent. Validated once
 * where it arrives; {@link #header()} is the whole validated frame, so it can be handed to the node
 * that owns the room and read back with {@link #from}.
 */
public sealed interface AgentRequest permits ConsentRequest, RemoteCommand, Signal {

  String room();

  ObjectNode header();

  static AgentRequest from(Frame frame, Limits limits) {
    return switch (frame.type()) {
      case CONSENT -> ConsentRequest.from(frame);
      case CONTROL -> RemoteCommand.control(frame, limits);
      case ANNOTATE -> RemoteCommand.annotation(frame, limits);
      case SIGNAL -> Signal.fromAgent(frame, limits);
      default -> throw new ProtocolException(ErrorCode.WRONG_ENDPOINT, "'" + frame.type().wireName() + "' is not a room request");
    };
  }
}
