package io.tandem.protocol;

/** A frame from a tracker that answers or uses an agent's request: a consent answer or a signal. */
public sealed interface TrackerRequest permits ConsentAnswer, Signal {

  static TrackerRequest from(Frame frame, Limits limits) {
    return switch (frame.type()) {
      case CONSENT -> ConsentAnswer.from(frame);
      case SIGNAL -> Signal.fromTracker(frame, limits);
      default -> throw new ProtocolException(ErrorCode.WRONG_ENDPOINT, "'" + frame.type().wireName() + "' is not a tracker request");
    };
  }
}
