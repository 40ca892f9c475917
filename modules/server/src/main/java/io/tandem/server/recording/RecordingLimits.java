package io.tandem.server.recording;

import io.vertx.core.json.JsonObject;

/** How much an uploaded recording may take: per chunk (one request body) and in all. */
public record RecordingLimits(int maxChunkBytes, long maxBytes) {
  public static final int DEFAULT_MAX_CHUNK_BYTES = 4 * 1024 * 1024;
  public static final long DEFAULT_MAX_BYTES = 1024L * 1024 * 1024;

  /** From the config's {@code recordings} object. */
  public static RecordingLimits from(JsonObject recordings) {
    return new RecordingLimits(recordings.getInteger("maxChunkBytes", DEFAULT_MAX_CHUNK_BYTES), recordings.getLong("maxBytes", DEFAULT_MAX_BYTES));
  }
}
