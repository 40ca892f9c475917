package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.Wire;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A grant lives on the room's owner and dies with it. The agent watches from another node, which
 * survives: it must be told its grant ended (as the chaos run found, it went on believing it could
 * annotate while the room's new owner refused it), and what it is told must agree with what the new
 * owner enforces.
 */
class GrantsEndWithTheirOwnerTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static LoopbackCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LoopbackCluster.start("grants", 2, Map.of());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anAgentOnASurvivingNodeIsToldItsGrantEndedWithTheOwner() {
    TrackerTab tab = new TrackerTab("grants-session-1", "grants-tab-1").connect(cluster.node(1));
    AgentStream agent = new AgentStream(LoopbackCluster.agent(cluster.node(2), cluster.node(2))).join(List.of(tab.session));
    tab.stream(1);
    agent.awaitSeq(List.of(tab.session), tab.seq, WAIT);
    agent.client.send(new JsonObject().put("t", "consent").put("room", tab.session).put("kind", "annotate").put("action", "request"));
    assertThat(tab.next("consent").getString("action")).isEqualTo("request");
    tab.client.send(new JsonObject().put("t", "consent").put("agent", "demo").put("kind", "annotate").put("action", "accept"));
    assertThat(nextConsent(agent).getString("state")).isEqualTo("requested");
    assertThat(nextConsent(agent).getString("state")).isEqualTo("granted");

    cluster.node(1).kill();
    JsonObject ended = nextConsent(agent);
    assertThat(ended.getString("state")).as("told before the tab is back: %s", ended.encode()).isEqualTo("ended");
    assertThat(ended.getString("by")).isEqualTo("server");
    assertThat(ended.getString("kind")).isEqualTo("annotate");
    assertThat(ended.getString("room")).isEqualTo(tab.session);

    tab.client.awaitClose();
    tab.connect(cluster.node(2));
    tab.stream(1);
    agent.awaitSeq(List.of(tab.session), tab.seq, WAIT);
    agent.client.send(Wire.stroke(tab.session, tab.tab));
    JsonObject refused = agent.client.next("error");
    assertThat(refused.getString("code")).as("the new owner agrees: no grant").isEqualTo("CONSENT_REQUIRED");
    assertThat(agent.others("ended")).isEmpty();
  }

  private static JsonObject nextConsent(AgentStream agent) {
    return agent.client.next("consent");
  }
}
