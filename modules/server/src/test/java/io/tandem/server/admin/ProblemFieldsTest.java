package io.tandem.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refusal about one field names it in the problem's {@code field}, which the console's admin
 * forms use to show the message next to that field; the audit log filters by outcome.
 */
@ExtendWith(VertxExtension.class)
class ProblemFieldsTest {
  @TempDir static Path dataDir;
  private static Http http;
  private static String admin;

  @BeforeAll
  static void start(Vertx vertx) {
    TestNode node = TestNode.start(vertx, dataDir);
    http = new Http(vertx, node.port);
    admin = http.adminToken();
  }

  private static JsonObject problem(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("content-type")).isEqualTo("application/problem+json");
    return response.bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> call(HttpMethod method, String path, Object body) {
    return http.call(method, path, admin, body);
  }

  @Test
  void aBadBodyFieldIsNamed() {
    assertThat(problem(call(HttpMethod.POST, "/api/admin/agents", new JsonObject().put("id", "carol").put("password", "short")), 400)
        .getString("field")).isEqualTo("password");
    assertThat(problem(call(HttpMethod.POST, "/api/admin/agents", new JsonObject().put("password", "long-enough-1")), 400)
        .getString("field")).isEqualTo("id");
    assertThat(problem(call(HttpMethod.POST, "/api/admin/agents", new JsonObject().put("id", "carol").put("password", "long-enough-1")
        .put("projects", new JsonArray().add("ghost"))), 400).getString("field")).isEqualTo("projects");
    assertThat(problem(call(HttpMethod.POST, "/api/admin/projects", new JsonObject().put("id", "x1")
        .put("allowedOrigins", new JsonArray().add("https://a.example/path"))), 400).getString("field")).isEqualTo("allowedOrigins");
  }

  @Test
  void aNestedFieldIsNamedWithItsPath() {
    JsonObject refused = problem(call(HttpMethod.PATCH, "/api/admin/projects/demo",
        new JsonObject().put("privacy", new JsonObject().put("preJoinBufferSeconds", 9999))), 400);
    assertThat(refused.getString("field")).isEqualTo("privacy.preJoinBufferSeconds");
    assertThat(refused.getString("detail")).startsWith("'privacy.preJoinBufferSeconds' must be a whole number from 0 to");
    assertThat(problem(call(HttpMethod.PATCH, "/api/admin/projects/demo",
        new JsonObject().put("privacy", new JsonObject().put("mask", true))), 400).getString("field")).isEqualTo("privacy.mask");
  }

  @Test
  void aTakenIdAndDisablingYourselfNameTheirField() {
    assertThat(problem(call(HttpMethod.POST, "/api/admin/projects", new JsonObject().put("id", "demo")), 409).getString("field")).isEqualTo("id");
    assertThat(problem(call(HttpMethod.POST, "/api/admin/agents", new JsonObject().put("id", "demo").put("password", "long-enough-1")), 409)
        .getString("field")).isEqualTo("id");
    assertThat(problem(call(HttpMethod.PATCH, "/api/admin/agents/demo", new JsonObject().put("disabled", true)), 409)
        .getString("field")).isEqualTo("disabled");
  }

  @Test
  void aBadQueryParameterIsNamedAndAProblemAboutNoFieldHasNone() {
    assertThat(problem(http.get("/api/admin/audit?limit=0", admin), 400).getString("field")).isEqualTo("limit");
    assertThat(problem(http.get("/api/admin/audit?from=yesterday", admin), 400).getString("field")).isEqualTo("from");
    assertThat(problem(call(HttpMethod.POST, "/api/admin/projects", Buffer.buffer("{not json")), 400).containsKey("field")).isFalse();
    assertThat(problem(http.get("/api/admin/projects/nope", admin), 404).containsKey("field")).isFalse();
  }

  @Test
  void theAuditLogIsFilteredByOutcome() {
    http.agentToken(admin, "outcomes");
    http.call(HttpMethod.POST, "/api/auth/login", null, new JsonObject().put("username", "outcomes").put("password", "wrong-password"));
    JsonArray failures = http.get("/api/admin/audit?agentId=outcomes&kind=login&outcome=failure", admin).bodyAsJsonObject().getJsonArray("items");
    JsonArray successes = http.get("/api/admin/audit?agentId=outcomes&kind=login&outcome=success", admin).bodyAsJsonObject().getJsonArray("items");
    assertThat(failures).hasSize(1);
    assertThat(failures.getJsonObject(0).getString("outcome")).isEqualTo("failure");
    assertThat(successes).hasSize(1);
    assertThat(successes.getJsonObject(0).getString("outcome")).isEqualTo("success");
  }
}
