package io.tandem.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@code join}: the room, and what the console already holds of it. {@code since} maps a tab id to
 * the last {@code seq} the console took from that tab (it reconnected, say after its node died): the
 * owner sends only the batches after it, so a console that rejoins does not download and replay the
 * room's whole history again. A tab it does not name is sent whole.
 */
public record JoinRequest(String room, Map<String, Long> since) {

  public static JoinRequest from(Frame frame, Limits limits) {
    String room = TrackerHello.id(frame, "room");
    Map<String, Long> since = new HashMap<>();
    frame.optionalObject("since").ifPresent(tabs -> {
      if (tabs.size() > limits.maxTabsPerRoom()) {
        throw new ProtocolException(ErrorCode.MALFORMED_FRAME,
            "'since' names " + tabs.size() + " tabs; a session has at most " + limits.maxTabsPerRoom() + " (limits.maxTabsPerRoom)");
      }
      tabs.fields().forEachRemaining(tab -> since.put(TrackerHello.id(tab.getKey(), "a key of 'since' (a tab id)"), seq(tab.getKey(), tab.getValue())));
    });
    return new JoinRequest(room, Map.copyOf(since));
  }

  private static long seq(String tab, JsonNode value) {
    if (!value.canConvertToExactIntegral() || !value.canConvertToLong() || value.longValue() < 0) {
      throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "'since." + tab + "' must be a seq: an integer of 0 or more");
    }
    return value.longValue();
  }
}
