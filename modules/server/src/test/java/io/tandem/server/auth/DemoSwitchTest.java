package io.tandem.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.server.admin.Http;
import io.tandem.server.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's project (a key anyone can read in the demo pages) and its agent exist only with
 * {@code demo} on; a production node gets its first admin from {@code auth.firstAdmin} instead.
 */
@ExtendWith(VertxExtension.class)
class DemoSwitchTest {
  private static final String ADMIN_PASSWORD = "first-admin-password";

  @Test
  void withTheDemoOffThereIsNoDemoProjectNorAgentAndTheFirstAdminLogsIn(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir, new JsonObject().put("demo", false)
        .put("auth", new JsonObject().put("firstAdmin", new JsonObject().put("password", ADMIN_PASSWORD))));
    Http http = new Http(vertx, node.port);
    HttpResponse<Buffer> demo = http.call(HttpMethod.POST, "/api/auth/login", null,
        new JsonObject().put("username", "demo").put("password", TestNode.AGENT_PASSWORD));
    assertThat(demo.statusCode()).isEqualTo(401);
    String admin = http.login("admin", ADMIN_PASSWORD);
    assertThat(http.get("/api/admin/projects", admin).bodyAsJsonArray()).isEmpty();
    assertThat(http.get("/api/admin/agents", admin).bodyAsJsonArray()).hasSize(1);
  }

  @Test
  void withTheDemoOnBothExist(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir);
    Http http = new Http(vertx, node.port);
    String demo = http.adminToken();
    assertThat(http.get("/api/admin/projects/demo", demo).bodyAsJsonObject().getString("key")).isEqualTo("demo-key");
  }

  @Test
  void aShortFirstAdminPasswordStopsTheNode(Vertx vertx, @TempDir Path dataDir) {
    assertThatThrownBy(() -> TestNode.start(vertx, dataDir,
            new JsonObject().put("auth", new JsonObject().put("firstAdmin", new JsonObject().put("password", "short")))))
        .hasMessageContaining("auth.firstAdmin.password");
  }
}
