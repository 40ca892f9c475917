package io.tandem.bench.fuzz;

import io.vertx.core.buffer.Buffer;

/** One thing the fuzzer puts on a socket: a text or binary message, or the first fragment of a text message it never finishes. */
record Shot(Kind kind, String mutation, String text, Buffer bytes) {
  enum Kind { TEXT, BINARY, STALLED_FRAGMENT }

  static Shot text(String mutation, String text) {
    return new Shot(Kind.TEXT, mutation, text, null);
  }

  static Shot binary(String mutation, Buffer bytes) {
    return new Shot(Kind.BINARY, mutation, null, bytes);
  }

  static Shot stalled(String mutation, String firstPart) {
    return new Shot(Kind.STALLED_FRAGMENT, mutation, firstPart, null);
  }
}
