package io.tandem.bench.chaos;

import io.tandem.bench.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The run's cluster: one PostgreSQL and {@code size} nodes from the server jar, clustered through
 * {@code cluster-config/hazelcast-local.xml} on loopback ports, all started at once (as a Deployment
 * starts its replicas) with one pair of signing keys, so an agent's token is good on every node.
 * Failure detection is short, as in the cluster tests: a dead node is noticed in about 3 s.
 */
final class ChaosCluster implements AutoCloseable {
  static final String AGENT_PASSWORD = "chaos-password";
  /** Three JVMs starting at once on a loaded 2-core machine (load average 40 to 60) took over 3 minutes. */
  private static final Duration READY = Duration.ofSeconds(480);
  private static final long ROOM_BUFFER_BYTES = 2L * 1024 * 1024;
  private static final long NODE_BUFFER_BYTES = 384L * 1024 * 1024;

  final SharedPostgres postgres;
  final List<ChaosNode> nodes = new ArrayList<>();

  private ChaosCluster(SharedPostgres postgres) {
    this.postgres = postgres;
  }

  static ChaosCluster start(ChaosPlan plan, Path dir) {
    ChaosCluster cluster = new ChaosCluster(SharedPostgres.start(dir.resolve("postgres"), LoopbackPorts.unused()));
    try {
      KeyPair keys = keys();
      List<Integer> hazelcastPorts = IntStream.range(0, plan.nodes()).mapToObj(i -> LoopbackPorts.unused()).toList();
      String members = String.join(",", hazelcastPorts.stream().map(p -> "127.0.0.1:" + p).toList());
      Path jar = Path.of(plan.serverJar()).toAbsolutePath();
      Path hazelcast = Path.of("cluster-config/hazelcast-local.xml").toAbsolutePath();
      if (!Files.isRegularFile(hazelcast)) {
        throw new IllegalStateException("run from the repository's root: no " + hazelcast);
      }
      for (int i = 0; i < plan.nodes(); i++) {
        String id = "chaos-" + (i + 1);
        int port = LoopbackPorts.unused();
        Map<String, String> env = new HashMap<>();
        env.put("TANDEM_HTTP_HOST", "127.0.0.1");
        env.put("TANDEM_HTTP_PORT", Integer.toString(port));
        env.put("TANDEM_METRICS_PORT", Integer.toString(LoopbackPorts.unused()));
        env.put("TANDEM_DEMO", "true");
        env.put("TANDEM_NODE_ID", id);
        env.put("TANDEM_DATA_DIR", dir.resolve(id).toString());
        env.put("TANDEM_HEARTBEAT_MS", "5000");
        env.put("TANDEM_AUTH_DEMO_AGENT_PASSWORD", AGENT_PASSWORD);
        env.put("TANDEM_AUTH_PRIVATE_KEY_PEM", pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        env.put("TANDEM_AUTH_PUBLIC_KEY_PEM", pem("PUBLIC KEY", keys.getPublic().getEncoded()));
        env.put("TANDEM_STORAGE_HOST", "127.0.0.1");
        env.put("TANDEM_STORAGE_PORT", Integer.toString(cluster.postgres.port()));
        env.put("TANDEM_STORAGE_DATABASE", "postgres");
        env.put("TANDEM_STORAGE_USER", "postgres");
        env.put("TANDEM_STUN_ENABLED", "false");
        env.put("TANDEM_CLUSTER_ENABLED", "true");
        env.put("TANDEM_CLUSTER_CONFIG", hazelcast.toString());
        env.put("TANDEM_CLUSTER_PORT", Integer.toString(hazelcastPorts.get(i)));
        env.put("TANDEM_CLUSTER_MEMBERS", members);
        env.put("TANDEM_CLUSTER_DRAIN_TIMEOUT_MS", "5000");
        // one demo agent watches every room, twice; every tab comes from 127.0.0.1
        env.put("TANDEM_LIMITS_MAX_ROOMS_PER_AGENT", Integer.toString(plan.rooms() * plan.agentsPerRoom() + 100));
        env.put("TANDEM_LIMITS_MAX_TRACKER_SOCKETS_PER_ADDRESS", Integer.toString(plan.rooms() * 4 + 100));
        env.put("TANDEM_LIMITS_MAX_CONSENT_FRAMES_PER_MINUTE", "600");
        // 300 rooms at 30 batches/s would fill the default 32 MiB per room for the 10-minute window:
        // 2 MiB each (a new checkpoint when it is full), and at most 384 MiB a node, as a 1 GiB heap
        // carries when one node holds every room (600 MiB of full buffers ran it out of memory)
        env.put("TANDEM_LIMITS_ROOM_BUFFER_BYTES", Long.toString(ROOM_BUFFER_BYTES));
        env.put("TANDEM_LIMITS_NODE_BUFFER_BYTES", Long.toString(NODE_BUFFER_BYTES));
        cluster.nodes.add(new ChaosNode(id, port, hazelcastPorts.get(i), jar, dir.resolve(id + ".log"), env));
      }
      cluster.nodes.forEach(ChaosNode::launch);
      for (ChaosNode node : cluster.nodes) {
        if (!node.awaitReady(READY)) {
          throw new IllegalStateException("node " + node.id + " was not ready within " + READY.toSeconds() + " s; see " + node.log());
        }
      }
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** Starts a killed node again and waits until it is ready; false if it was not within the limit. */
  boolean restart(ChaosNode node) {
    node.launch();
    return node.awaitReady(READY);
  }

  @Override
  public void close() {
    nodes.forEach(ChaosNode::destroy);
    postgres.close();
  }


  private static KeyPair keys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}
