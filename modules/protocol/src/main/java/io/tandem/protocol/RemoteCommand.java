package io.tandem.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A {@code control} or {@code annotate} frame: something an agent does on one tab of the user's
 * page. {@code body} holds only the validated fields, which is what the tab receives.
 */
public record RemoteCommand(FrameType type, String room, String tab, ObjectNode body, ObjectNode header) implements AgentRequest {
  private static final Map<String, String> NEEDS = Map.of(
      "click", "'node' or 'x' and 'y'", "scroll", "'x' and 'y'", "input", "'node' and 'text'", "key", "'key'", "visit", "'url'");
  private static final int MAX_KEY_LENGTH = 32;
  private static final int MAX_STROKE_ID_LENGTH = 64;
  private static final int MAX_COLOR_LENGTH = 32;
  private static final double MAX_STROKE_WIDTH = 64;

  static RemoteCommand control(Frame frame, Limits limits) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    String action = frame.requiredText("action");
    if (!NEEDS.containsKey(action)) {
      throw malformed("'action' of 'control' must be one of click, scroll, input, key, visit");
    }
    body.put("action", action);
    copyInteger(frame, "node", body);
    copyNumber(frame, "x", body);
    copyNumber(frame, "y", body);
    copyText(frame, "text", limits.maxControlTextBytes(), body);
    copyText(frame, "url", limits.maxControlTextBytes(), body);
    frame.optionalText("key").ifPresent(key -> {
      if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
        throw malformed("'key' must be a key name of 1 to " + MAX_KEY_LENGTH + " characters, like 'Enter'");
      }
      body.put("key", key);
    });
    requireFor(action, body);
    return new RemoteCommand(FrameType.CONTROL, TrackerHello.id(frame, "room"), TrackerHello.id(frame, "tab"), body, frame.header());
  }

  static RemoteCommand annotation(Frame frame, Limits limits) {
    ObjectNode stroke = frame.requiredObject("stroke");
    ObjectNode clean = JsonNodeFactory.instance.objectNode();
    clean.put("id", boundedText(stroke.get("id"), "stroke.id", MAX_STROKE_ID_LENGTH));
    clean.set("points", points(stroke.get("points"), limits.maxStrokePoints()));
    clean.put("color", boundedText(stroke.get("color"), "stroke.color", MAX_COLOR_LENGTH));
    JsonNode width = stroke.get("width");
    if (width == null || !width.isNumber() || width.doubleValue() <= 0 || width.doubleValue() > MAX_STROKE_WIDTH) {
      throw malformed("'stroke.width' must be a number above 0 and at most " + MAX_STROKE_WIDTH);
    }
    clean.put("width", width.doubleValue());
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("stroke", clean);
    body.put("done", frame.optionalBoolean("done", false));
    return new RemoteCommand(FrameType.ANNOTATE, TrackerHello.id(frame, "room"), TrackerHello.id(frame, "tab"), body, frame.header());
  }

  private static void requireFor(String action, ObjectNode body) {
    boolean complete = switch (action) {
      case "click" -> body.has("node") || (body.has("x") && body.has("y"));
      case "scroll" -> body.has("x") && body.has("y");
      case "input" -> body.has("node") && body.has("text");
      case "key" -> body.has("key");
      default -> body.has("url");
    };
    if (!complete) {
      throw new ProtocolException(ErrorCode.MISSING_FIELD, "'control' " + action + " needs " + NEEDS.get(action));
    }
  }

  private static ArrayNode points(JsonNode node, int maxPoints) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw malformed("'stroke.points' must be a non-empty array of [x, y] pairs");
    }
    if (node.size() > maxPoints) {
      throw new ProtocolException(ErrorCode.STROKE_TOO_LARGE,
          "a stroke of " + node.size() + " points is over the limit of " + maxPoints + "; send it in parts");
    }
    ArrayNode points = JsonNodeFactory.instance.arrayNode();
    for (JsonNode point : node) {
      if (!point.isArray() || point.size() != 2 || !finite(point.get(0)) || !finite(point.get(1))) {
        throw malformed("every point of 'stroke.points' must be an [x, y] pair of numbers");
      }
      points.addArray().add(point.get(0).doubleValue()).add(point.get(1).doubleValue());
    }
    return points;
  }

  private static void copyInteger(Frame frame, String field, ObjectNode body) {
    JsonNode node = frame.header().get(field);
    if (node != null && !node.isNull()) {
      if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
        throw malformed("'" + field + "' must be an integer");
      }
      body.put(field, node.longValue());
    }
  }

  private static void copyNumber(Frame frame, String field, ObjectNode body) {
    JsonNode node = frame.header().get(field);
    if (node != null && !node.isNull()) {
      if (!finite(node)) {
        throw malformed("'" + field + "' must be a number");
      }
      body.put(field, node.doubleValue());
    }
  }

  private static void copyText(Frame frame, String field, int maxBytes, ObjectNode body) {
    frame.optionalText(field).ifPresent(text -> {
      int size = text.getBytes(StandardCharsets.UTF_8).length;
      if (size > maxBytes) {
        throw new ProtocolException(ErrorCode.CONTROL_TEXT_TOO_LARGE,
            "'" + field + "' of " + size + " bytes is over the limit of " + maxBytes + " bytes");
      }
      body.put(field, text);
    });
  }

  private static String boundedText(JsonNode node, String field, int maxLength) {
    if (node == null || !node.isTextual() || node.textValue().isEmpty() || node.textValue().length() > maxLength) {
      throw malformed("'" + field + "' must be a string of 1 to " + maxLength + " characters");
    }
    return node.textValue();
  }

  private static boolean finite(JsonNode node) {
    return node != null && node.isNumber() && Double.isFinite(node.doubleValue());
  }

  private static ProtocolException malformed(String message) {
    return new ProtocolException(ErrorCode.MALFORMED_FRAME, message);
  }
}
