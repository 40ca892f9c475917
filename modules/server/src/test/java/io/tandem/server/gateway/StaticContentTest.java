package io.tandem.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.admin.Http;
import io.tandem.server.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The console runs only its own scripts and cannot be framed; its routes serve it whatever the path. */
@ExtendWith(VertxExtension.class)
class StaticContentTest {

  @Test
  void everyConsoleResponseCarriesItsPolicyAndRefusesFraming(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir);
    Http http = new Http(vertx, node.port);
    for (String path : new String[] {"/console/", "/console/sessions/deep-link"}) {
      HttpResponse<Buffer> page = http.get(path, null);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.bodyAsString()).contains("Tandem console");
      assertThat(page.getHeader("content-security-policy"))
          .contains("script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "connect-src 'self'");
      assertThat(page.getHeader("x-frame-options")).isEqualTo("DENY");
      assertThat(page.getHeader("x-content-type-options")).isEqualTo("nosniff");
    }
    assertThat(http.get("/demo/", null).getHeader("content-security-policy")).as("the demo stands for a customer's page").isNull();
  }
}
