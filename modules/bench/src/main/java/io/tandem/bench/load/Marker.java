package io.tandem.bench.load;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bench's own rrweb custom event, first in every batch a tracker sends: the tab's event
 * counter {@code n}, whether the batch is a full snapshot {@code s}, and the send time {@code t}
 * (System.nanoTime of the generator, which also receives, so no clocks are compared). Agents find
 * it by scanning the first bytes of a message, so page data is never decoded to measure it.
 */
public record Marker(long n, boolean snapshot, long sentNanos) {
  private static final byte[] PREFIX = "\"tag\":\"bench\",\"payload\":{\"n\":".getBytes(StandardCharsets.US_ASCII);
  /** Each envelope puts the marker within its first few hundred bytes. */
  private static final int SCAN_LIMIT = 1024;

  public static String encode(long n, boolean snapshot, long sentNanos, long timestampMillis) {
    return "{\"type\":5,\"data\":{\"tag\":\"bench\",\"payload\":{\"n\":" + n + ",\"s\":" + (snapshot ? 1 : 0) + ",\"t\":" + sentNanos
        + "}},\"timestamp\":" + timestampMillis + "}";
  }

  /** The marker in this message's first bytes, or null if it carries none. */
  public static Marker find(Buffer head) {
    // One bulk copy of the first bytes: byte-by-byte reads through the Buffer cost the generator
    // more than the rest of its receive path at 100k messages a second.
    byte[] bytes = head.getBytes(0, Math.min(head.length(), SCAN_LIMIT));
    int last = bytes.length - PREFIX.length;
    for (int i = 0; i <= last; i++) {
      if (bytes[i] == PREFIX[0] && matchesAt(bytes, i)) {
        return parse(bytes, i + PREFIX.length);
      }
    }
    return null;
  }

  /** Every marker in a message that carries many batches (a Tandem history frame), in order. */
  public static List<Marker> findAll(Buffer message) {
    byte[] bytes = message.getBytes();
    List<Marker> markers = new ArrayList<>();
    int last = bytes.length - PREFIX.length;
    for (int i = 0; i <= last; i++) {
      if (bytes[i] == PREFIX[0] && matchesAt(bytes, i)) {
        markers.add(parse(bytes, i + PREFIX.length));
        i += PREFIX.length;
      }
    }
    return markers;
  }

  private static boolean matchesAt(byte[] bytes, int at) {
    for (int j = 1; j < PREFIX.length; j++) {
      if (bytes[at + j] != PREFIX[j]) {
        return false;
      }
    }
    return true;
  }

  private static Marker parse(byte[] bytes, int at) {
    int[] cursor = {at};
    long n = number(bytes, cursor);
    cursor[0] += ",\"s\":".length();
    long snapshot = number(bytes, cursor);
    cursor[0] += ",\"t\":".length();
    long sent = number(bytes, cursor);
    return new Marker(n, snapshot == 1, sent);
  }

  private static long number(byte[] bytes, int[] cursor) {
    long value = 0;
    int i = cursor[0];
    boolean negative = i < bytes.length && bytes[i] == '-';
    if (negative) {
      i++;
    }
    while (i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9') {
      value = value * 10 + (bytes[i] - '0');
      i++;
    }
    cursor[0] = i;
    return negative ? -value : value;
  }
}
