package io.tandem.server.config;

import io.tandem.protocol.Limits;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** The typed view of the node's configuration; see tandem-defaults.json for every key. */
public record TandemConfig(
    String httpHost,
    int httpPort,
    int httpInstances,
    int roomShards,
    String nodeId,
    Path dataDir,
    long heartbeatMs,
    long replyTimeoutMs,
    RoomTimings rooms,
    Limits limits,
    JsonObject auth,
    JsonObject raw) {

  /** More room contexts than this would only add hops: a node has far fewer cores. */
  public static final int MAX_ROOM_SHARDS = 1024;

  /** How long rooms wait (for a tab, for the user's answer), and how often the session list is pushed. */
  public record RoomTimings(long reconnectGraceMs, long emptyGraceMs, long listPushMs, long timeTravelWindowMs, long consentRequestTimeoutMs) {}

  public static TandemConfig from(JsonObject json) {
    JsonObject http = json.getJsonObject("http");
    int instances = http.getInteger("instances");
    JsonObject rooms = json.getJsonObject("rooms");
    int shards = rooms.getInteger("shards");
    if (shards < 0 || shards > MAX_ROOM_SHARDS) {
      throw new IllegalArgumentException("rooms.shards is " + shards + ": give 0 (one shard per core) or 1 to " + MAX_ROOM_SHARDS);
    }
    return new TandemConfig(
        http.getString("host"),
        http.getInteger("port"),
        instances > 0 ? instances : Runtime.getRuntime().availableProcessors(),
        shards > 0 ? shards : Runtime.getRuntime().availableProcessors(),
        json.getJsonObject("node").getString("id"),
        Path.of(json.getString("dataDir")),
        json.getLong("heartbeatMs"),
        json.getLong("replyTimeoutMs"),
        new RoomTimings(rooms.getLong("reconnectGraceMs"), rooms.getLong("emptyGraceMs"), rooms.getLong("listPushMs"), rooms.getLong("timeTravelWindowMs"),
            rooms.getLong("consentRequestTimeoutMs")),
        limits(json.getJsonObject("limits")),
        json.getJsonObject("auth"),
        json);
  }

  private static Limits limits(JsonObject limits) {
    return new Limits(
        limits.getInteger("maxTrackerFrameBytes"),
        limits.getInteger("maxAgentFrameBytes"),
        limits.getInteger("maxEventsPerSecond"),
        limits.getInteger("maxAgentsPerRoom"),
        limits.getInteger("maxRoomsPerAgent"),
        limits.getInteger("maxRoomsPerNode"),
        limits.getInteger("maxTabsPerRoom"),
        limits.getInteger("maxMetadataBytes"),
        limits.getLong("helloTimeoutMs"),
        limits.getLong("trackerSilenceMs"),
        limits.getLong("roomBufferBytes"),
        limits.getLong("nodeBufferBytes"),
        limits.getInteger("maxSignalBytes"),
        limits.getInteger("maxStrokePoints"),
        limits.getInteger("maxControlTextBytes"),
        limits.getInteger("maxCallParticipants"),
        limits.getInteger("maxEventBytesPerSecond"),
        limits.getInteger("maxPageFramesPerMinute"),
        limits.getInteger("maxHeartbeatsPerMinute"),
        limits.getInteger("maxConsentFramesPerMinute"),
        limits.getInteger("maxSignalFramesPerMinute"),
        limits.getInteger("maxTrackerSocketsPerProject"),
        limits.getInteger("maxTrackerSocketsPerAddress"),
        limits.getInteger("maxRefusalAuditRowsPerMinute"),
        limits.getInteger("maxSupportCodeFramesPerMinute"),
        limits.getInteger("maxListWindow"),
        limits.getLong("maxAgentBacklogBytes"));
  }
}
