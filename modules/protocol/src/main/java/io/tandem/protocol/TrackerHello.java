package io.tandem.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The first frame of a tracker socket: which project, session and tab, and what the tab shows. */
public record TrackerHello(
    String projectKey,
    String sessionId,
    String sessionSecret,
    String tabId,
    PageInfo page,
    Optional<String> userId,
    Map<String, String> metadata) {

  static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");
  /** At least 128 bits of base64url, what a guess cannot reach. */
  private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{22,128}");

  public static TrackerHello from(Frame frame, Limits limits) {
    ProtocolVersion.check(frame);
    TrackerHello hello =
        new TrackerHello(
            frame.requiredText("projectKey"),
            id(frame, "sessionId"),
            secret(frame),
            id(frame, "tabId"),
            PageInfo.read(frame.requiredObject("page"), "page"),
            frame.optionalText("userId"),
            metadata(frame.optionalObject("metadata")));
    hello.checkSize(limits.maxMetadataBytes());
    return hello;
  }

  static String id(Frame frame, String field) {
    return id(frame.requiredText(field), "'" + field + "'");
  }

  /** An id of the wire (session, tab, room); {@code named} is how the error names it. */
  static String id(String value, String named) {
    if (!ID.matcher(value).matches()) {
      throw new ProtocolException(ErrorCode.INVALID_ID, named + " must be 8 to 64 characters of A-Z, a-z, 0-9, '_' or '-'");
    }
    return value;
  }

  /**
   * The session's secret, which only the browser session that created the session holds: without
   * it nothing attaches to a session, so a missing or odd one gets the same code as a wrong one.
   */
  private static String secret(Frame frame) {
    return frame.optionalText("sessionSecret").filter(value -> SECRET.matcher(value).matches())
        .orElseThrow(() -> new ProtocolException(ErrorCode.SESSION_PROOF_FAILED,
            "'sessionSecret' must be the session's secret: 22 to 128 characters of A-Z, a-z, 0-9, '_' or '-'"));
  }

  private static Map<String, String> metadata(Optional<ObjectNode> node) {
    Map<String, String> metadata = new LinkedHashMap<>();
    node.ifPresent(
        object ->
            object.fields().forEachRemaining(entry -> metadata.put(entry.getKey(), metadataValue(entry))));
    return metadata;
  }

  private static String metadataValue(Map.Entry<String, JsonNode> entry) {
    if (!entry.getValue().isTextual()) {
      throw new ProtocolException(
          ErrorCode.MALFORMED_FRAME, "metadata value '" + entry.getKey() + "' must be a string");
    }
    return entry.getValue().textValue();
  }

  private void checkSize(int maxBytes) {
    int size = utf8(page.url()) + utf8(page.title()) + userId.map(TrackerHello::utf8).orElse(0);
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      size += utf8(entry.getKey()) + utf8(entry.getValue());
    }
    if (size > maxBytes) {
      throw new ProtocolException(
          ErrorCode.METADATA_TOO_LARGE,
          "user id, page and metadata take " + size + " bytes, over the limit of " + maxBytes);
    }
  }

  /** Leaves the secret out, so a hello that ends up in a log gives nobody the session. */
  @Override
  public String toString() {
    return "TrackerHello[sessionId=" + sessionId + ", tabId=" + tabId + "]";
  }

  static int utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
