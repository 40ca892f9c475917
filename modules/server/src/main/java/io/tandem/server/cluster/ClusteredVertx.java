package io.tandem.server.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.util.UUID;

/** Starts a Vert.x instance that is a member of the Hazelcast cluster the settings describe. */
public final class ClusteredVertx {
  /** The Hazelcast member attribute carrying the Tandem node id, so a leaving member can be named. */
  static final String NODE_ATTRIBUTE = "tandem.node";
  /**
   * The member attribute naming this run of the node, new at each start. Claims name it, not the
   * member's UUID: Hazelcast gives a member that merges back after a split a new UUID, and the
   * orphan sweep would take the claims of its rooms, still live, for claims of a member that left.
   */
  static final String RUN_ATTRIBUTE = "tandem.run";

  private ClusteredVertx() {}

  /** The run of the node a member is, see {@link #RUN_ATTRIBUTE}; its UUID if it has none (a member of an older version, mid-upgrade). */
  static String run(com.hazelcast.cluster.Member member) {
    String run = member.getAttribute(RUN_ATTRIBUTE);
    return run != null ? run : member.getUuid().toString();
  }

  /** A clustered Vert.x and the Hazelcast instance under it, which holds the room directory. */
  public record Member(Vertx vertx, HazelcastInstance hazelcast) {}

  /** Blocks while reading the Hazelcast file: call it before any event loop runs. */
  public static Future<Member> start(VertxBuilder builder, VertxOptions options, ClusterSettings settings, String nodeId) {
    CallbackThreads.install();
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(settings, nodeId));
    options.setEventBusOptions(eventBus(settings));
    return builder.with(options).withClusterManager(manager).buildClustered().map(vertx -> new Member(vertx, manager.getHazelcastInstance()));
  }

  private static EventBusOptions eventBus(ClusterSettings settings) {
    EventBusOptions eventBus = new EventBusOptions().setPort(settings.eventBusPort());
    return settings.eventBusPublicPort() < 0 ? eventBus : eventBus.setClusterPublicPort(settings.eventBusPublicPort());
  }

  static Config hazelcastConfig(ClusterSettings settings, String nodeId) {
    Config config;
    try {
      config = Config.loadFromFile(new File(settings.configFile()));
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException("cluster.config names no file: " + settings.configFile(), e);
    }
    // Vert.x leaves the cluster when the node stops, after draining; Hazelcast's own hook would leave first.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(settings.heartbeatIntervalSeconds()));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(settings.maxNoHeartbeatSeconds()));
    // A cluster split by a long pause heals within the reconnect grace, not Hazelcast's default 5 minutes.
    config.setProperty("hazelcast.merge.first.run.delay.seconds", String.valueOf(settings.mergeDelaySeconds()));
    config.setProperty("hazelcast.merge.next.run.delay.seconds", String.valueOf(settings.mergeDelaySeconds()));
    config.getMapConfig(HazelcastRoomDirectory.MAP).setMergePolicyConfig(new MergePolicyConfig(NewestClaimWins.class.getName(), MergePolicyConfig.DEFAULT_BATCH_SIZE));
    config.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, nodeId).setAttribute(RUN_ATTRIBUTE, UUID.randomUUID().toString());
    if (settings.port() > 0) {
      config.getNetworkConfig().setPort(settings.port()).setPortAutoIncrement(false);
    }
    if (!settings.members().isEmpty()) {
      JoinConfig join = config.getNetworkConfig().getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
    }
    return config;
  }
}
