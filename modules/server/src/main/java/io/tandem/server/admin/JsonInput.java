package io.tandem.server.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request body read field by field. Every problem becomes an {@link InvalidRequest} naming the
 * field, and fields the endpoint does not know are refused, so a typo is not silently ignored.
 */
final class JsonInput {
  private final JsonObject body;
  /** What goes before a field's name in messages and in the problem's {@code field}: "" or "privacy.". */
  private final String prefix;

  private JsonInput(JsonObject body, String prefix) {
    this.body = body;
    this.prefix = prefix;
  }

  static JsonInput of(RoutingContext ctx, Set<String> known) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw new InvalidRequest("the body is not valid JSON: " + e.getMessage());
    }
    if (body == null) {
      throw new InvalidRequest("the body must be a JSON object");
    }
    for (String field : body.fieldNames()) {
      if (!known.contains(field)) {
        throw new InvalidRequest(field, "unknown field '" + field + "'; expected some of " + known.stream().sorted().toList());
      }
    }
    return new JsonInput(body, "");
  }

  boolean has(String field) {
    return body.containsKey(field);
  }

  /** The field is there with the value null. */
  boolean isNull(String field) {
    return body.containsKey(field) && body.getValue(field) == null;
  }

  String requiredString(String field, Pattern format, String formatDescription) {
    return string(field, format, formatDescription).orElseThrow(() -> invalid(field, "'" + prefix + field + "' is required"));
  }

  Optional<String> string(String field, Pattern format, String formatDescription) {
    if (!body.containsKey(field)) {
      return Optional.empty();
    }
    if (!(body.getValue(field) instanceof String value)) {
      throw invalid(field, "'" + prefix + field + "' must be a string");
    }
    if (!format.matcher(value).matches()) {
      throw invalid(field, "'" + prefix + field + "' must be " + formatDescription);
    }
    return Optional.of(value);
  }

  Optional<List<String>> strings(String field, Pattern format, String formatDescription) {
    if (!body.containsKey(field)) {
      return Optional.empty();
    }
    if (!(body.getValue(field) instanceof JsonArray array)) {
      throw invalid(field, "'" + prefix + field + "' must be an array of strings");
    }
    for (Object item : array) {
      if (!(item instanceof String value) || !format.matcher(value).matches()) {
        throw invalid(field, "every item of '" + prefix + field + "' must be " + formatDescription + "; got " + item);
      }
    }
    return Optional.of(array.stream().map(String.class::cast).distinct().toList());
  }

  Optional<Boolean> bool(String field) {
    if (!body.containsKey(field)) {
      return Optional.empty();
    }
    if (!(body.getValue(field) instanceof Boolean value)) {
      throw invalid(field, "'" + prefix + field + "' must be true or false");
    }
    return Optional.of(value);
  }

  Optional<Integer> integer(String field, int min, int max) {
    if (!body.containsKey(field)) {
      return Optional.empty();
    }
    if (!(body.getValue(field) instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
        || number.longValue() < min || number.longValue() > max) {
      throw invalid(field, "'" + prefix + field + "' must be a whole number from " + min + " to " + max);
    }
    return Optional.of(number.intValue());
  }

  Optional<JsonInput> object(String field, Set<String> known) {
    if (!body.containsKey(field)) {
      return Optional.empty();
    }
    if (!(body.getValue(field) instanceof JsonObject value)) {
      throw invalid(field, "'" + prefix + field + "' must be an object");
    }
    for (String inner : value.fieldNames()) {
      if (!known.contains(inner)) {
        throw invalid(field + "." + inner, "unknown field '" + prefix + field + "." + inner + "'; expected some of " + known.stream().sorted().toList());
      }
    }
    return Optional.of(new JsonInput(value, prefix + field + "."));
  }

  /** A refusal about {@code field} of this object, named from the top of the body. */
  private InvalidRequest invalid(String field, String message) {
    return new InvalidRequest(prefix + field, message);
  }
}
