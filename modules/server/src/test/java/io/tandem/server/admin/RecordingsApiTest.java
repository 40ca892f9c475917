package io.tandem.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.storage.RecordingStore.Recording;
import io.tandem.server.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Recordings have no upload path yet, so the test stores them through the storage interface. */
@ExtendWith(VertxExtension.class)
class RecordingsApiTest {
  @TempDir static Path dataDir;
  private static ApiNode node;
  private static String admin;

  @BeforeAll
  static void start(Vertx vertx) {
    node = ApiNode.start(vertx, dataDir);
    admin = node.http.adminToken();
  }

  private static Recording store(String id, Instant startedAt, String... chunks) {
    Recording recording = new Recording(id, "demo", "session-" + id, startedAt, Optional.of(startedAt.plusSeconds(60)), "video/webm", 0);
    return TestNode.await(node.started.services().recordings().insert(recording, List.of(chunks).stream().map(Buffer::buffer).toList()));
  }

  @Test
  void aRecordingIsListedDownloadedAndDeleted() {
    store("rec-1", Instant.now(), "{\"type\":2}\n", "{\"type\":3}\n");

    JsonObject listed = node.http.get("/api/admin/recordings?sessionId=session-rec-1", admin).bodyAsJsonArray().getJsonObject(0);
    assertThat(listed.getString("id")).isEqualTo("rec-1");
    assertThat(listed.getLong("bytes")).isEqualTo(22);
    assertThat(node.http.get("/api/admin/recordings/rec-1", admin).bodyAsJsonObject()).isEqualTo(listed);

    HttpResponse<Buffer> content = node.http.get("/api/admin/recordings/rec-1/content", admin);
    assertThat(content.statusCode()).isEqualTo(200);
    assertThat(content.getHeader("content-type")).isEqualTo("video/webm");
    assertThat(content.bodyAsString()).isEqualTo("{\"type\":2}\n{\"type\":3}\n");

    assertThat(node.http.call(HttpMethod.DELETE, "/api/admin/recordings/rec-1", admin, null).statusCode()).isEqualTo(204);
    assertThat(node.http.get("/api/admin/recordings/rec-1", admin).statusCode()).isEqualTo(404);
    assertThat(node.http.get("/api/admin/recordings/rec-1/content", admin).statusCode()).isEqualTo(404);
    assertThat(node.http.call(HttpMethod.DELETE, "/api/admin/recordings/rec-1", admin, null).statusCode()).isEqualTo(404);
  }

  @Test
  void theRetentionPolicyRemovesOldRecordingsAtOnce() {
    store("rec-old", Instant.now().minus(Duration.ofDays(3)), "old");
    store("rec-new", Instant.now().minus(Duration.ofHours(1)), "new");

    HttpResponse<Buffer> set = node.http.call(HttpMethod.PUT, "/api/admin/recordings/retention", admin, new JsonObject().put("retentionDays", 2));
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
    assertThat(set.bodyAsJsonObject().getInteger("purged")).isEqualTo(1);
    assertThat(node.http.get("/api/admin/recordings/retention", admin).bodyAsJsonObject().getInteger("retentionDays")).isEqualTo(2);
    assertThat(node.http.get("/api/admin/recordings/rec-old", admin).statusCode()).isEqualTo(404);
    assertThat(node.http.get("/api/admin/recordings/rec-new", admin).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> bad = node.http.call(HttpMethod.PUT, "/api/admin/recordings/retention", admin, new JsonObject().put("retentionDays", -1));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("detail")).contains("'retentionDays' must be a whole number from 0 to 3650");
    assertThat(node.http.call(HttpMethod.PUT, "/api/admin/recordings/retention", admin, new JsonObject().put("retentionDays", 0)).statusCode()).isEqualTo(200);
  }
}
