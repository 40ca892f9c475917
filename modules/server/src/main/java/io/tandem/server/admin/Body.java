package io.tandem.server.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * A request body that passed {@code openapi.json}, read by the names its schema declares. The
 * document refuses fields it does not declare ({@code additionalProperties: false}), so a field
 * missing from it could never arrive; reading one is a mistake in the server, and fails at once,
 * naming it, in whichever test calls the operation.
 */
final class Body {
  private final JsonObject json;
  private final JsonObject schema;
  private final DocumentSchemas schemas;
  private final String operationId;
  /** What goes before a field's name: "" or "privacy.". */
  private final String prefix;

  Body(JsonObject json, JsonObject schema, DocumentSchemas schemas, String operationId, String prefix) {
    this.json = json;
    this.schema = schema;
    this.schemas = schemas;
    this.operationId = operationId;
    this.prefix = prefix;
  }

  /** The field is there, null or not. */
  boolean has(String field) {
    return json.containsKey(declared(field));
  }

  Optional<String> string(String field) {
    return Optional.ofNullable(json.getString(declared(field)));
  }

  Optional<Integer> integer(String field) {
    return Optional.ofNullable(json.getInteger(declared(field)));
  }

  Optional<Boolean> bool(String field) {
    return Optional.ofNullable(json.getBoolean(declared(field)));
  }

  /** The strings of an array field, each once, in their order. */
  Optional<List<String>> strings(String field) {
    JsonArray array = json.getJsonArray(declared(field));
    return Optional.ofNullable(array).map(a -> a.stream().map(String.class::cast).distinct().toList());
  }

  Optional<Body> object(String field) {
    JsonObject inner = json.getJsonObject(declared(field));
    return Optional.ofNullable(inner).map(o -> new Body(o, schemas.at(schema, List.of(field)), schemas, operationId, prefix + field + "."));
  }

  /** A handler read a body field the document does not declare: a mistake in the server, told in its 500 so the failing test names it. */
  static final class UndeclaredField extends IllegalStateException {
    UndeclaredField(String message) {
      super(message);
    }
  }

  private String declared(String field) {
    if (!schemas.properties(schema).contains(field)) {
      throw new UndeclaredField("the handler of " + operationId + " reads the body field '" + prefix + field
          + "', which openapi.json does not declare (it declares " + schemas.properties(schema).stream().sorted().toList()
          + "): add it to the document, with its rules");
    }
    return field;
  }
}
