package io.tandem.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A decoded frame: its type, its header fields as a small JSON tree, and its payload bytes if it
 * has one. The accessors validate as they read, so a typed frame is built in one pass and every
 * problem surfaces as a {@link ProtocolException} that names the field.
 */
public record Frame(FrameType type, ObjectNode header, Payload payload) {

  public String requiredText(String field) {
    JsonNode node = required(field);
    if (!node.isTextual()) {
      throw wrongType(field, "a string");
    }
    return node.textValue();
  }

  public Optional<String> optionalText(String field) {
    JsonNode node = header.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw wrongType(field, "a string");
    }
    return Optional.of(node.textValue());
  }

  public long requiredLong(String field) {
    JsonNode node = required(field);
    if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
      throw wrongType(field, "an integer");
    }
    return node.longValue();
  }

  public boolean optionalBoolean(String field, boolean fallback) {
    JsonNode node = header.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      throw wrongType(field, "true or false");
    }
    return node.booleanValue();
  }

  public ObjectNode requiredObject(String field) {
    JsonNode node = required(field);
    if (!node.isObject()) {
      throw wrongType(field, "an object");
    }
    return (ObjectNode) node;
  }

  public Optional<ObjectNode> optionalObject(String field) {
    JsonNode node = header.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw wrongType(field, "an object");
    }
    return Optional.of((ObjectNode) node);
  }

  public Payload requiredPayload() {
    if (payload == null) {
      throw new ProtocolException(
          ErrorCode.MISSING_FIELD, "'" + type.wireName() + "' frame is missing field 'd' (the events array)");
    }
    return payload;
  }

  private JsonNode required(String field) {
    JsonNode node = header.get(field);
    if (node == null || node.isNull()) {
      throw new ProtocolException(
          ErrorCode.MISSING_FIELD, "'" + type.wireName() + "' frame is missing field '" + field + "'");
    }
    return node;
  }

  private ProtocolException wrongType(String field, String expected) {
    return new ProtocolException(
        ErrorCode.MALFORMED_FRAME,
        "field '" + field + "' of a '" + type.wireName() + "' frame must be " + expected);
  }
}
