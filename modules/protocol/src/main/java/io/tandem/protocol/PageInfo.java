package io.tandem.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a tab shows: its URL, title and whether the user can see it. */
public record PageInfo(String url, String title, boolean visible) {

  static PageInfo read(ObjectNode node, String context) {
    return new PageInfo(text(node, "url", context, true), text(node, "title", context, false), visible(node, context));
  }

  /** A {@code page} frame: the same three fields at the top level of the header. */
  public static PageInfo from(Frame frame, Limits limits) {
    PageInfo page = read(frame.header(), "page");
    int size = TrackerHello.utf8(page.url()) + TrackerHello.utf8(page.title());
    if (size > limits.maxMetadataBytes()) {
      throw new ProtocolException(
          ErrorCode.METADATA_TOO_LARGE, "page url and title take " + size + " bytes, over the limit of " + limits.maxMetadataBytes());
    }
    return page;
  }

  private static String text(ObjectNode node, String field, String context, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new ProtocolException(ErrorCode.MISSING_FIELD, "'" + context + "' is missing field '" + field + "'");
      }
      return "";
    }
    if (!value.isTextual()) {
      throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "'" + context + "." + field + "' must be a string");
    }
    return value.textValue();
  }

  private static boolean visible(ObjectNode node, String context) {
    JsonNode value = node.get("visible");
    if (value == null || value.isNull()) {
      return true;
    }
    if (!value.isBoolean()) {
      throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "'" + context + ".visible' must be true or false");
    }
    return value.booleanValue();
  }
}
