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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation reaches open sockets on a single node: disabling an agent, resetting their password,
 * taking a project or a role away apply to the consoles already connected, not only to the next
 * use of the token.
 */
@ExtendWith(VertxExtension.class)
class RevocationTest {
  private static final Duration REACH = Duration.ofSeconds(2);
  private static final Duration AUDIT_WAIT = Duration.ofSeconds(10);
  @TempDir static Path dataDir;
  private static TestNode node;
  private static Http http;
  private static String admin;
  private static String otherKey;

  @BeforeAll
  static void start(Vertx vertx) {
    node = TestNode.start(vertx, dataDir);
    http = new Http(vertx, node.port);
    admin = http.adminToken();
    otherKey = http.call(HttpMethod.POST, "/api/admin/projects", admin,
        new JsonObject().put("id", "other").put("allowedOrigins", new JsonArray().add("self"))).bodyAsJsonObject().getString("key");
  }

  @Test
  void disablingAnAgentClosesTheirSocketAndEndsTheirGrants() {
    String bob = http.agentToken(admin, "bob", "demo");
    WireClient tab = Wire.openTab(node, "session-rev01", "tab-rev01");
    WireClient socket = Wire.openAgent(node, bob);
    joinWithControl(socket, tab, "session-rev01");

    long start = System.nanoTime();
    assertThat(patch("bob", new JsonObject().put("disabled", true))).isEqualTo(200);
    JsonObject error = socket.next("error");
    assertThat(error.getString("code")).isEqualTo("AGENT_REVOKED");
    assertThat(socket.awaitClose()).isEqualTo((short) 1008);
    assertThat(consentEnd(tab).getString("kind")).isEqualTo("control");
    assertThat(since(start)).isLessThan(REACH);
    awaitAudit("agentId=bob&kind=consent.control", "ended");

    assertThat(http.get("/api/ice-servers", bob).statusCode()).isEqualTo(401);
    assertThat(Wire.helloAnswer(node, bob)).isEqualTo("AGENT_REVOKED");
  }

  @Test
  void aPasswordResetRevokesTheTokensAlreadyIssuedOnRestAndSockets() {
    String erin = http.agentToken(admin, "erin", "demo");
    WireClient socket = Wire.openAgent(node, erin);
    assertThat(http.get("/api/ice-servers", erin).statusCode()).isEqualTo(200);

    long start = System.nanoTime();
    assertThat(http.call(HttpMethod.POST, "/api/admin/agents/erin/password", admin, new JsonObject().put("password", "a-new-password")).statusCode())
        .isEqualTo(204);
    assertThat(socket.next("error").getString("code")).isEqualTo("TOKEN_REVOKED");
    assertThat(socket.awaitClose()).isEqualTo((short) 1008);
    assertThat(since(start)).isLessThan(REACH);

    assertThat(http.get("/api/ice-servers", erin).statusCode()).isEqualTo(401);
    assertThat(http.call(HttpMethod.POST, "/api/auth/refresh", erin, null).statusCode()).isEqualTo(401);
    assertThat(Wire.helloAnswer(node, erin)).isEqualTo("TOKEN_REVOKED");
    String fresh = http.login("erin", "a-new-password");
    assertThat(http.get("/api/ice-servers", fresh).statusCode()).isEqualTo(200);
    assertThat(Wire.helloAnswer(node, fresh)).isEqualTo("welcome");
  }

  @Test
  void takingAProjectAwayLeavesItsRoomsEndsTheGrantsThereAndNarrowsTheList() {
    String carol = http.agentToken(admin, "carol", "demo", "other");
    WireClient demoTab = Wire.openTab(node, "session-rev02", "tab-rev02");
    WireClient otherTab = otherProjectTab("session-rev03", "tab-rev03");
    WireClient socket = Wire.openAgent(node, carol);
    socket.nextSessionList(list -> rooms(list).containsAll(List.of("session-rev02", "session-rev03")), "both sessions listed");
    joinWithControl(socket, otherTab, "session-rev03");
    socket.send(join("session-rev02"));
    socket.next("joined");

    long start = System.nanoTime();
    assertThat(patch("carol", new JsonObject().put("projects", new JsonArray().add("demo")))).isEqualTo(200);
    JsonObject revoked = socket.next("error");
    assertThat(revoked.getString("code")).isEqualTo("ACCESS_REVOKED");
    assertThat(revoked.getString("room")).isEqualTo("session-rev03");
    assertThat(socket.next("left").getString("room")).isEqualTo("session-rev03");
    assertThat(consentEnd(otherTab).getString("kind")).isEqualTo("control");
    assertThat(since(start)).isLessThan(REACH);
    assertThat(rooms(socket.nextSessionList(list -> !rooms(list).contains("session-rev03"), "a list without the other project's session")))
        .contains("session-rev02");
    awaitAudit("agentId=carol&kind=session.leave", "revoked");

    // the socket stays, in the room it may still see, and the other one is closed to it
    socket.send(new JsonObject().put("t", "leave").put("room", "session-rev02"));
    assertThat(socket.next("left").getString("room")).isEqualTo("session-rev02");
    socket.send(join("session-rev03"));
    assertThat(socket.next("error").getString("code")).isEqualTo("UNKNOWN_ROOM");
    assertThat(demoTab.drained()).noneMatch(f -> "consent".equals(f.getString("t")));
  }

  @Test
  void losingTheAdminRoleLeavesTheRoomsOfProjectsNotAssigned() {
    http.call(HttpMethod.POST, "/api/admin/agents", admin, new JsonObject().put("id", "dave").put("password", "password-of-dave")
        .put("roles", new JsonArray().add("agent").add("admin")).put("projects", new JsonArray().add("demo")));
    String dave = http.login("dave", "password-of-dave");
    otherProjectTab("session-rev04", "tab-rev04");
    WireClient socket = Wire.openAgent(node, dave);
    socket.send(join("session-rev04"));
    socket.next("joined");

    assertThat(patch("dave", new JsonObject().put("roles", new JsonArray().add("agent")))).isEqualTo(200);
    JsonObject revoked = socket.next("error");
    assertThat(revoked.getString("code")).isEqualTo("ACCESS_REVOKED");
    assertThat(revoked.getString("room")).isEqualTo("session-rev04");
    assertThat(socket.next("left").getString("room")).isEqualTo("session-rev04");
    assertThat(http.get("/api/admin/projects", dave).statusCode()).isEqualTo(403);
  }

  private static int patch(String agent, JsonObject change) {
    return http.call(HttpMethod.PATCH, "/api/admin/agents/" + agent, admin, change).statusCode();
  }

  private static WireClient otherProjectTab(String session, String tabId) {
    WireClient tab = WireClient.tracker(node);
    tab.send(Wire.trackerHello(session, tabId).put("projectKey", otherKey));
    tab.next("welcome");
    return tab;
  }

  /** Joins the room and is granted control by the user's tab. */
  private static void joinWithControl(WireClient socket, WireClient tab, String room) {
    socket.send(join(room));
    socket.next("joined");
    socket.send(new JsonObject().put("t", "consent").put("room", room).put("kind", "control").put("action", "request"));
    JsonObject asked = tab.next("consent");
    tab.send(new JsonObject().put("t", "consent").put("agent", asked.getString("agent")).put("kind", "control").put("action", "accept"));
    socket.next(f -> "consent".equals(f.getString("t")) && "granted".equals(f.getString("state")), "a control grant");
  }

  private static JsonObject consentEnd(WireClient tab) {
    return tab.next(f -> "consent".equals(f.getString("t")) && "end".equals(f.getString("action")), "the grant's end");
  }

  private static JsonObject join(String room) {
    return new JsonObject().put("t", "join").put("room", room);
  }

  private static List<String> rooms(List<JsonObject> list) {
    return list.stream().map(s -> s.getString("room")).toList();
  }

  /** Audit rows are written after the fact (the rooms never wait for the database): polled until there. */
  private static void awaitAudit(String query, String outcome) {
    long deadline = System.nanoTime() + AUDIT_WAIT.toNanos();
    while (true) {
      JsonArray items = http.get("/api/admin/audit?" + query, admin).bodyAsJsonObject().getJsonArray("items");
      if (items.stream().anyMatch(e -> outcome.equals(((JsonObject) e).getString("outcome")))) {
        return;
      }
      assertThat(System.nanoTime()).as("an audit row " + query + " with outcome " + outcome + "; found " + items).isLessThan(deadline);
      node.vertx.timer(50).toCompletionStage().toCompletableFuture().join();
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
