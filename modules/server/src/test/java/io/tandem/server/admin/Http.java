package io.tandem.server.admin;

import io.tandem.server.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/** Plain HTTP calls to a node's REST API, each awaited, each answer checked against openapi.json ({@link DocumentedAnswers}). */
public final class Http {
  private final WebClient client;
  private final int port;

  public Http(Vertx vertx, int port) {
    this.client = WebClient.create(vertx);
    this.port = port;
  }

  public HttpResponse<Buffer> call(HttpMethod method, String path, String token, Object body) {
    HttpResponse<Buffer> answer = send(method, path, token, body);
    DocumentedAnswers.check(method, path, answer);
    return answer;
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, String token, Object body) {
    HttpRequest<Buffer> request = client.request(method, port, "127.0.0.1", path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    if (body == null) {
      return TestNode.await(request.send());
    }
    request.putHeader("content-type", "application/json");
    return TestNode.await(request.sendBuffer(body instanceof Buffer buffer ? buffer : Buffer.buffer(body.toString())));
  }

  public HttpResponse<Buffer> get(String path, String token) {
    return call(HttpMethod.GET, path, token, null);
  }

  public String login(String username, String password) {
    HttpResponse<Buffer> response =
        call(HttpMethod.POST, "/api/auth/login", null, new JsonObject().put("username", username).put("password", password));
    if (response.statusCode() != 200) {
      throw new AssertionError("login of " + username + " answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getString("token");
  }

  public String adminToken() {
    return login("demo", TestNode.AGENT_PASSWORD);
  }

  /** Creates an agent with the agent role only, assigned to these projects, and logs them in. */
  public String agentToken(String adminToken, String id, String... projects) {
    HttpResponse<Buffer> created = call(HttpMethod.POST, "/api/admin/agents", adminToken, new JsonObject()
        .put("id", id).put("name", "Agent " + id).put("password", "password-of-" + id).put("roles", new io.vertx.core.json.JsonArray().add("agent"))
        .put("projects", new io.vertx.core.json.JsonArray(java.util.List.of(projects))));
    if (created.statusCode() != 201) {
      throw new AssertionError("creating agent " + id + " answered " + created.statusCode() + ": " + created.bodyAsString());
    }
    return login(id, "password-of-" + id);
  }
}
