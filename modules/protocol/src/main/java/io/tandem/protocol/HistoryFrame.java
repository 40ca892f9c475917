package io.tandem.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a {@code history} frame ({@link ServerFrames#history}) back into the {@code events} frames
 * it carries, for the few that must look inside: an agent's node dropping batches its agent already
 * has, and test and bench clients. The frame was built by a server from payloads it had checked, so
 * one scan finds where each batch starts and ends.
 */
public final class HistoryFrame {
  static final String BATCHES_FIELD = "batches";
  private static final byte[] BATCHES = (",\"" + BATCHES_FIELD + "\":[").getBytes(StandardCharsets.US_ASCII);
  /** The header is type, room and tab: well under this, however long the ids. */
  private static final int HEADER_SCAN_LIMIT = 256;
  /** The payloads' own depth was checked on the way in; this only stops a broken frame's recursion. */
  private static final int MAX_DEPTH = 1024;

  private HistoryFrame() {}

  /** The events frames inside, in order, each a copy of its bytes. */
  public static List<byte[]> eventsFrames(byte[] frame) {
    JsonScanner scanner = new JsonScanner(frame, batchesStart(frame), frame.length, MAX_DEPTH);
    List<byte[]> frames = new ArrayList<>();
    if (scanner.peek() == ']') {
      return frames;
    }
    while (true) {
      scanner.peek();
      int from = scanner.position();
      scanner.value(2);
      frames.add(Arrays.copyOfRange(frame, from, scanner.position()));
      if (scanner.peek() == ']') {
        return frames;
      }
      scanner.expect(',', "',' or ']' between a history frame's batches");
    }
  }

  private static int batchesStart(byte[] frame) {
    int limit = Math.min(frame.length, HEADER_SCAN_LIMIT) - BATCHES.length;
    for (int i = 0; i <= limit; i++) {
      if (Arrays.equals(frame, i, i + BATCHES.length, BATCHES, 0, BATCHES.length)) {
        return i + BATCHES.length;
      }
    }
    throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "not a history frame: no '" + BATCHES_FIELD + "' array in its header");
  }
}
