package io.tandem.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a frame's header and finds its payload. The whole frame is checked by a {@link JsonScanner};
 * the payload array is only counted, its bytes stay where they are, and header values are made into
 * a small tree (plain strings, integers and literals directly, anything else through Jackson).
 */
public final class FrameCodec {
  static final String PAYLOAD_FIELD = "d";
  static final String TYPE_FIELD = "t";
  /** Levels of arrays and objects in a frame, the frame object itself being the first. */
  public static final int MAX_NESTING_DEPTH = 200;
  /** Integers of up to this many digits always fit a long. */
  private static final int LONG_SAFE_DIGITS = 18;

  private final ObjectMapper mapper;

  public FrameCodec() {
    this.mapper = JsonMapper.builder().build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(Integer.MAX_VALUE)
                .build());
  }

  /** Decodes one text frame; {@code maxBytes} is the limit of the endpoint it arrived on. */
  public Frame decode(byte[] bytes, int maxBytes) {
    if (bytes.length > maxBytes) {
      throw new ProtocolException(
          ErrorCode.FRAME_TOO_LARGE,
          "frame of " + bytes.length + " bytes is over the limit of " + maxBytes + " bytes");
    }
    JsonScanner scanner = new JsonScanner(bytes, MAX_NESTING_DEPTH);
    if (scanner.peek() != '{') {
      throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "frame must be a JSON object");
    }
    Frame frame = readFrame(scanner, bytes);
    if (scanner.peek() != -1) {
      throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "frame has data after its JSON object");
    }
    return frame;
  }

  private Frame readFrame(JsonScanner scanner, byte[] bytes) {
    scanner.expect('{', "a JSON object");
    ObjectNode header = mapper.createObjectNode();
    Payload payload = null;
    boolean more = scanner.peek() != '}';
    while (more) {
      String field = fieldName(scanner, bytes);
      scanner.expect(':', "':' after a field name");
      if (PAYLOAD_FIELD.equals(field)) {
        payload = readPayload(scanner, bytes);
      } else {
        header.set(field, headerValue(scanner, bytes));
      }
      more = scanner.peek() == ',';
      if (more) {
        scanner.expect(',', "','");
      }
    }
    scanner.expect('}', "',' or '}' in an object");
    return new Frame(readType(header), header, payload);
  }

  private String fieldName(JsonScanner scanner, byte[] bytes) {
    if (scanner.peek() != '"') {
      throw scanner.malformed("a field name in quotes");
    }
    int start = scanner.position();
    boolean escaped = scanner.string();
    return escaped ? tree(bytes, start, scanner.position()).textValue() : text(bytes, start + 1, scanner.position() - 1);
  }

  private static Payload readPayload(JsonScanner scanner, byte[] bytes) {
    if (scanner.peek() != '[') {
      throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "field 'd' must be an array of events");
    }
    int start = scanner.position();
    int count = scanner.array(2);
    return new Payload(bytes, start, scanner.position() - start, count);
  }

  /** A header value as a tree node; the common kinds are made without a parser. */
  private JsonNode headerValue(JsonScanner scanner, byte[] bytes) {
    int first = scanner.peek();
    int start = scanner.position();
    switch (first) {
      case '"' -> {
        boolean escaped = scanner.string();
        return escaped ? tree(bytes, start, scanner.position()) : TextNode.valueOf(text(bytes, start + 1, scanner.position() - 1));
      }
      case 't', 'f', 'n' -> {
        scanner.value(2);
        return first == 'n' ? NullNode.getInstance() : BooleanNode.valueOf(first == 't');
      }
      default -> {
        scanner.value(2);
        JsonNode integer = first == '{' || first == '[' ? null : integer(bytes, start, scanner.position());
        return integer != null ? integer : tree(bytes, start, scanner.position());
      }
    }
  }

  /** A plain integer that fits a long, or null for anything else (fractions, exponents, big numbers). */
  private static JsonNode integer(byte[] bytes, int start, int end) {
    boolean negative = bytes[start] == '-';
    int from = negative ? start + 1 : start;
    if (end - from > LONG_SAFE_DIGITS) {
      return null;
    }
    long value = 0;
    for (int i = from; i < end; i++) {
      if (bytes[i] < '0' || bytes[i] > '9') {
        return null;
      }
      value = value * 10 + (bytes[i] - '0');
    }
    value = negative ? -value : value;
    return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
  }

  /** Builds the tree of a value the scanner has already checked. */
  private JsonNode tree(byte[] bytes, int start, int end) {
    try {
      return mapper.readTree(bytes, start, end - start);
    } catch (JsonProcessingException e) {
      throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "frame is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(byte[] bytes, int start, int end) {
    return new String(bytes, start, end - start, StandardCharsets.UTF_8);
  }

  private static FrameType readType(ObjectNode header) {
    JsonNode type = header.get(TYPE_FIELD);
    if (type == null) {
      throw new ProtocolException(ErrorCode.MISSING_FIELD, "frame is missing field 't' (its type)");
    }
    if (!type.isTextual()) {
      throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "field 't' must be a string");
    }
    return FrameType.fromWireName(type.textValue())
        .orElseThrow(
            () -> new ProtocolException(
                ErrorCode.UNKNOWN_TYPE, "unknown frame type '" + abbreviate(type.textValue()) + "'"));
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
