package io.tandem.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.admin.Http;
import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An agent sees, and may join, only sessions of the projects assigned to them; an admin sees all. */
@ExtendWith(VertxExtension.class)
class ProjectVisibilityTest {

  private static List<String> rooms(JsonObject window) {
    return window.getJsonArray("window").stream().map(s -> ((JsonObject) s).getString("room")).toList();
  }

  private static WireClient agentSocket(TestNode node, String token) {
    WireClient agent = Wire.openAgent(node, token);
    agent.send(WireClient.listFrame(100));
    return agent;
  }

  @Test
  void anAgentNeitherListsNorJoinsSessionsOfOtherProjects(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir);
    Http http = new Http(vertx, node.port);
    String admin = http.adminToken();
    String otherKey = http.call(HttpMethod.POST, "/api/admin/projects", admin,
        new JsonObject().put("id", "other").put("allowedOrigins", new JsonArray().add("self"))).bodyAsJsonObject().getString("key");
    String alice = http.agentToken(admin, "alice", "demo");
    Wire.openTab(node, "session-vis01", "tab-vis01");
    WireClient otherTab = WireClient.tracker(node);
    otherTab.send(Wire.trackerHello("session-vis02", "tab-vis02").put("projectKey", otherKey));
    otherTab.next("welcome");

    WireClient aliceSocket = agentSocket(node, alice);
    assertThat(rooms(aliceSocket.next("listChanged"))).containsExactly("session-vis01");
    WireClient adminSocket = agentSocket(node, admin);
    assertThat(rooms(adminSocket.next("listChanged"))).containsExactlyInAnyOrder("session-vis01", "session-vis02");

    aliceSocket.send(new JsonObject().put("t", "join").put("room", "session-vis02"));
    JsonObject refused = aliceSocket.next("error");
    assertThat(refused.getString("code")).isEqualTo("UNKNOWN_ROOM");
    assertThat(refused.getString("message")).isEqualTo("no live session 'session-vis02'");
    aliceSocket.send(new JsonObject().put("t", "join").put("room", "session-vis01"));
    assertThat(aliceSocket.next("joined").getJsonObject("session").getString("room")).isEqualTo("session-vis01");

    // A change of the session list reaches alice still filtered.
    Wire.openTab(node, "session-vis03", "tab-vis03");
    List<String> pushed = aliceSocket.nextSessionList(list -> list.stream().anyMatch(s -> "session-vis03".equals(s.getString("room"))), "a list with session-vis03")
        .stream().map(s -> s.getString("room")).toList();
    assertThat(pushed).containsExactlyInAnyOrder("session-vis01", "session-vis03");
    assertThat(aliceSocket.drained()).noneMatch(f -> f.encode().contains("session-vis02"));

    // Once assigned the other project, alice may join it: the account is read at each hello.
    http.call(HttpMethod.PATCH, "/api/admin/agents/alice", admin, new JsonObject().put("projects", new JsonArray().add("demo").add("other")));
    WireClient again = agentSocket(node, alice);
    again.send(new JsonObject().put("t", "join").put("room", "session-vis02"));
    again.next("joined");
  }
}
