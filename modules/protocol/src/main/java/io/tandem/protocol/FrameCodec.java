package io.tandem.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads a frame's header and finds its payload. The payload array is scanned only to check that it
 * is well-formed JSON and to count its elements; its bytes stay where they are.
 */
public final class FrameCodec {
  static final String PAYLOAD_FIELD = "d";
  static final String TYPE_FIELD = "t";
  private static final int MAX_NESTING_DEPTH = 200;

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
    try (JsonParser parser = mapper.getFactory().createParser(bytes)) {
      return readFrame(parser, bytes);
    } catch (JsonProcessingException e) {
      throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "frame is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Frame readFrame(JsonParser parser, byte[] bytes) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "frame must be a JSON object");
    }
    ObjectNode header = mapper.createObjectNode();
    Payload payload = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      if (PAYLOAD_FIELD.equals(field)) {
        payload = readPayload(parser, bytes);
      } else {
        header.set(field, mapper.readTree(parser));
      }
    }
    if (parser.nextToken() != null) {
      throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "frame has data after its JSON object");
    }
    return new Frame(readType(header), header, payload);
  }

  private static Payload readPayload(JsonParser parser, byte[] bytes) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "field 'd' must be an array of events");
    }
    int start = (int) parser.currentTokenLocation().getByteOffset();
    int count = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      count++;
      parser.skipChildren();
    }
    int end = (int) parser.currentLocation().getByteOffset();
    return new Payload(bytes, start, end - start, count);
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

  ObjectMapper mapper() {
    return mapper;
  }
}
