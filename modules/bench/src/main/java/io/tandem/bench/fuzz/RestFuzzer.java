package io.tandem.bench.fuzz;

import io.tandem.bench.target.Installation;
import io.tandem.bench.target.TargetKind;
import io.tandem.bench.target.TargetProcess;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The REST fuzzer (issue #16): requests to every operation of the node's own {@code openapi.json},
 * with path and query parameters, bodies and credentials generated from the document, valid and
 * broken. Every answer must be below 500, a status the document lists for that operation, and fit
 * the schema it gives for that status.
 *
 * <pre>java -cp modules/bench/target/tandem-bench.jar io.tandem.bench.fuzz.RestFuzzer --per-operation=200</pre>
 */
public final class RestFuzzer {
  private static final String AGENT_PASSWORD = "fuzz-agent-password";
  private static final int KEPT_EXAMPLES = 30;
  private static final List<String> ODD_IDS = List.of("nope-x1", "ü", "x".repeat(300), "a\u0000b", "%2F", " ", "demo'--", "-1");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final String adminToken;
  private final Random random;
  private final Map<Integer, Integer> statuses = new TreeMap<>();
  private final List<String> serverErrors = new ArrayList<>();
  private final List<String> mismatches = new ArrayList<>();
  private long serverErrorCount;
  private long mismatchCount;
  private long requests;
  private String agentToken;
  private ApiSchemas schemas;

  private RestFuzzer(int port, String adminToken, long seed) {
    this.base = "http://127.0.0.1:" + port;
    this.adminToken = adminToken;
    this.random = new Random(seed);
  }

  public static void main(String[] args) throws IOException {
    String serverJar = "modules/server/target/tandem-server.jar";
    String out = "modules/bench/target/rest-fuzz-report.json";
    int perOperation = 200;
    long seed = System.nanoTime();
    for (String arg : args) {
      String value = arg.substring(arg.indexOf('=') + 1);
      switch (arg.substring(0, Math.max(0, arg.indexOf('=')))) {
        case "--server-jar" -> serverJar = value;
        case "--out" -> out = value;
        case "--per-operation" -> perOperation = Integer.parseInt(value);
        case "--seed" -> seed = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown flag '" + arg + "' (--server-jar=, --out=, --per-operation=, --seed=)");
      }
    }
    // a node of its own: its data and log in a fresh folder, so two runs never share a database
    Installation installation = new Installation(Path.of(serverJar), null, null, Files.createTempDirectory("tandem-fuzz"), List.of("-Xmx1g"), false);
    JsonObject report;
    try (TargetProcess node = TargetProcess.start(TargetKind.TANDEM, installation, "rest-fuzz", 10, Map.of())) {
      report = run(node, perOperation, seed);
    }
    Files.writeString(Path.of(out), report.encodePrettily());
    System.out.println(report.encodePrettily());
  }

  /** Fuzzes a running node; the report's {@code violations} counts 5xx answers and answers the document does not allow. */
  public static JsonObject run(TargetProcess node, int perOperation, long seed) {
    String token = new JsonObject(node.wire().agentOpened("any")).getString("token");
    RestFuzzer fuzzer = new RestFuzzer(node.port, token, seed);
    return fuzzer.fuzz(perOperation);
  }

  private JsonObject fuzz(int perOperation) {
    JsonObject document = new JsonObject(send("GET", "/api/openapi.json", null, null, null).body());
    schemas = new ApiSchemas(document);
    agentToken = plainAgentToken();
    JsonObject paths = document.getJsonObject("paths");
    String prefix = document.getJsonArray("servers").getJsonObject(0).getString("url");
    int operations = 0;
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        operations++;
        for (int i = 0; i < perOperation; i++) {
          call(method.toUpperCase(), prefix, path, item.getJsonObject(method));
        }
      }
    }
    JsonObject byStatus = new JsonObject();
    statuses.forEach((status, count) -> byStatus.put(String.valueOf(status), count));
    return new JsonObject()
        .put("operations", operations)
        .put("requests", requests)
        .put("statuses", byStatus)
        .put("serverErrors", serverErrorCount)
        .put("serverErrorExamples", new JsonArray(serverErrors))
        .put("mismatches", mismatchCount)
        .put("mismatchExamples", new JsonArray(mismatches))
        .put("violations", serverErrorCount + mismatchCount);
  }

  /** An agent without the admin role, made through the API, for the 403 answers. */
  private String plainAgentToken() {
    send("POST", "/api/admin/agents", adminToken, "application/json",
        new JsonObject().put("id", "fuzz-agent").put("password", AGENT_PASSWORD).put("roles", new JsonArray().add("agent")).encode());
    HttpResponse<String> login = send("POST", "/api/auth/login", null, "application/json",
        new JsonObject().put("username", "fuzz-agent").put("password", AGENT_PASSWORD).encode());
    return new JsonObject(login.body()).getString("token");
  }

  private void call(String method, String prefix, String path, JsonObject operation) {
    String target = prefix + path;
    StringBuilder query = new StringBuilder();
    for (Object p : operation.getJsonArray("parameters", new JsonArray())) {
      JsonObject parameter = (JsonObject) p;
      String value = random.nextInt(4) == 0 ? odd() : String.valueOf(schemas.valid(parameter.getJsonObject("schema"), random));
      if ("path".equals(parameter.getString("in"))) {
        target = target.replace("{" + parameter.getString("name") + "}", encode(pathValue(path, value)));
      } else if (random.nextInt(3) > 0) {
        query.append(query.length() == 0 ? "?" : "&").append(parameter.getString("name")).append('=').append(encode(value));
      }
    }
    if (random.nextInt(10) == 0) {
      query.append(query.length() == 0 ? "?" : "&").append("fuzz=").append(encode(odd()));
    }
    JsonObject body = operation.getJsonObject("requestBody");
    String contentType = null;
    String payload = null;
    if (body != null || random.nextInt(10) == 0) {
      contentType = random.nextInt(10) == 0 ? "text/plain" : "application/json";
      payload = payload(body);
    }
    HttpResponse<String> response = send(method, target + query, credentials(), contentType, payload);
    check(method + " " + path, operation, response);
  }

  /** An id of something that exists half the time, so operations reach past their 404. */
  private String pathValue(String path, String generated) {
    if (random.nextBoolean()) {
      return generated;
    }
    if (path.startsWith("/admin/projects/")) {
      return "demo";
    }
    return path.startsWith("/admin/agents/") ? "fuzz-agent" : generated;
  }

  private String credentials() {
    int pick = random.nextInt(10);
    return pick < 7 ? adminToken : pick == 7 ? null : pick == 8 ? "not.a.token" : agentToken;
  }

  private String payload(JsonObject requestBody) {
    JsonObject media = requestBody == null ? null : requestBody.getJsonObject("content").getJsonObject("application/json");
    Object valid = media == null ? new JsonObject() : schemas.valid(media.getJsonObject("schema"), random);
    return switch (random.nextInt(8)) {
      case 0 -> "{\"truncated\": ";
      case 1 -> "";
      case 2 -> new JsonArray().add(valid).encode();
      case 3 -> valid instanceof JsonObject o && !o.isEmpty() ? without(o) : "null";
      case 4 -> valid instanceof JsonObject o ? o.copy().put("unknownField", odd()).encode() : "[]";
      case 5 -> valid instanceof JsonObject o && !o.isEmpty() ? swapped(o) : "42";
      default -> Json.encode(valid);
    };
  }

  private String without(JsonObject valid) {
    JsonObject copy = valid.copy();
    copy.remove(new ArrayList<>(copy.fieldNames()).get(random.nextInt(copy.size())));
    return copy.encode();
  }

  private String swapped(JsonObject valid) {
    Object[] others = {"text", -1, 1e300, true, new JsonArray(), new JsonObject(), "x".repeat(100_000), null};
    String field = new ArrayList<>(valid.fieldNames()).get(random.nextInt(valid.size()));
    return valid.copy().put(field, others[random.nextInt(others.length)]).encode();
  }

  private String odd() {
    return ODD_IDS.get(random.nextInt(ODD_IDS.size()));
  }

  private void check(String operation, JsonObject spec, HttpResponse<String> response) {
    requests++;
    int status = response.statusCode();
    statuses.merge(status, 1, Integer::sum);
    String seen = operation + " → " + status + ": " + abbreviated(response.body());
    if (status >= 500) {
      serverErrorCount++;
      keep(serverErrors, seen);
      return;
    }
    JsonObject responses = spec.getJsonObject("responses");
    JsonObject documented = responses.getJsonObject(String.valueOf(status), responses.getJsonObject("default"));
    if (documented == null) {
      mismatch(seen + " (the document lists " + responses.fieldNames() + ")");
      return;
    }
    documented = schemas.resolve(documented);
    JsonObject content = documented.getJsonObject("content");
    if (content == null) {
      if (!response.body().isEmpty() && status == 204) {
        mismatch(seen + " (204 with a body)");
      }
      return;
    }
    String type = response.headers().firstValue("content-type").orElse("").split(";")[0].trim();
    JsonObject media = content.getJsonObject(type);
    if (media == null) {
      mismatch(seen + " (content-type '" + type + "', the document gives " + content.fieldNames() + ")");
    } else if (type.endsWith("json") && media.containsKey("schema")) {
      try {
        List<String> wrong = schemas.mismatches(media.getJsonObject("schema"), Json.decodeValue(response.body()), "body");
        if (!wrong.isEmpty()) {
          mismatch(seen + " " + wrong);
        }
      } catch (DecodeException e) {
        mismatch(seen + " (not JSON)");
      }
    }
  }

  private void mismatch(String what) {
    mismatchCount++;
    keep(mismatches, what);
  }

  private static void keep(List<String> examples, String example) {
    if (examples.size() < KEPT_EXAMPLES) {
      examples.add(example);
    }
  }

  private static String abbreviated(String body) {
    return body.length() > 200 ? body.substring(0, 200) + "…" : body;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpResponse<String> send(String method, String target, String token, String contentType, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + target)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + target + " got no answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
