package io.tandem.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.storage.AuditLog;
import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #16: every way a room ends for an agent on one node (it leaves, its console closes, the user
 * leaves and the grace runs out, an administrator ends the session) leaves one audit row per agent
 * with the reason as its outcome, found through the admin API's filters, and is counted by reason.
 * The ways only a cluster has are in {@code cluster/RoomEndsTest}.
 */
@ExtendWith(VertxExtension.class)
class RoomExitsTest {
  private TestNode node;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    node = TestNode.start(vertx, dataDir);
  }

  @Test
  void everyWayARoomEndsForAnAgentIsAuditedWithItsReasonAndCounted() {
    WireClient agent = Wire.openAgent(node);
    Wire.openTab(node, "session-exit-left", "tab-exit-left");
    join(agent, "session-exit-left");
    agent.send(new JsonObject().put("t", "leave").put("room", "session-exit-left"));
    agent.next("left");

    Wire.openTab(node, "session-exit-closed", "tab-exit-closed");
    WireClient closing = Wire.openAgent(node);
    join(closing, "session-exit-closed");
    closing.close();

    WireClient user = Wire.openTab(node, "session-exit-user", "tab-exit-user");
    join(agent, "session-exit-user");
    user.close();
    JsonObject userLeft = agent.next("ended");
    assertThat(userLeft.getString("room")).as("ended once the tab's grace ran out").isEqualTo("session-exit-user");
    assertThat(userLeft.getString("reason")).isEqualTo("user_left");

    Wire.openTab(node, "session-exit-admin", "tab-exit-admin");
    join(agent, "session-exit-admin");
    assertThat(admin(HttpMethod.DELETE, "/api/admin/sessions/session-exit-admin").statusCode()).isEqualTo(204);
    JsonObject endedByAdmin = agent.next("ended");
    assertThat(endedByAdmin.getString("room")).isEqualTo("session-exit-admin");
    assertThat(endedByAdmin.getString("reason")).as("a console does not wait for this session to come back").isEqualTo("ended_by_admin");

    assertRow("session-exit-left", "room.left", "agent_left");
    assertRow("session-exit-closed", "room.left", "agent_closed");
    assertRow("session-exit-user", "room.ended", "user_left");
    assertRow("session-exit-admin", "room.ended", "ended_by_admin");

    JsonArray found = admin(HttpMethod.GET, "/api/admin/audit?kind=room.ended&outcome=user_left").bodyAsJsonObject().getJsonArray("items");
    assertThat(found).hasSize(1);
    JsonObject row = found.getJsonObject(0);
    assertThat(row.getString("sessionId")).isEqualTo("session-exit-user");
    assertThat(row.getString("agentId")).isEqualTo("demo");
    assertThat(row.getString("projectId")).isEqualTo("demo");
    assertThat(row.getJsonObject("details").getString("reason")).isEqualTo("user_left");

    String metrics = node.scrape();
    for (String reason : List.of("agent_left", "agent_closed", "user_left", "ended_by_admin")) {
      assertThat(TestNode.sample(metrics, "tandem_room_exits_total{reason=\"" + reason + "\"}")).as(reason).isEqualTo(1);
    }
    assertThat(TestNode.sample(metrics, "tandem_room_exits_total{reason=\"owner_lost\"}")).as("every reason exported from the start").isZero();
  }

  private static void join(WireClient agent, String room) {
    agent.send(new JsonObject().put("t", "join").put("room", room));
    agent.next(frame -> "joined".equals(frame.getString("t")) && room.equals(frame.getJsonObject("session").getString("room")), "joined " + room);
  }

  private void assertRow(String session, String kind, String reason) {
    List<AuditLog.Entry> rows = node.auditUntil(session, kind, found -> !found.isEmpty());
    assertThat(rows).as("%s rows of %s", kind, session).hasSize(1);
    assertThat(rows.get(0).outcome()).isEqualTo(reason);
    assertThat(rows.get(0).agentId()).isEqualTo("demo");
  }

  private io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> admin(HttpMethod method, String path) {
    WebClient client = WebClient.create(node.vertx);
    try {
      return TestNode.await(client.request(method, node.port, "127.0.0.1", path).bearerTokenAuthentication(Wire.login(node)).send());
    } finally {
      client.close();
    }
  }
}
