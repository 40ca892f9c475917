package io.tandem.server.support;

import io.vertx.core.json.JsonObject;

/** {@code supportCodes.*}: how long a code lives, and how many wrong codes an agent may type in a window. */
public record SupportCodeSettings(long ttlMs, int maxFailures, long failureWindowMs) {

  public static SupportCodeSettings from(JsonObject json) {
    return new SupportCodeSettings(json.getLong("ttlMs"), json.getInteger("maxFailures"), json.getLong("failureWindowMs"));
  }
}
