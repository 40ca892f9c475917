package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.Wire;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A room's owner sends another node's agents only what that node keeps up with. The chaos run found
 * a node dead of OutOfMemoryError with 328,000 event-bus messages (645 MB) queued for a node that,
 * starved of CPU, read too slowly. Now an owner has at most {@code cluster.forwardBacklogBytes} sent
 * to a node that the node has not said it received; past it, that node's memberships are cut off and
 * join again from their last seq, so the agent's stream goes on without a gap or a duplicate.
 */
class ForwardBacklogTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int BACKLOG_BYTES = 1 << 20;
  private static final int BATCH_BYTES = 256 * 1024;
  /** 8 MiB: eight times the bound. */
  private static final int BATCHES = 32;
  private static LoopbackCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LoopbackCluster.start("backlog", 2, Map.of(
        "TANDEM_CLUSTER_FORWARD_BACKLOG_BYTES", Integer.toString(BACKLOG_BYTES),
        "TANDEM_LIMITS_MAX_EVENT_BYTES_PER_SECOND", Integer.toString(1 << 30)));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anOwnerHoldsNoMoreThanTheBoundForANodeThatStopsReadingAndItsAgentGoesOnWithoutAGap() {
    TrackerTab tab = new TrackerTab("backlog-session-1", "backlog-tab-1").connect(cluster.node(1));
    AgentStream agent = new AgentStream(LoopbackCluster.agent(cluster.node(2), cluster.node(2))).join(List.of(tab.session));
    tab.stream(1);
    agent.awaitSeq(List.of(tab.session), tab.seq, WAIT);
    grant(agent, tab, "annotate");
    grant(agent, tab, "control");

    cluster.node(2).suspend();
    double largestBacklog = 0;
    for (int i = 0; i < BATCHES; i++) {
      tab.seq++;
      tab.client.send(Wire.paddedBatch(tab.seq, BATCH_BYTES));
      largestBacklog = Math.max(largestBacklog, LoopbackCluster.metric(cluster.node(1), "tandem_cluster_forward_backlog_bytes"));
    }
    tab.client.next(frame -> "ack".equals(frame.getString("t")) && frame.getLong("seq") == tab.seq, "the ack of the last batch");
    largestBacklog = Math.max(largestBacklog, LoopbackCluster.metric(cluster.node(1), "tandem_cluster_forward_backlog_bytes"));
    double cuts = LoopbackCluster.metric(cluster.node(1), "tandem_cluster_forward_cuts_total");
    // while the membership is cut off, the user ends one grant and keeps the other
    tab.client.send(new JsonObject().put("t", "consent").put("agent", "demo").put("kind", "control").put("action", "end"));
    tab.client.next(frame -> "consent".equals(frame.getString("t")) && "control".equals(frame.getString("kind")) && "end".equals(frame.getString("action")),
        "the end of control");
    cluster.node(2).resume();

    assertThat(cuts).as("the membership of the node that stopped reading was cut").isGreaterThanOrEqualTo(1);
    assertThat(largestBacklog).as("sent to the stopped node and not received: the bound and at most one frame over it")
        .isLessThanOrEqualTo(BACKLOG_BYTES + BATCH_BYTES + 1024);
    tab.send(false);
    agent.awaitSeq(List.of(tab.session), tab.seq, WAIT);
    assertThat(agent.seqs.get(tab.session)).as("every batch once, in order, across the cut")
        .containsExactlyElementsOf(LongStream.rangeClosed(1, tab.seq).boxed().toList());
    assertThat(agent.others("ended")).isEmpty();
    assertThat(agent.others("error")).isEmpty();
    List<JsonObject> consents = agent.others("consent");
    assertThat(consents).as("the grant the user ended while the agent was cut off, told once it joined again: %s", consents)
        .anyMatch(c -> "control".equals(c.getString("kind")) && "ended".equals(c.getString("state")) && "user".equals(c.getString("by")));
    assertThat(consents).as("the grant that stood was never said to end: %s", consents)
        .noneMatch(c -> "annotate".equals(c.getString("kind")) && !"granted".equals(c.getString("state")));
  }

  /** The agent asks for {@code kind}, the user accepts, and the agent hears it granted. */
  private static void grant(AgentStream agent, TrackerTab tab, String kind) {
    agent.client.send(new JsonObject().put("t", "consent").put("room", tab.session).put("kind", kind).put("action", "request"));
    tab.client.next(frame -> "consent".equals(frame.getString("t")) && "request".equals(frame.getString("action")), "the request for " + kind);
    tab.client.send(new JsonObject().put("t", "consent").put("agent", "demo").put("kind", kind).put("action", "accept"));
    agent.client.next(frame -> "consent".equals(frame.getString("t")) && kind.equals(frame.getString("kind")) && "granted".equals(frame.getString("state")),
        kind + " granted");
  }
}
