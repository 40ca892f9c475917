package io.tandem.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over real HTTP against one node with its embedded PostgreSQL. */
@ExtendWith(VertxExtension.class)
class AdminApiTest {
  @TempDir static Path dataDir;
  private static TestNode node;
  private static Http http;
  private static String admin;
  private static String agent;

  @BeforeAll
  static void start(Vertx vertx) {
    node = TestNode.start(vertx, dataDir);
    http = new Http(vertx, node.port);
    admin = http.adminToken();
    agent = http.agentToken(admin, "plain-agent", "demo");
  }

  private static HttpResponse<Buffer> call(HttpMethod method, String path, Object body) {
    return http.call(method, path, admin, body);
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String detailContains) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("content-type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("detail")).contains(detailContains);
  }

  /** Found by the REST fuzzer: both were answered 500. */
  @Test
  void aNulCharacterInAnIdAndABodyThatIsNotAnObjectAreTheClientsMistakes() {
    assertProblem(call(HttpMethod.GET, "/api/admin/projects/a%00b", null), 400, "NUL character");
    assertProblem(call(HttpMethod.PATCH, "/api/admin/projects/demo", new JsonObject().put("name", "a\u0000b")), 400, "NUL character");
    assertProblem(call(HttpMethod.POST, "/api/recordings", new io.vertx.core.json.JsonArray().add("room")), 400, "send {\"room\"");
  }

  @Test
  void everyAdminEndpointIs401WithoutATokenAnd403ForTheAgentRole() {
    JsonObject paths = new JsonObject(http.get("/api/openapi.json", null).bodyAsString()).getJsonObject("paths");
    List<String> checked = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      if (!path.startsWith("/admin/")) {
        continue;
      }
      for (String method : paths.getJsonObject(path).fieldNames()) {
        String url = "/api" + path.replace("{id}", "demo");
        HttpMethod verb = HttpMethod.valueOf(method.toUpperCase());
        Object body = Set.of("post", "put", "patch").contains(method) ? new JsonObject() : null;
        assertProblem(http.call(verb, url, null, body), 401, "Authorization: Bearer");
        assertProblem(http.call(verb, url, "not.a.token", body), 401, "forged, expired or malformed");
        assertProblem(http.call(verb, url, agent, body), 403, "'admin' role");
        checked.add(method + " " + path);
      }
    }
    assertThat(checked).hasSizeGreaterThanOrEqualTo(19);
  }

  @Test
  void projectsAreCreatedListedChangedAndTheirKeyRotated() {
    HttpResponse<Buffer> created = call(HttpMethod.POST, "/api/admin/projects", new JsonObject()
        .put("id", "shop").put("name", "Shop").put("allowedOrigins", new JsonArray().add("https://shop.example"))
        .put("privacy", new JsonObject().put("preJoinBufferSeconds", 30)));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject shop = created.bodyAsJsonObject();
    assertThat(shop.getString("key")).hasSizeGreaterThan(20);
    assertThat(shop.getJsonObject("privacy")).isEqualTo(new JsonObject().put("preJoinBufferSeconds", 30).put("maskAllInputs", true));

    assertThat(http.get("/api/admin/projects", admin).bodyAsJsonArray().stream().map(p -> ((JsonObject) p).getString("id")))
        .contains("demo", "shop");
    assertThat(http.get("/api/admin/projects/shop", admin).bodyAsJsonObject()).isEqualTo(shop);

    HttpResponse<Buffer> changed = call(HttpMethod.PATCH, "/api/admin/projects/shop", new JsonObject()
        .put("allowedOrigins", new JsonArray().add("https://shop.example").add("https://www.shop.example"))
        .put("privacy", new JsonObject().put("maskAllInputs", false)));
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.bodyAsJsonObject().getJsonArray("allowedOrigins")).hasSize(2);
    assertThat(changed.bodyAsJsonObject().getJsonObject("privacy").getInteger("preJoinBufferSeconds")).isEqualTo(30);
    assertThat(changed.bodyAsJsonObject().getJsonObject("privacy").getBoolean("maskAllInputs")).isFalse();

    HttpResponse<Buffer> rotated = call(HttpMethod.POST, "/api/admin/projects/shop/key", null);
    assertThat(rotated.statusCode()).isEqualTo(200);
    assertThat(rotated.bodyAsJsonObject().getString("key")).isNotEqualTo(shop.getString("key"));
  }

  @Test
  void projectMistakesAreAnsweredWithWhatWasWrong() {
    assertProblem(call(HttpMethod.POST, "/api/admin/projects", new JsonObject().put("id", "demo")), 409, "already exists");
    assertProblem(call(HttpMethod.POST, "/api/admin/projects", new JsonObject().put("id", "Bad Id")), 400, "'id' must be");
    assertProblem(call(HttpMethod.POST, "/api/admin/projects", new JsonObject()), 400, "'id' is required");
    assertProblem(call(HttpMethod.POST, "/api/admin/projects", Buffer.buffer("{not json")), 400, "not valid JSON");
    assertProblem(call(HttpMethod.POST, "/api/admin/projects", new JsonObject().put("id", "x1").put("origins", new JsonArray())), 400, "unknown field 'origins'");
    assertProblem(call(HttpMethod.POST, "/api/admin/projects", new JsonObject().put("id", "x2").put("allowedOrigins", new JsonArray().add("https://a.example/path"))), 400, "allowedOrigins");
    assertProblem(call(HttpMethod.PATCH, "/api/admin/projects/demo", new JsonObject().put("privacy", new JsonObject().put("preJoinBufferSeconds", 9999))), 400, "preJoinBufferSeconds");
    assertProblem(http.get("/api/admin/projects/nope", admin), 404, "project 'nope'");
    assertProblem(call(HttpMethod.PATCH, "/api/admin/projects/nope", new JsonObject().put("name", "N")), 404, "project 'nope'");
    assertProblem(call(HttpMethod.POST, "/api/admin/projects/nope/key", null), 404, "project 'nope'");
    assertProblem(http.get("/api/admin/nothing-here", admin), 404, "no endpoint");
  }

  @Test
  void agentsAreCreatedDisabledGivenRolesAndTheirPasswordReset() {
    HttpResponse<Buffer> created = call(HttpMethod.POST, "/api/admin/agents", new JsonObject()
        .put("id", "bob").put("name", "Bob").put("password", "bob-password-1").put("projects", new JsonArray().add("demo")));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getJsonArray("roles")).containsExactly("agent");
    String bobToken = http.login("bob", "bob-password-1");
    assertThat(http.get("/api/admin/agents/bob", admin).bodyAsJsonObject().getJsonArray("projects")).containsExactly("demo");

    HttpResponse<Buffer> promoted = call(HttpMethod.PATCH, "/api/admin/agents/bob", new JsonObject().put("roles", new JsonArray().add("agent").add("admin")));
    assertThat(promoted.statusCode()).isEqualTo(200);
    assertThat(http.get("/api/admin/agents", bobToken).statusCode()).as("roles apply to a token already issued").isEqualTo(200);

    assertThat(call(HttpMethod.POST, "/api/admin/agents/bob/password", new JsonObject().put("password", "bob-password-2")).statusCode()).isEqualTo(204);
    assertThat(http.call(HttpMethod.POST, "/api/auth/login", null, new JsonObject().put("username", "bob").put("password", "bob-password-1")).statusCode()).isEqualTo(401);
    http.login("bob", "bob-password-2");

    assertThat(call(HttpMethod.PATCH, "/api/admin/agents/bob", new JsonObject().put("disabled", true)).bodyAsJsonObject().getBoolean("disabled")).isTrue();
    assertProblem(http.call(HttpMethod.POST, "/api/auth/login", null, new JsonObject().put("username", "bob").put("password", "bob-password-2")), 401, "wrong username or password");
    assertProblem(http.get("/api/admin/agents", bobToken), 401, "disabled");
  }

  @Test
  void agentMistakesAreAnsweredWithWhatWasWrong() {
    assertProblem(call(HttpMethod.POST, "/api/admin/agents", new JsonObject().put("id", "demo").put("password", "long-enough-1")), 409, "already exists");
    assertProblem(call(HttpMethod.POST, "/api/admin/agents", new JsonObject().put("id", "carol").put("password", "short")), 400, "'password' must be 10 to 200 characters");
    assertProblem(call(HttpMethod.POST, "/api/admin/agents", new JsonObject().put("id", "carol").put("password", "long-enough-1").put("roles", new JsonArray().add("root"))), 400, "roles");
    assertProblem(call(HttpMethod.POST, "/api/admin/agents", new JsonObject().put("id", "carol").put("password", "long-enough-1").put("projects", new JsonArray().add("ghost"))), 400, "no such project: [ghost]");
    assertProblem(call(HttpMethod.PATCH, "/api/admin/agents/demo", new JsonObject().put("disabled", true)), 409, "cannot disable yourself");
    assertProblem(call(HttpMethod.PATCH, "/api/admin/agents/demo", new JsonObject().put("disabled", "yes")), 400, "'disabled' must be true or false");
    assertProblem(http.get("/api/admin/agents/nobody", admin), 404, "agent 'nobody'");
    assertProblem(call(HttpMethod.PATCH, "/api/admin/agents/nobody", new JsonObject().put("name", "N")), 404, "agent 'nobody'");
    assertProblem(call(HttpMethod.POST, "/api/admin/agents/nobody/password", new JsonObject().put("password", "long-enough-1")), 404, "agent 'nobody'");
    assertProblem(call(HttpMethod.POST, "/api/admin/agents/demo/password", new JsonObject()), 400, "'password' is required");
  }

  @Test
  void theAuditLogIsFilteredAndPaginatedWithANextLink() {
    http.agentToken(admin, "audited");
    for (int i = 0; i < 4; i++) {
      http.call(HttpMethod.POST, "/api/auth/login", null, new JsonObject().put("username", "audited").put("password", "wrong-" + i));
    }
    List<JsonObject> seen = new ArrayList<>();
    String next = "/api/admin/audit?agentId=audited&kind=login&limit=2";
    int pages = 0;
    while (next != null) {
      JsonObject page = http.get(next, admin).bodyAsJsonObject();
      page.getJsonArray("items").forEach(item -> seen.add((JsonObject) item));
      next = page.getString("next");
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(5).allMatch(e -> "audited".equals(e.getString("agentId")) && "login".equals(e.getString("kind")));
    assertThat(seen.stream().filter(e -> "failure".equals(e.getString("outcome")))).hasSize(4);
    List<Long> ids = seen.stream().map(e -> e.getLong("id")).toList();
    assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();

    JsonObject creation = http.get("/api/admin/audit?kind=agent.create&agentId=demo&limit=500", admin).bodyAsJsonObject();
    assertThat(creation.getJsonArray("items").stream().map(e -> ((JsonObject) e).getJsonObject("details").getString("target"))).contains("audited");
    assertThat(http.get("/api/admin/audit?agentId=audited&to=2000-01-01T00:00:00Z", admin).bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(http.get("/api/admin/audit?agentId=audited&from=2000-01-01T00:00:00Z", admin).bodyAsJsonObject().getJsonArray("items")).hasSize(5);

    assertProblem(http.get("/api/admin/audit?limit=0", admin), 400, "'limit' must be a whole number from 1 to 500");
    assertProblem(http.get("/api/admin/audit?from=yesterday", admin), 400, "ISO-8601");
    assertProblem(http.get("/api/admin/audit?user=x", admin), 400, "unknown query parameter 'user'");
  }

  @Test
  void aLiveSessionIsListedShownAndTerminated() {
    WireClient tracker = Wire.openTab(node, "session-adm01", "tab-adm01");
    WireClient watcher = Wire.openAgent(node);
    watcher.send(new JsonObject().put("t", "join").put("room", "session-adm01"));
    watcher.next("joined");

    assertThat(http.get("/api/admin/sessions", admin).bodyAsJsonArray().stream().map(s -> ((JsonObject) s).getString("room"))).contains("session-adm01");
    JsonObject session = http.get("/api/admin/sessions/session-adm01", admin).bodyAsJsonObject();
    assertThat(session.getString("projectId")).isEqualTo("demo");
    assertThat(session.getJsonArray("tabs")).hasSize(1);

    assertThat(call(HttpMethod.DELETE, "/api/admin/sessions/session-adm01", null).statusCode()).isEqualTo(204);
    assertThat(watcher.next("ended").getString("room")).isEqualTo("session-adm01");
    assertThat(tracker.awaitClose()).isEqualTo((short) 1008);
    assertProblem(http.get("/api/admin/sessions/session-adm01", admin), 404, "live session 'session-adm01'");
    assertProblem(call(HttpMethod.DELETE, "/api/admin/sessions/session-adm01", null), 404, "live session");
    JsonArray audit = http.get("/api/admin/audit?sessionId=session-adm01&kind=session.terminate", admin).bodyAsJsonObject().getJsonArray("items");
    assertThat(audit).hasSize(1);
  }

  @Test
  void loginRefreshGivesAFreshTokenAndNeedsAValidOne() {
    HttpResponse<Buffer> refreshed = http.call(HttpMethod.POST, "/api/auth/refresh", agent, null);
    assertThat(refreshed.statusCode()).isEqualTo(200);
    String fresh = refreshed.bodyAsJsonObject().getString("token");
    assertThat(refreshed.bodyAsJsonObject().getJsonObject("agent").getJsonArray("projects")).containsExactly("demo");
    assertThat(http.call(HttpMethod.POST, "/api/auth/refresh", fresh, null).statusCode()).isEqualTo(200);
    assertProblem(http.call(HttpMethod.POST, "/api/auth/refresh", null, null), 401, "Bearer");
  }

  @Test
  void joinsAreAudited() {
    Wire.openTab(node, "session-adm02", "tab-adm02");
    WireClient watcher = Wire.openAgent(node);
    watcher.send(new JsonObject().put("t", "join").put("room", "session-adm02"));
    watcher.next("joined");
    // The audit entry is written after the join is answered; wait for it with a deadline.
    long deadline = System.nanoTime() + 10_000_000_000L;
    Set<String> outcomes = new HashSet<>();
    while (outcomes.isEmpty() && System.nanoTime() < deadline) {
      http.get("/api/admin/audit?sessionId=session-adm02&kind=session.join", admin).bodyAsJsonObject().getJsonArray("items")
          .forEach(e -> outcomes.add(((JsonObject) e).getString("outcome") + " by " + ((JsonObject) e).getString("agentId")));
    }
    assertThat(outcomes).containsExactly("success by demo");
  }
}
