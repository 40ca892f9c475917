package io.tandem.bench.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The schemas of an OpenAPI 3.0 document, for the REST fuzzer: a value that fits a schema, and
 * the ways an answer does not fit one. Covers what the admin API's document uses: {@code $ref},
 * {@code type}, {@code nullable}, {@code properties}, {@code required}, {@code additionalProperties: false},
 * {@code items}, {@code enum}, {@code minimum}/{@code maximum}, {@code minLength}/{@code maxLength},
 * {@code pattern} (ids), {@code format: date-time}.
 */
final class ApiSchemas {
  private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final JsonObject document;

  ApiSchemas(JsonObject document) {
    this.document = document;
  }

  JsonObject resolve(JsonObject schema) {
    String ref = schema.getString("$ref");
    if (ref == null) {
      return schema;
    }
    JsonObject target = document;
    for (String part : ref.substring(2).split("/")) {
      target = target.getJsonObject(part);
    }
    return resolve(target);
  }

  /** A value the schema accepts. */
  Object valid(JsonObject schema, Random random) {
    JsonObject s = resolve(schema);
    JsonArray choices = s.getJsonArray("enum");
    if (choices != null) {
      return choices.getValue(random.nextInt(choices.size()));
    }
    return switch (s.getString("type", "object")) {
      case "string" -> string(s, random);
      case "integer" -> s.getInteger("minimum", 0) + random.nextInt(Math.max(1, s.getInteger("maximum", 1000) - s.getInteger("minimum", 0) + 1));
      case "number" -> random.nextDouble() * 100;
      case "boolean" -> random.nextBoolean();
      case "array" -> {
        JsonArray items = new JsonArray();
        for (int i = random.nextInt(3); i > 0; i--) {
          items.add(valid(s.getJsonObject("items", new JsonObject().put("type", "string")), random));
        }
        yield items;
      }
      default -> {
        JsonObject object = new JsonObject();
        JsonObject properties = s.getJsonObject("properties", new JsonObject());
        JsonArray required = s.getJsonArray("required", new JsonArray());
        for (String name : properties.fieldNames()) {
          if (required.contains(name) || random.nextBoolean()) {
            object.put(name, valid(properties.getJsonObject(name), random));
          }
        }
        yield object;
      }
    };
  }

  private static String string(JsonObject s, Random random) {
    if ("date-time".equals(s.getString("format"))) {
      return Instant.now().minusSeconds(random.nextInt(86_400)).toString();
    }
    int min = s.getInteger("minLength", 1);
    int max = Math.min(s.getInteger("maxLength", 16), Math.max(min, 16));
    StringBuilder text = new StringBuilder("f");
    int length = min + random.nextInt(Math.max(1, max - min + 1));
    while (text.length() < length) {
      text.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
    }
    return text.toString();
  }

  /** Where {@code value} does not fit {@code schema}; empty when it fits. */
  List<String> mismatches(JsonObject schema, Object value, String at) {
    JsonObject s = resolve(schema);
    List<String> found = new ArrayList<>();
    if (value == null) {
      if (!s.getBoolean("nullable", false)) {
        found.add(at + ": null, not nullable");
      }
      return found;
    }
    String type = s.getString("type");
    if (type != null && !fits(type, value)) {
      found.add(at + ": " + value.getClass().getSimpleName() + " where the document says " + type);
      return found;
    }
    JsonArray choices = s.getJsonArray("enum");
    if (choices != null && !choices.contains(value)) {
      found.add(at + ": " + value + " is not one of " + choices.encode());
    }
    if (value instanceof JsonObject object) {
      JsonObject properties = s.getJsonObject("properties", new JsonObject());
      for (Object name : s.getJsonArray("required", new JsonArray())) {
        if (!object.containsKey((String) name)) {
          found.add(at + ": required '" + name + "' is missing");
        }
      }
      for (String name : object.fieldNames()) {
        if (properties.containsKey(name)) {
          found.addAll(mismatches(properties.getJsonObject(name), object.getValue(name), at + "." + name));
        } else if (Boolean.FALSE.equals(s.getValue("additionalProperties"))) {
          found.add(at + ": '" + name + "' is not in the document");
        }
      }
    }
    if (value instanceof JsonArray array && s.containsKey("items")) {
      for (int i = 0; i < array.size(); i++) {
        found.addAll(mismatches(s.getJsonObject("items"), array.getValue(i), at + "[" + i + "]"));
      }
    }
    return found;
  }

  private static boolean fits(String type, Object value) {
    return switch (type) {
      case "object" -> value instanceof JsonObject;
      case "array" -> value instanceof JsonArray;
      case "string" -> value instanceof String;
      case "integer" -> value instanceof Integer || value instanceof Long;
      case "number" -> value instanceof Number;
      case "boolean" -> value instanceof Boolean;
      default -> true;
    };
  }
}
