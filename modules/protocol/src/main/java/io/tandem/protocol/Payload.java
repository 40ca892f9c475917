package io.tandem.protocol;

/**
 * The {@code d} field of a frame: a JSON array of rrweb events, kept as the exact bytes the tracker
 * sent so that relaying it never decodes or re-serialises page data.
 *
 * @param count the number of events in the array, counted without decoding them
 */
public record Payload(byte[] source, int offset, int length, int count) {

  public byte[] toBytes() {
    byte[] copy = new byte[length];
    System.arraycopy(source, offset, copy, 0, length);
    return copy;
  }
}
