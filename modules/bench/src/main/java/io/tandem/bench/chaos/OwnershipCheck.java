package io.tandem.bench.chaos;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the room ownership map ({@code tandem.rooms}: sessionId → {nodeId, epoch, …}) of the
 * cluster one member belongs to, as a Hazelcast client, and prints one JSON line: the members (their
 * node ids), the live entries, the released ones, and the live entries whose owner is not a member
 * (an owner that is gone). Run by {@link Verdict} in a JVM of its own with the server jar on the
 * class path, which holds Hazelcast and the entries' classes.
 *
 * <pre>java -cp tandem-server.jar:tandem-bench.jar io.tandem.bench.chaos.OwnershipCheck &lt;hazelcast port&gt;</pre>
 */
public final class OwnershipCheck {
  private static final String MAP = "tandem.rooms";
  private static final String NODE_ATTRIBUTE = "tandem.node";
  private static final int EXAMPLES = 5;

  private OwnershipCheck() {}

  public static void main(String[] args) throws ReflectiveOperationException {
    ClientConfig config = new ClientConfig().setClusterName("tandem").setProperty("hazelcast.phone.home.enabled", "false");
    config.getNetworkConfig().addAddress("127.0.0.1:" + args[0]).setSmartRouting(false);
    config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(15_000);
    HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
    try {
      Set<String> members = client.getCluster().getMembers().stream().map(m -> m.getAttribute(NODE_ATTRIBUTE)).collect(Collectors.toSet());
      long live = 0;
      long released = 0;
      List<String> ownerGone = new ArrayList<>();
      for (Map.Entry<Object, Object> entry : client.getMap(MAP).entrySet()) {
        String node = nodeId(entry.getValue());
        if (node.isEmpty()) {
          released++;
        } else {
          live++;
          if (!members.contains(node)) {
            ownerGone.add(entry.getKey() + "@" + node);
          }
        }
      }
      System.out.println("{\"members\":" + quoted(members) + ",\"liveEntries\":" + live + ",\"releasedEntries\":" + released
          + ",\"ownerGone\":" + ownerGone.size() + ",\"ownerGoneExamples\":" + quoted(ownerGone.stream().limit(EXAMPLES).toList()) + "}");
    } finally {
      client.shutdown();
    }
    // the client's pools must not keep the JVM (and the run reading its output) waiting
    System.exit(0);
  }

  /** The entry's owner (empty once released); read by name, so the bench does not compile against the server. */
  private static String nodeId(Object ownership) throws ReflectiveOperationException {
    try {
      return (String) ownership.getClass().getMethod("nodeId").invoke(ownership);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot read an ownership entry", e);
    }
  }

  private static String quoted(java.util.Collection<String> values) {
    return values.stream().map(v -> "\"" + v.replace("\"", "'") + "\"").collect(Collectors.joining(",", "[", "]"));
  }
}
