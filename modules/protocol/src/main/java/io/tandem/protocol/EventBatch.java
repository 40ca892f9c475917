package io.tandem.protocol;

/** An {@code events} frame: one batch of rrweb events of one tab, numbered by {@code seq}. */
public record EventBatch(long seq, boolean snapshot, Payload payload) {

  public static EventBatch from(Frame frame) {
    long seq = frame.requiredLong("seq");
    if (seq < 1) {
      throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "'seq' must be 1 or more, was " + seq);
    }
    return new EventBatch(seq, frame.optionalBoolean("snapshot", false), frame.requiredPayload());
  }

  public int sizeBytes() {
    return payload.length();
  }
}
