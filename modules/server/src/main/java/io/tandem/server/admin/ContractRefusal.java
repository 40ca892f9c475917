package io.tandem.server.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A request {@code openapi.json} refuses, told as the API tells every refusal: an
 * {@link InvalidRequest} naming the field at fault ({@code privacy.preJoinBufferSeconds}) and
 * what it must be, in words taken from the document's schema for that field (its bounds, its
 * choices, or the {@code description} of a string with a pattern).
 */
final class ContractRefusal {
  /** Vert.x names a parameter only in its messages, always as "query parameter limit" (ValidatorException's factories). */
  private static final Pattern PARAMETER = Pattern.compile("(?:path|query) parameter (\\S+?)(?:[ .]|$)");
  private static final Pattern QUOTED = Pattern.compile("\"(.*)\"");

  private final DocumentSchemas schemas;

  ContractRefusal(DocumentSchemas schemas) {
    this.schemas = schemas;
  }

  InvalidRequest of(String operationId, ValidatorException refused) {
    JsonObject operation = schemas.operation(operationId);
    Matcher parameter = PARAMETER.matcher(refused.getMessage());
    if (parameter.find()) {
      return parameter(operation, parameter.group(1), refused);
    }
    if (refused instanceof SchemaValidationException invalid && invalid.getOutputUnit().getErrors() != null) {
      JsonObject body = schemas.body(operationId);
      return body(body, mostSpecific(invalid.getOutputUnit().getErrors().stream().filter(e -> !undeclaredButDeclared(body, e)).toList()));
    }
    return new InvalidRequest(refused.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT
        ? "the body must be JSON, sent as content-type application/json"
        : refused.type() == ValidatorErrorType.ILLEGAL_VALUE ? "the body is not valid JSON" : "the body must be a JSON object");
  }

  private InvalidRequest parameter(JsonObject operation, String name, ValidatorException refused) {
    JsonObject schema = operation.getJsonArray("parameters", new JsonArray()).stream().map(JsonObject.class::cast)
        .filter(p -> name.equals(p.getString("name"))).findFirst().map(p -> p.getJsonObject("schema")).orElse(new JsonObject());
    if (refused.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER) {
      return new InvalidRequest(name, "'" + name + "' is required");
    }
    return new InvalidRequest(name, "'" + name + "' must be " + expected(schema));
  }

  /**
   * An additionalProperties error about a property the schema does declare: Vert.x counts a
   * declared property whose value fails as "additional" too, beside the real reason.
   */
  private boolean undeclaredButDeclared(JsonObject body, OutputUnit error) {
    List<String> at = DocumentSchemas.pointer(error.getInstanceLocation());
    return keyword(error).equals("additionalProperties") && !at.isEmpty()
        && schemas.properties(schemas.at(body, at.subList(0, at.size() - 1))).contains(at.get(at.size() - 1));
  }

  private static String keyword(OutputUnit error) {
    return error.getKeywordLocation().substring(error.getKeywordLocation().lastIndexOf('/') + 1);
  }

  /** The error deepest in the body, the last of those: Vert.x lists a failing property before the reasons it fails. */
  private static OutputUnit mostSpecific(List<OutputUnit> errors) {
    return errors.stream().reduce((a, b) -> depth(b) >= depth(a) ? b : a).orElseThrow();
  }

  private static int depth(OutputUnit error) {
    return DocumentSchemas.pointer(error.getInstanceLocation()).size();
  }

  private InvalidRequest body(JsonObject root, OutputUnit error) {
    List<String> at = DocumentSchemas.pointer(error.getInstanceLocation());
    switch (keyword(error)) {
      case "additionalProperties" -> {
        String field = field(at);
        JsonObject parent = schemas.at(root, at.subList(0, at.size() - 1));
        return new InvalidRequest(field, "unknown field '" + field + "'; expected some of " + names(parent));
      }
      case "required" -> {
        Matcher key = QUOTED.matcher(error.getError());
        List<String> missing = new ArrayList<>(at);
        missing.add(key.find() ? key.group(1) : "?");
        return new InvalidRequest(field(missing), "'" + field(missing) + "' is required");
      }
      case "minProperties" -> {
        String where = at.isEmpty() ? "the body" : "'" + field(at) + "'";
        return new InvalidRequest(at.isEmpty() ? null : field(at), where + " must name at least one of " + names(schemas.at(root, at)));
      }
      default -> {
        boolean item = !at.isEmpty() && DocumentSchemas.isIndex(at.get(at.size() - 1));
        String field = field(at);
        if (field.isEmpty()) {
          return new InvalidRequest("the body must be " + expected(schemas.at(root, at)));
        }
        return new InvalidRequest(field, (item ? "every item of '" + field + "'" : "'" + field + "'") + " must be " + expected(schemas.at(root, at)));
      }
    }
  }

  /** What a value of this schema is, in words. */
  private String expected(JsonObject unresolved) {
    JsonObject schema = schemas.resolve(unresolved);
    String orNull = schema.getBoolean("nullable", false) ? " or null" : "";
    JsonArray choices = schema.getJsonArray("enum");
    if (choices != null) {
      return choices.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(" or ")) + orNull;
    }
    return switch (schema.getString("type", "object")) {
      case "integer" -> wholeNumber(schema) + orNull;
      case "boolean" -> "true or false" + orNull;
      case "array" -> "an array of " + expected(schema.getJsonObject("items", new JsonObject())) + atLeast(schema) + orNull;
      case "string" -> schema.containsKey("pattern") || schema.containsKey("minLength") ? schema.getString("description") + orNull
          : "date-time".equals(schema.getString("format")) ? "an ISO-8601 instant such as 2025-01-31T12:00:00Z" + orNull : "a string" + orNull;
      default -> "an object" + orNull;
    };
  }

  private static String wholeNumber(JsonObject schema) {
    Long min = schema.getLong("minimum");
    Long max = schema.getLong("maximum");
    if (min != null && max != null) {
      return "a whole number from " + min + " to " + max;
    }
    return min != null ? "a whole number of at least " + min : "a whole number";
  }

  private static String atLeast(JsonObject array) {
    int min = array.getInteger("minItems", 0);
    return min == 0 ? "" : ", at least " + min;
  }

  private List<String> names(JsonObject object) {
    return schemas.properties(object).stream().sorted().toList();
  }

  /** {@code privacy.preJoinBufferSeconds}: the path's property names; an array's indexes name no field. */
  private static String field(List<String> at) {
    return at.stream().filter(step -> !DocumentSchemas.isIndex(step)).collect(Collectors.joining("."));
  }
}
