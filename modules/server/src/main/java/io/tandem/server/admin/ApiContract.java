package io.tandem.server.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;

/**
 * {@code openapi.json} as Vert.x's OpenAPI support validates with it. The published document is
 * OpenAPI 3.0, read by JSON Schema validators with ECMA-262 regular expressions; two of its
 * meanings are spelled out here for the Java validator, which knows neither:
 * <ul>
 *   <li>{@code nullable: true} (3.0's way to allow null): the schema becomes
 *       {@code anyOf: [schema, {enum: [null]}]};</li>
 *   <li>a {@code pattern}'s final {@code $} is the end of the text in ECMA-262, while Java's
 *       {@code $} also matches before a final line break: it becomes {@code \z}.</li>
 * </ul>
 */
public final class ApiContract {
  private static final String ADMIN_PATHS = "/admin/";

  private ApiContract() {}

  /**
   * The document's admin operations (those {@link ApiRouter} validates), as the contract the
   * requests are checked against. Their answers are left out: the node does not check its own
   * answers (the tests do, against the whole document), and Vert.x 5.0 refuses to read a contract
   * whose answers are {@code application/problem+json} or {@code video/webm}. The server
   * {@code /api} becomes {@code http://localhost/api}: Vert.x takes only a server's path, but
   * from an absolute URL.
   */
  static Future<OpenAPIContract> admin(Vertx vertx, JsonObject document) {
    JsonObject admin = validating(document);
    JsonObject paths = admin.getJsonObject("paths");
    paths.fieldNames().removeIf(path -> !path.startsWith(ADMIN_PATHS));
    paths.forEach(path -> ((JsonObject) path.getValue()).forEach(operation ->
        ((JsonObject) operation.getValue()).put("responses", new JsonObject().put("default", new JsonObject().put("description", "see openapi.json")))));
    admin.getJsonArray("servers").stream().map(JsonObject.class::cast).forEach(server -> server.put("url", "http://localhost" + server.getString("url")));
    return OpenAPIContract.from(vertx, admin);
  }

  /** A copy of the document with the rewrites above, for Vert.x's JSON Schema validator. */
  public static JsonObject validating(JsonObject document) {
    return (JsonObject) rewritten(document.copy());
  }

  private static Object rewritten(Object value) {
    if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, rewritten(array.getValue(i)));
      }
      return array;
    }
    if (!(value instanceof JsonObject object)) {
      return value;
    }
    for (String field : object.fieldNames()) {
      object.put(field, rewritten(object.getValue(field)));
    }
    if (object.getValue("pattern") instanceof String pattern && pattern.endsWith("$")) {
      object.put("pattern", pattern.substring(0, pattern.length() - 1) + "\\z");
    }
    if (Boolean.TRUE.equals(object.remove("nullable"))) {
      JsonObject schema = object.copy();
      object.clear();
      object.put("anyOf", new JsonArray().add(schema).add(new JsonObject().put("enum", new JsonArray().addNull())));
    }
    return object;
  }
}
