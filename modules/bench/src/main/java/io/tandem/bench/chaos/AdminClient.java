package io.tandem.bench.chaos;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The demo agent on one node's HTTP API: its login, the live sessions it lists, and the audit log in PostgreSQL. */
final class AdminClient {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private static final int PAGE = 500;
  /** A node that stopped answering (the 15:05 run's had died of OutOfMemoryError) must not hang the run. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final int port;
  private final String token;

  private AdminClient(int port, String token) {
    this.port = port;
    this.token = token;
  }

  static AdminClient login(int port) {
    String body = new JsonObject().put("username", "demo").put("password", ChaosCluster.AGENT_PASSWORD).encode();
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/login"))
        .header("Content-Type", "application/json").timeout(REQUEST_TIMEOUT).POST(HttpRequest.BodyPublishers.ofString(body)));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("login on port " + port + " answered " + response.statusCode() + ": " + response.body());
    }
    return new AdminClient(port, new JsonObject(response.body()).getString("token"));
  }

  String token() {
    return token;
  }

  /** Every live session this node lists (its own and the others' as last published). */
  JsonArray sessions() {
    return new JsonArray(get("/api/admin/sessions"));
  }

  /** Every audit row of this kind and outcome from {@code from} on, read page by page. */
  List<JsonObject> audit(String kind, String outcome, Instant from) {
    List<JsonObject> rows = new ArrayList<>();
    String path = "/api/admin/audit?kind=" + kind + "&outcome=" + outcome + "&from=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)
        + "&limit=" + PAGE;
    String query = path;
    while (query != null) {
      JsonObject page = new JsonObject(get(query));
      page.getJsonArray("items").forEach(row -> rows.add((JsonObject) row));
      String next = page.getString("next");
      query = next == null ? null : next.substring(next.indexOf("/api/"));
    }
    return rows;
  }

  private String get(String path) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).timeout(REQUEST_TIMEOUT).GET());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " on port " + port + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
