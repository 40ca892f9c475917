package io.tandem.server.routing;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The tab, seq and snapshot flag of an agent's {@code events} frame, read from the fixed start every
 * such frame has ({@code {"t":"events","room":"…","tab":"…","seq":N,"snapshot":…}},
 * ServerFrames.eventsHeader and events): a few bytes, never the page data after them. Ids are
 * {@code [A-Za-z0-9_-]}, so no escape can hide a quote.
 */
record EventPosition(String tab, long seq, boolean snapshot) {
  private static final byte[] TAB = ",\"tab\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEQ = "\",\"seq\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SNAPSHOT = ",\"snapshot\":t".getBytes(StandardCharsets.US_ASCII);
  /** The header is type, room and tab: well under this, however long the ids. */
  private static final int HEADER_SCAN_LIMIT = 256;

  static Optional<EventPosition> of(byte[] frame) {
    int limit = Math.min(frame.length, HEADER_SCAN_LIMIT);
    int tabStart = indexAfter(frame, TAB, 0, limit);
    if (tabStart < 0) {
      return Optional.empty();
    }
    int tabEnd = indexOf(frame, (byte) '"', tabStart, limit);
    if (tabEnd < 0 || indexAfter(frame, SEQ, tabEnd, tabEnd + SEQ.length) != tabEnd + SEQ.length) {
      return Optional.empty();
    }
    long seq = 0;
    int digits = 0;
    int at = tabEnd + SEQ.length;
    for (; at < frame.length && frame[at] >= '0' && frame[at] <= '9' && digits < 19; at++, digits++) {
      seq = seq * 10 + (frame[at] - '0');
    }
    boolean snapshot = indexAfter(frame, SNAPSHOT, at, at + SNAPSHOT.length) == at + SNAPSHOT.length;
    return digits == 0 ? Optional.empty()
        : Optional.of(new EventPosition(new String(frame, tabStart, tabEnd - tabStart, StandardCharsets.US_ASCII), seq, snapshot));
  }

  /** Where {@code part} ends in {@code frame} between {@code from} and {@code to}, or -1. */
  private static int indexAfter(byte[] frame, byte[] part, int from, int to) {
    for (int i = from; i + part.length <= Math.min(to, frame.length); i++) {
      int j = 0;
      while (j < part.length && frame[i + j] == part[j]) {
        j++;
      }
      if (j == part.length) {
        return i + part.length;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] frame, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (frame[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
