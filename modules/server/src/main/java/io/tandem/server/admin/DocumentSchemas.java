package io.tandem.server.admin;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The schemas of {@code openapi.json} as published (before {@link ApiContract}'s rewrites), found by operation and by path. */
final class DocumentSchemas {
  private final JsonObject document;

  DocumentSchemas(JsonObject document) {
    this.document = document;
  }

  JsonObject operation(String operationId) {
    JsonObject paths = document.getJsonObject("paths");
    return paths.fieldNames().stream().map(paths::getJsonObject)
        .flatMap(item -> item.fieldNames().stream().map(item::getValue))
        .filter(op -> op instanceof JsonObject o && operationId.equals(o.getString("operationId")))
        .map(JsonObject.class::cast).findFirst()
        .orElseThrow(() -> new IllegalStateException("no operation " + operationId + " in openapi.json"));
  }

  /** The schema of the operation's JSON body, resolved. */
  JsonObject body(String operationId) {
    return resolve(operation(operationId).getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json").getJsonObject("schema"));
  }

  /** The schema of what sits at {@code at} (property names and array indexes) in a value of {@code root}, resolved. */
  JsonObject at(JsonObject root, List<String> at) {
    JsonObject schema = resolve(root);
    for (String step : at) {
      schema = resolve(isIndex(step) ? schema.getJsonObject("items", new JsonObject())
          : schema.getJsonObject("properties", new JsonObject()).getJsonObject(step, new JsonObject()));
    }
    return schema;
  }

  JsonObject resolve(JsonObject schema) {
    String ref = schema.getString("$ref");
    if (ref == null) {
      return schema;
    }
    JsonObject target = document;
    for (String step : pointer(ref.substring(1))) {
      target = target.getJsonObject(step);
    }
    return resolve(target);
  }

  /** The property names an object schema declares. */
  Set<String> properties(JsonObject schema) {
    return Optional.ofNullable(resolve(schema).getJsonObject("properties")).map(JsonObject::fieldNames).map(Set::copyOf).orElse(Set.of());
  }

  static boolean isIndex(String step) {
    return !step.isEmpty() && step.chars().allMatch(Character::isDigit);
  }

  /** A JSON pointer ("/privacy/preJoinBufferSeconds", or as a URI fragment "#/privacy/...") as its steps. */
  static List<String> pointer(String pointer) {
    String path = pointer.startsWith("#") ? pointer.substring(1) : pointer;
    if (path.isEmpty() || "/".equals(path)) {
      return List.of();
    }
    return Arrays.stream(path.substring(1).split("/", -1)).map(s -> s.replace("~1", "/").replace("~0", "~")).toList();
  }
}
