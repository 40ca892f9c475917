package io.tandem.server.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.admin.Http;
import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
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

/** The upload path of a call recording, gated by the user's real `record` grant (tracker and agent on the wire). */
@ExtendWith(VertxExtension.class)
class RecordingUploadTest {
  private static final String ROOM = "session-rec01";

  private record Call(TestNode node, Http http, String token, WireClient tracker, WireClient agent, String agentId) {
    HttpResponse<Buffer> post(String path, Object body) {
      return http.call(HttpMethod.POST, path, token, body);
    }

    void consent(String action) {
      tracker.send(new JsonObject().put("t", "consent").put("agent", agentId).put("kind", "record").put("action", action));
    }
  }

  private static Call joined(Vertx vertx, Path dataDir, JsonObject config) {
    TestNode node = TestNode.start(vertx, dataDir, config);
    WireClient tracker = Wire.openTab(node, ROOM, "tab-rec01");
    WireClient agent = WireClient.agent(node);
    String token = Wire.login(node);
    agent.send(new JsonObject().put("t", "hello").put("v", 1).put("token", token));
    String agentId = agent.next("welcome").getJsonObject("agent").getString("id");
    agent.send(new JsonObject().put("t", "join").put("room", ROOM));
    agent.next("joined");
    return new Call(node, new Http(vertx, node.port), token, tracker, agent, agentId);
  }

  private static void grant(Call call) {
    call.agent().send(new JsonObject().put("t", "consent").put("room", ROOM).put("kind", "record").put("action", "request"));
    call.tracker().next(f -> "consent".equals(f.getString("t")) && "request".equals(f.getString("action")), "the record request");
    call.consent("accept");
    call.agent().next(f -> "consent".equals(f.getString("t")) && "granted".equals(f.getString("state")), "the record grant");
  }

  @Test
  void chunksAreTakenInOrderOnlyWhileTheUserLetsTheAgentRecord(Vertx vertx, @TempDir Path dataDir) {
    Call call = joined(vertx, dataDir, new JsonObject());
    JsonObject start = new JsonObject().put("room", ROOM);

    HttpResponse<Buffer> refused = call.post("/api/recordings", start);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.bodyAsJsonObject().getString("title")).isEqualTo("CONSENT_REQUIRED");

    grant(call);
    HttpResponse<Buffer> created = call.post("/api/recordings", start);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String id = created.bodyAsJsonObject().getString("id");
    assertThat(created.bodyAsJsonObject().getString("sessionId")).isEqualTo(ROOM);
    assertThat(created.bodyAsJsonObject().getString("projectId")).isEqualTo("demo");

    assertThat(call.post("/api/recordings/" + id + "/chunks?seq=0", Buffer.buffer("first-")).statusCode()).isEqualTo(204);
    HttpResponse<Buffer> skipped = call.post("/api/recordings/" + id + "/chunks?seq=2", Buffer.buffer("third"));
    assertThat(skipped.statusCode()).isEqualTo(409);
    assertThat(skipped.bodyAsJsonObject().getString("detail")).contains("the next one is 1");
    assertThat(call.post("/api/recordings/" + id + "/chunks?seq=1", Buffer.buffer("second")).statusCode()).isEqualTo(204);

    call.consent("end");
    call.agent().next(f -> "consent".equals(f.getString("t")) && "ended".equals(f.getString("state")), "the grant's end");
    HttpResponse<Buffer> afterEnd = call.post("/api/recordings/" + id + "/chunks?seq=2", Buffer.buffer("-late"));
    assertThat(afterEnd.statusCode()).isEqualTo(403);
    assertThat(afterEnd.bodyAsJsonObject().getString("title")).isEqualTo("CONSENT_REQUIRED");

    HttpResponse<Buffer> finished = call.post("/api/recordings/" + id + "/finish", new JsonObject());
    assertThat(finished.statusCode()).as(finished.bodyAsString()).isEqualTo(200);
    assertThat(finished.bodyAsJsonObject().getLong("bytes")).isEqualTo(12);
    assertThat(finished.bodyAsJsonObject().getString("endedAt")).isNotNull();
    HttpResponse<Buffer> content = call.http().get("/api/admin/recordings/" + id + "/content", call.token());
    assertThat(content.getHeader("content-type")).isEqualTo("video/webm");
    assertThat(content.bodyAsString()).isEqualTo("first-second");
    assertThat(call.post("/api/recordings/" + id + "/finish", new JsonObject()).statusCode()).isEqualTo(409);

    // the recording is filed under the session's userId, so the user's deletion request finds it
    HttpResponse<Buffer> erased = call.http().call(HttpMethod.DELETE, "/api/admin/users/user-" + ROOM + "/data", call.token(), null);
    assertThat(erased.statusCode()).as(erased.bodyAsString()).isEqualTo(200);
    assertThat(erased.bodyAsJsonObject().getInteger("recordings")).isEqualTo(1);
    assertThat(call.http().get("/api/admin/recordings/" + id, call.token()).statusCode()).isEqualTo(404);
  }

  @Test
  void chunksOverTheLimitsAreRefusedWithTheirCode(Vertx vertx, @TempDir Path dataDir) {
    Call call = joined(vertx, dataDir, new JsonObject().put("recordings", new JsonObject().put("maxChunkBytes", 64).put("maxBytes", 80)));
    grant(call);
    String id = call.post("/api/recordings", new JsonObject().put("room", ROOM)).bodyAsJsonObject().getString("id");

    HttpResponse<Buffer> tooBig = call.post("/api/recordings/" + id + "/chunks?seq=0", Buffer.buffer("x".repeat(65)));
    assertThat(tooBig.statusCode()).isEqualTo(413);
    assertThat(tooBig.bodyAsJsonObject().getString("title")).isEqualTo("RECORDING_TOO_LARGE");
    HttpResponse<Buffer> fits = call.post("/api/recordings/" + id + "/chunks?seq=0", Buffer.buffer("x".repeat(64)));
    assertThat(fits.statusCode()).as(fits.bodyAsString()).isEqualTo(204);
    HttpResponse<Buffer> overall = call.post("/api/recordings/" + id + "/chunks?seq=1", Buffer.buffer("x".repeat(17)));
    assertThat(overall.statusCode()).isEqualTo(413);
    assertThat(overall.bodyAsJsonObject().getString("detail")).contains("recordings.maxBytes");
    assertThat(call.post("/api/recordings/" + id + "/chunks?seq=1", Buffer.buffer("x".repeat(4))).statusCode()).isEqualTo(204);
    assertThat(call.post("/api/recordings/nope/chunks?seq=0", Buffer.buffer("x")).statusCode()).isEqualTo(404);
  }
}
