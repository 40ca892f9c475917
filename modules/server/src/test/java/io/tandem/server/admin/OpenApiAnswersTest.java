package io.tandem.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.storage.RecordingStore.Recording;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * openapi.json is the admin API's contract both ways: every answer of every admin operation, in
 * every status the document lists for it, is checked against the document's schema
 * ({@link DocumentedAnswers}, which every API test's {@link Http} uses), and every request body
 * refuses a field the document does not declare, so no handler can read one.
 */
@ExtendWith(VertxExtension.class)
class OpenApiAnswersTest {
  /** A body each admin operation with one accepts, as far as the document goes. */
  private static final Map<String, JsonObject> VALID_BODIES = Map.of(
      "createProject", new JsonObject().put("id", "undeclared-1"),
      "updateProject", new JsonObject().put("name", "Demo"),
      "setProjectRetention", new JsonObject().putNull("auditDays"),
      "createAgent", new JsonObject().put("id", "undeclared-1").put("password", "long-enough-1"),
      "updateAgent", new JsonObject().put("name", "Demo"),
      "resetAgentPassword", new JsonObject().put("password", "long-enough-1"),
      "setRetention", new JsonObject().put("retentionDays", 0));

  @TempDir static Path dataDir;
  private static ApiNode node;
  private static Http http;
  private static String admin;
  private static String agent;

  @BeforeAll
  static void start(Vertx vertx) {
    node = ApiNode.start(vertx, dataDir);
    http = node.http;
    admin = http.adminToken();
    agent = http.agentToken(admin, "tour-plain", "demo");
  }

  /** Every admin request's account check answers this when the database does not: one code path for all. */
  private static final String UNAVAILABLE = "503";

  @Test
  void everyStatusOfEveryAdminOperationIsAnsweredAsTheDocumentSays() {
    everyOperationRefusesStrangers();
    projects();
    projectRetention();
    agents();
    sessions();
    auditAndUsers();
    recordings();

    Set<String> documented = new TreeSet<>();
    adminOperations().forEach((operationId, operation) -> {
      Set<String> statuses = operation.getJsonObject("responses").fieldNames();
      assertThat(statuses).as(operationId + " passes the account check, which answers 503 without its database").contains(UNAVAILABLE);
      // ReadinessTest stops a node's database and checks that answer against the document
      statuses.stream().filter(status -> !UNAVAILABLE.equals(status)).forEach(status -> documented.add(operationId + " " + status));
    });
    assertThat(documented).hasSizeGreaterThan(100);
    assertThat(DocumentedAnswers.checked()).as("answers checked against openapi.json").containsAll(documented);
  }

  @Test
  void everyRequestBodyRefusesAFieldTheDocumentDoesNotDeclare() {
    Map<String, JsonObject> withBodies = new TreeMap<>();
    adminOperations().forEach((operationId, operation) -> {
      if (operation.containsKey("requestBody")) {
        withBodies.put(operationId, operation);
      }
    });
    assertThat(withBodies.keySet()).as("operations with a body, each with a valid one here").containsExactlyInAnyOrderElementsOf(VALID_BODIES.keySet());
    DocumentSchemas schemas = new DocumentSchemas(DocumentedAnswers.document());
    for (String operationId : withBodies.keySet()) {
      closed(schemas, schemas.body(operationId), operationId);
      String[] target = target(operationId);
      HttpResponse<Buffer> refused = http.call(HttpMethod.valueOf(target[0]), target[1], admin, VALID_BODIES.get(operationId).copy().put("nickname", "x"));
      assertThat(refused.statusCode()).as(operationId + ": " + refused.bodyAsString()).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("field")).isEqualTo("nickname");
      assertThat(refused.bodyAsJsonObject().getString("detail")).startsWith("unknown field 'nickname'; expected some of [");
    }
  }

  /** The schema and every object inside it say additionalProperties: false. */
  private static void closed(DocumentSchemas schemas, JsonObject schema, String where) {
    JsonObject resolved = schemas.resolve(schema);
    if ("object".equals(resolved.getString("type"))) {
      assertThat(resolved.getValue("additionalProperties")).as(where + " must set additionalProperties: false").isEqualTo(false);
      resolved.getJsonObject("properties", new JsonObject()).forEach(p -> closed(schemas, (JsonObject) p.getValue(), where + "." + p.getKey()));
    }
    if ("array".equals(resolved.getString("type"))) {
      closed(schemas, resolved.getJsonObject("items", new JsonObject()), where + "[]");
    }
  }

  private static Map<String, JsonObject> adminOperations() {
    Map<String, JsonObject> operations = new TreeMap<>();
    JsonObject paths = DocumentedAnswers.document().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      if (path.startsWith("/admin/")) {
        paths.getJsonObject(path).forEach(entry -> {
          JsonObject operation = ((JsonObject) entry.getValue()).copy().put("x-method", entry.getKey().toUpperCase()).put("x-path", path);
          operations.put(operation.getString("operationId"), operation);
        });
      }
    }
    return operations;
  }

  /** Method and URL of an operation, on the demo project and the demo agent. */
  private static String[] target(String operationId) {
    JsonObject operation = adminOperations().get(operationId);
    return new String[] {operation.getString("x-method"), "/api" + operation.getString("x-path").replace("{id}", "demo").replace("{userId}", "someone")};
  }

  private static void everyOperationRefusesStrangers() {
    for (String operationId : adminOperations().keySet()) {
      String[] target = target(operationId);
      HttpMethod method = HttpMethod.valueOf(target[0]);
      Object body = VALID_BODIES.get(operationId);
      assertThat(http.call(method, target[1], null, body).statusCode()).as(operationId).isEqualTo(401);
      assertThat(http.call(method, target[1], agent, body).statusCode()).as(operationId).isEqualTo(403);
      if (body != null) {
        Buffer tooLarge = Buffer.buffer(new JsonObject().put("name", "x".repeat(70_000)).encode());
        assertThat(http.call(method, target[1], admin, tooLarge).statusCode()).as(operationId).isEqualTo(413);
      }
    }
  }

  private static void expect(int status, HttpMethod method, String path, Object body) {
    HttpResponse<Buffer> answer = http.call(method, path, admin, body);
    assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.bodyAsString()).isEqualTo(status);
  }

  private static void projects() {
    expect(201, HttpMethod.POST, "/api/admin/projects", new JsonObject().put("id", "tour").put("allowedOrigins", new JsonArray().add("self")));
    expect(409, HttpMethod.POST, "/api/admin/projects", new JsonObject().put("id", "tour"));
    expect(400, HttpMethod.POST, "/api/admin/projects", new JsonObject().put("id", "Not An Id"));
    expect(200, HttpMethod.GET, "/api/admin/projects", null);
    expect(200, HttpMethod.GET, "/api/admin/projects/tour", null);
    expect(404, HttpMethod.GET, "/api/admin/projects/nope", null);
    expect(400, HttpMethod.GET, "/api/admin/projects/a%00b", null);
    expect(200, HttpMethod.PATCH, "/api/admin/projects/tour", new JsonObject().put("privacy", new JsonObject().put("maskAllInputs", true)));
    expect(400, HttpMethod.PATCH, "/api/admin/projects/tour", new JsonObject().put("name", " "));
    expect(404, HttpMethod.PATCH, "/api/admin/projects/nope", new JsonObject().put("name", "Nope"));
    expect(200, HttpMethod.POST, "/api/admin/projects/tour/key", null);
    expect(404, HttpMethod.POST, "/api/admin/projects/nope/key", null);
    expect(400, HttpMethod.POST, "/api/admin/projects/a%00b/key", null);
  }

  private static void projectRetention() {
    expect(200, HttpMethod.GET, "/api/admin/projects/tour/retention", null);
    expect(404, HttpMethod.GET, "/api/admin/projects/nope/retention", null);
    expect(400, HttpMethod.GET, "/api/admin/projects/a%00b/retention", null);
    expect(200, HttpMethod.PUT, "/api/admin/projects/tour/retention", new JsonObject().put("recordingsDays", 30).putNull("auditDays"));
    expect(400, HttpMethod.PUT, "/api/admin/projects/tour/retention", new JsonObject());
    expect(404, HttpMethod.PUT, "/api/admin/projects/nope/retention", new JsonObject().put("auditDays", 1));
    expect(200, HttpMethod.DELETE, "/api/admin/projects/tour/retention", null);
    expect(404, HttpMethod.DELETE, "/api/admin/projects/nope/retention", null);
    expect(400, HttpMethod.DELETE, "/api/admin/projects/a%00b/retention", null);
  }

  private static void agents() {
    JsonObject tourAgent = new JsonObject().put("id", "tour-agent").put("password", "tour-password-1").put("projects", new JsonArray().add("tour"));
    expect(201, HttpMethod.POST, "/api/admin/agents", tourAgent);
    expect(409, HttpMethod.POST, "/api/admin/agents", tourAgent);
    expect(400, HttpMethod.POST, "/api/admin/agents", new JsonObject().put("id", "x").put("password", "short"));
    expect(200, HttpMethod.GET, "/api/admin/agents", null);
    expect(200, HttpMethod.GET, "/api/admin/agents/tour-agent", null);
    expect(404, HttpMethod.GET, "/api/admin/agents/nope", null);
    expect(400, HttpMethod.GET, "/api/admin/agents/a%00b", null);
    expect(200, HttpMethod.PATCH, "/api/admin/agents/tour-agent", new JsonObject().put("disabled", true));
    expect(400, HttpMethod.PATCH, "/api/admin/agents/tour-agent", new JsonObject().put("roles", new JsonArray()));
    expect(404, HttpMethod.PATCH, "/api/admin/agents/nope", new JsonObject().put("name", "Nope"));
    expect(409, HttpMethod.PATCH, "/api/admin/agents/demo", new JsonObject().put("disabled", true));
    expect(204, HttpMethod.POST, "/api/admin/agents/tour-agent/password", new JsonObject().put("password", "tour-password-2"));
    expect(400, HttpMethod.POST, "/api/admin/agents/tour-agent/password", new JsonObject().put("password", "short"));
    expect(404, HttpMethod.POST, "/api/admin/agents/nope/password", new JsonObject().put("password", "tour-password-2"));
  }

  private static void sessions() {
    WireClient tracker = Wire.openTab(node.node, "tour-session", "tour-tab");
    WireClient watcher = Wire.openAgent(node.node);
    watcher.send(new JsonObject().put("t", "join").put("room", "tour-session"));
    watcher.next("joined");
    expect(200, HttpMethod.GET, "/api/admin/sessions", null);
    expect(200, HttpMethod.GET, "/api/admin/sessions/tour-session", null);
    expect(204, HttpMethod.DELETE, "/api/admin/sessions/tour-session", null);
    assertThat(tracker.awaitClose()).isEqualTo((short) 1008);
    expect(404, HttpMethod.GET, "/api/admin/sessions/tour-session", null);
    expect(404, HttpMethod.DELETE, "/api/admin/sessions/tour-session", null);
  }

  private static void auditAndUsers() {
    expect(200, HttpMethod.GET, "/api/admin/audit?kind=login&limit=2", null);
    expect(400, HttpMethod.GET, "/api/admin/audit?limit=0", null);
    expect(200, HttpMethod.DELETE, "/api/admin/users/someone/data", null);
    expect(400, HttpMethod.DELETE, "/api/admin/users/a%00b/data", null);
  }

  private static void recordings() {
    Instant now = Instant.now();
    Recording recording = new Recording("tour-rec", "tour", "tour-session", now, Optional.of(now.plusSeconds(60)), "video/webm", 0);
    TestNode.await(node.started.services().recordings().insert(recording, List.of(Buffer.buffer("webm bytes"))));
    expect(200, HttpMethod.GET, "/api/admin/recordings?projectId=tour", null);
    expect(400, HttpMethod.GET, "/api/admin/recordings?projectId=a%00b", null);
    expect(200, HttpMethod.GET, "/api/admin/recordings/tour-rec", null);
    expect(200, HttpMethod.GET, "/api/admin/recordings/tour-rec/content", null);
    expect(400, HttpMethod.GET, "/api/admin/recordings/a%00b", null);
    expect(400, HttpMethod.GET, "/api/admin/recordings/a%00b/content", null);
    expect(204, HttpMethod.DELETE, "/api/admin/recordings/tour-rec", null);
    expect(404, HttpMethod.GET, "/api/admin/recordings/tour-rec", null);
    expect(404, HttpMethod.GET, "/api/admin/recordings/tour-rec/content", null);
    expect(404, HttpMethod.DELETE, "/api/admin/recordings/tour-rec", null);
    expect(400, HttpMethod.DELETE, "/api/admin/recordings/a%00b", null);
    expect(200, HttpMethod.GET, "/api/admin/recordings/retention", null);
    expect(200, HttpMethod.PUT, "/api/admin/recordings/retention", new JsonObject().put("retentionDays", 0));
    expect(400, HttpMethod.PUT, "/api/admin/recordings/retention", new JsonObject().put("retentionDays", -1));
  }
}
