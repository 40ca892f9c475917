package io.tandem.server.cluster;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code cluster} section of the configuration. The Hazelcast file says how members find each
 * other; {@code port} and {@code members} (comma-separated host:port) override it when set, and the
 * heartbeat settings bound how long a dead node goes unnoticed; {@code mergeDelaySeconds} is how
 * often a cluster that split in two looks for its other half to merge ({@link NewestClaimWins});
 * {@code orphanSweepMs} is how often the oldest member looks for claims of members that left
 * ({@link OrphanSweep}); {@code forwardBacklogBytes} bounds what an owner has sent each other node
 * and not yet heard it received ({@link ForwardBacklog}); {@code eventBusPort} is where the node's
 * event bus listens (0: any free port) and {@code eventBusPublicPort} the port other nodes are told
 * to reach it on (-1: the same), for a NAT or a relay in between.
 */
public record ClusterSettings(
    boolean enabled,
    String configFile,
    int port,
    List<String> members,
    int heartbeatIntervalSeconds,
    int maxNoHeartbeatSeconds,
    int mergeDelaySeconds,
    long joinTimeoutMs,
    long sessionsRefreshMs,
    long releasedTtlSeconds,
    long unwatchedReleasedTtlSeconds,
    long drainTimeoutMs,
    long orphanSweepMs,
    long forwardBacklogBytes,
    int eventBusPort,
    int eventBusPublicPort) {
  private static final int MAX_JOIN_WAIT_DOUBLINGS = 2;

  /**
   * How long a join forwarded to a room's owner waits for its receipt: {@code joinTimeoutMs}, doubled
   * for each join to the same claim that went unanswered, up to four times it. A node slowed by a
   * failover takes a while to read the joins it is sent; sending them again every few seconds only
   * queues more work (each join again sends its history again) in front of the first one.
   */
  public long joinWaitMs(int unanswered) {
    return joinTimeoutMs << Math.min(Math.max(unanswered, 0), MAX_JOIN_WAIT_DOUBLINGS);
  }

  public static ClusterSettings from(JsonObject cluster) {
    return new ClusterSettings(
        cluster.getBoolean("enabled"),
        cluster.getString("config"),
        cluster.getInteger("port"),
        Arrays.stream(cluster.getString("members").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
        cluster.getInteger("heartbeatIntervalSeconds"),
        cluster.getInteger("maxNoHeartbeatSeconds"),
        cluster.getInteger("mergeDelaySeconds"),
        cluster.getLong("joinTimeoutMs"),
        cluster.getLong("sessionsRefreshMs"),
        cluster.getLong("releasedTtlSeconds"),
        cluster.getLong("unwatchedReleasedTtlSeconds"),
        cluster.getLong("drainTimeoutMs"),
        cluster.getLong("orphanSweepMs"),
        cluster.getLong("forwardBacklogBytes"),
        cluster.getInteger("eventBusPort"),
        cluster.getInteger("eventBusPublicPort"));
  }
}
