package io.tandem.bench.load;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** Names an error message by its kind, so counts group by cause rather than by room id. */
final class ErrorText {
  private static final int MAX_CHARS = 40;

  private ErrorText() {}

  static String kind(String text) {
    if (text.startsWith("{")) {
      try {
        JsonObject frame = new JsonObject(text);
        return frame.getString("code", frame.getString("t", "?"));
      } catch (DecodeException e) {
        return abbreviate(text);
      }
    }
    return abbreviate(text);
  }

  private static String abbreviate(String text) {
    return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS);
  }
}
