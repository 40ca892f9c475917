package io.tandem.server.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Every answer of a documented operation checked against {@code openapi.json} with Vert.x's JSON
 * Schema validator (the one Vert.x's OpenAPI support uses, reading OpenAPI 3.0 schemas as draft 4):
 * the document lists its status for that operation, and its content type, and the body fits that
 * schema. Each operation and status checked is remembered for the JVM's run
 * ({@link #checked()}), so a test can tell what was never checked.
 */
public final class DocumentedAnswers {
  private static final String BASE = "app:///openapi.json";
  private static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();
  private static final JsonObject DOCUMENT = ApiContract.validating(document());
  private static final SchemaRepository SCHEMAS = SchemaRepository
      .create(new JsonSchemaOptions().setDraft(Draft.DRAFT4).setBaseUri(BASE).setOutputFormat(OutputFormat.Basic))
      .dereference(BASE, JsonSchema.of(DOCUMENT));

  private DocumentedAnswers() {}

  /** openapi.json as the node serves it. */
  public static JsonObject document() {
    try (InputStream in = DocumentedAnswers.class.getResourceAsStream("/openapi.json")) {
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "operationId status" of every answer checked so far in this JVM. */
  public static Set<String> checked() {
    return new TreeSet<>(CHECKED);
  }

  /** Fails unless the answer to {@code method uri} is what the document says; answers of undocumented paths are not checked. */
  public static void check(HttpMethod method, String uri, HttpResponse<Buffer> answer) {
    String path = uri.split("\\?", 2)[0];
    Optional<String> found = operation(path, method.name().toLowerCase());
    if (found.isEmpty()) {
      return;
    }
    String pointer = found.get();
    JsonObject operation = at(pointer);
    String seen = method + " " + uri + " answered " + answer.statusCode() + " " + answer.bodyAsString();
    String status = String.valueOf(answer.statusCode());
    JsonObject responses = operation.getJsonObject("responses");
    String responsePointer = pointer + "/responses/" + (responses.containsKey(status) ? status : "default");
    if (!responses.containsKey(status) && !responses.containsKey("default")) {
      throw new AssertionError(seen + ": openapi.json does not list " + status + " for " + operation.getString("operationId"));
    }
    String ref = at(responsePointer).getString("$ref");
    if (ref != null) {
      responsePointer = ref.substring(1);
    }
    JsonObject content = at(responsePointer).getJsonObject("content");
    if (content == null) {
      if (answer.body() != null && answer.body().length() > 0) {
        throw new AssertionError(seen + ": openapi.json gives this answer no body");
      }
    } else {
      body(seen, content, responsePointer, answer);
    }
    CHECKED.add(operation.getString("operationId") + " " + status);
  }

  private static void body(String seen, JsonObject content, String responsePointer, HttpResponse<Buffer> answer) {
    String type = String.valueOf(answer.getHeader("content-type")).split(";")[0].trim();
    if (!content.containsKey(type)) {
      throw new AssertionError(seen + ": content-type " + type + ", where openapi.json gives " + content.fieldNames());
    }
    if (!type.endsWith("json")) {
      return;
    }
    String schema = BASE + "#" + responsePointer + "/content/" + escape(type) + "/schema";
    OutputUnit result = SCHEMAS.validator(schema).validate(Json.decodeValue(answer.body()));
    try {
      result.checkValidity();
    } catch (JsonSchemaValidationException e) {
      throw new AssertionError(seen + ": the body does not fit openapi.json's schema: " + result.getErrors(), e);
    }
  }

  /** The pointer of the operation serving {@code method path} (a path under /api), if the document has one. */
  private static Optional<String> operation(String path, String method) {
    String prefix = DOCUMENT.getJsonArray("servers").getJsonObject(0).getString("url");
    if (!path.startsWith(prefix + "/")) {
      return Optional.empty();
    }
    String relative = path.substring(prefix.length());
    JsonObject paths = DOCUMENT.getJsonObject("paths");
    // a path without parameters wins over a template that also matches (/admin/recordings/retention)
    Optional<String> exact = paths.containsKey(relative) ? Optional.of(relative) : Optional.empty();
    Optional<String> template = exact.or(() -> paths.fieldNames().stream()
        .filter(p -> Pattern.matches(p.replaceAll("\\{[^}]+}", "[^/]+"), relative)).findFirst());
    return template.filter(p -> paths.getJsonObject(p).containsKey(method)).map(p -> "/paths/" + escape(p) + "/" + method);
  }

  private static JsonObject at(String pointer) {
    JsonObject node = DOCUMENT;
    for (String step : pointer.substring(1).split("/")) {
      node = node.getJsonObject(step.replace("~1", "/").replace("~0", "~"));
    }
    return node;
  }

  private static String escape(String step) {
    return step.replace("~", "~0").replace("/", "~1");
  }
}
