package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.auth.SigningKeys;
import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.WireClient;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Tandem nodes in separate JVMs on loopback, clustered through {@code cluster-config/hazelcast-local.xml}
 * on free ports, sharing one embedded PostgreSQL (started here) and one pair of signing keys, so a
 * token from one node is good on every node. Failure detection is short: a dead node is noticed in
 * about three seconds.
 */
final class LoopbackCluster implements AutoCloseable {
  private static final Path HAZELCAST_CONFIG = Path.of("../../cluster-config/hazelcast-local.xml").toAbsolutePath().normalize();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final EmbeddedPostgres postgres;
  private final List<NodeProcess> nodes = new ArrayList<>();

  private LoopbackCluster(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts the database, then {@code size} nodes at once on it, as a Deployment starts its replicas. */
  static LoopbackCluster start(String name, int size, Map<String, String> settings) {
    return start(name, size, settings, number -> Map.of());
  }

  /** The same, with settings for one node only: {@code perNode} gets the node's number (from 1). */
  static LoopbackCluster start(String name, int size, Map<String, String> settings, IntFunction<Map<String, String>> perNode) {
    Path dir = Path.of("target", "cluster-nodes", name).toAbsolutePath();
    LoopbackCluster cluster = new LoopbackCluster(database(dir.resolve("postgres")));
    try {
      SigningKeys keys = SigningKeys.load(new JsonObject(), dir);
      List<Integer> hazelcastPorts = IntStream.range(0, size).mapToObj(i -> TestNode.freePort()).toList();
      String members = String.join(",", hazelcastPorts.stream().map(p -> "127.0.0.1:" + p).toList());
      for (int i = 0; i < size; i++) {
        String id = name + "-" + (i + 1);
        int port = TestNode.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("TANDEM_HTTP_HOST", "127.0.0.1");
        env.put("TANDEM_HTTP_PORT", Integer.toString(port));
        env.put("TANDEM_HTTP_INSTANCES", "1");
        env.put("TANDEM_METRICS_PORT", Integer.toString(TestNode.freePort()));
        env.put("TANDEM_DEMO", "true");
        env.put("TANDEM_NODE_ID", id);
        env.put("TANDEM_DATA_DIR", dir.resolve(id).toString());
        env.put("TANDEM_HEARTBEAT_MS", "1000");
        env.put("TANDEM_ROOMS_LIST_PUSH_MS", "50");
        env.put("TANDEM_ROOMS_EMPTY_GRACE_MS", "2000");
        env.put("TANDEM_ROOMS_RECONNECT_GRACE_MS", "30000");
        env.put("TANDEM_AUTH_DEMO_AGENT_PASSWORD", TestNode.AGENT_PASSWORD);
        env.put("TANDEM_AUTH_PRIVATE_KEY_PEM", keys.privateKeyPem());
        env.put("TANDEM_AUTH_PUBLIC_KEY_PEM", keys.publicKeyPem());
        env.put("TANDEM_STORAGE_HOST", "127.0.0.1");
        env.put("TANDEM_STORAGE_PORT", Integer.toString(cluster.postgres.getPort()));
        env.put("TANDEM_STORAGE_DATABASE", "postgres");
        env.put("TANDEM_STORAGE_USER", "postgres");
        env.put("TANDEM_STUN_ENABLED", "false");
        env.put("TANDEM_CLUSTER_ENABLED", "true");
        env.put("TANDEM_CLUSTER_CONFIG", HAZELCAST_CONFIG.toString());
        env.put("TANDEM_CLUSTER_PORT", Integer.toString(hazelcastPorts.get(i)));
        env.put("TANDEM_CLUSTER_MEMBERS", members);
        env.put("TANDEM_CLUSTER_DRAIN_TIMEOUT_MS", "5000");
        env.putAll(settings);
        env.putAll(perNode.apply(i + 1));
        cluster.nodes.add(NodeProcess.launch(id, port, env));
      }
      cluster.nodes.forEach(NodeProcess::awaitReady);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  NodeProcess node(int number) {
    return nodes.get(number - 1);
  }

  /** Starts a node that died again, as Kubernetes restarts a killed pod, and waits until it is ready. */
  NodeProcess restart(int number) {
    NodeProcess again = node(number).relaunch();
    nodes.set(number - 1, again);
    return again.awaitReady();
  }

  static WireClient tracker(NodeProcess node) {
    return WireClient.connect(node.port, "/ws/tracker", "http://127.0.0.1:" + node.port);
  }

  /** An agent logged in on {@code loginNode} and connected to {@code node}, welcomed. */
  static WireClient agent(NodeProcess node, NodeProcess loginNode) {
    WireClient agent = WireClient.connect(node.port, "/ws/agent", null);
    agent.send(new JsonObject().put("t", "hello").put("v", 1).put("token", login(loginNode)));
    agent.next("welcome");
    return agent;
  }

  static String login(NodeProcess node) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + "/api/auth/login"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", "demo").put("password", TestNode.AGENT_PASSWORD).encode()))
          .build();
      return new JsonObject(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body()).getString("token");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** One sample of the node's /metrics (on its metrics port), 0 if the series is not there yet. */
  /** Polls the node's member count until it is {@code expected}: the node noticed a death, or a merge. */
  static void awaitMembers(NodeProcess node, int expected, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (metric(node, "tandem_cluster_members") != expected) {
      assertThat(System.nanoTime()).as("node %s sees %d members within %s", node.id, expected, wait).isLessThan(deadline);
      NodeProcess.pause(Duration.ofMillis(100));
    }
  }

  static double metric(NodeProcess node, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(node.metrics());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Override
  public void close() {
    nodes.forEach(NodeProcess::destroy);
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static EmbeddedPostgres database(Path dir) {
    try {
      Files.createDirectories(dir);
      return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true)
          .setServerConfig("listen_addresses", "127.0.0.1").setPort(TestNode.freePort()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the shared PostgreSQL", e);
    }
  }
}
