package io.tandem.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every route under /api is documented in the OpenAPI document, and every documented route is served. */
@ExtendWith(VertxExtension.class)
class OpenApiCoverageTest {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete", "head", "options");

  @Test
  void theDocumentAndTheRouterNameTheSameRoutes(Vertx vertx, @TempDir Path dataDir) {
    ApiNode node = ApiNode.start(vertx, dataDir);
    JsonObject served = new JsonObject(node.http.get("/api/openapi.json", null).bodyAsString());
    assertThat(served.getString("openapi")).startsWith("3.");
    assertThat(served.getJsonArray("servers").getJsonObject(0).getString("url")).isEqualTo(ApiRouter.MOUNT_POINT);

    Set<String> documented = new TreeSet<>();
    JsonObject paths = served.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      paths.getJsonObject(path).fieldNames().stream().filter(METHODS::contains).forEach(method -> documented.add(method.toUpperCase() + " " + path));
    }

    // The very router the gateway mounts at /api, built from the running node's services.
    Router api = TestNode.await(ApiRouter.create(vertx, node.started.services(), node.started.openApiDocument()));
    Set<String> routed = new TreeSet<>();
    // the admin operations are a sub-router, built by Vert.x from the document
    List<Route> routes = api.getRoutes().stream()
        .flatMap(route -> route.getSubRouter() == null ? Stream.of(route) : route.getSubRouter().getRoutes().stream()).toList();
    for (Route route : routes) {
      // Routes without a method or with a wildcard are filters (body, auth, not-found), not endpoints.
      if (route.methods() == null || route.methods().isEmpty() || route.getPath() == null || route.getPath().endsWith("*")) {
        continue;
      }
      String path = route.getPath().replaceAll(":(\\w+)", "{$1}");
      route.methods().forEach(method -> routed.add(method.name() + " " + path));
    }

    assertThat(routed).hasSizeGreaterThan(20);
    assertThat(routed).containsExactlyElementsOf(documented);
    // Each documented route is answered by its own handler, not by the not-found fallback.
    for (String entry : documented) {
      String[] parts = entry.split(" ");
      var response = node.http.call(io.vertx.core.http.HttpMethod.valueOf(parts[0]), "/api" + parts[1].replace("{id}", "demo"), null, null);
      assertThat(response.bodyAsString()).as(entry).doesNotContain("no endpoint");
    }
  }
}
