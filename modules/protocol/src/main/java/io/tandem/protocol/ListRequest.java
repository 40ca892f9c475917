package io.tandem.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An agent's {@code list}: the window of the session list its console shows. {@code search} is
 * matched, case-insensitively, as a substring of a session's room id, user id, tabs' URLs and
 * titles and metadata ({@code key:value}); {@code project} keeps one project's sessions (null: every
 * project the agent may see). A bad field is refused with a non-fatal error ({@link ErrorCode#LIST_INVALID},
 * or {@link ErrorCode#LIST_WINDOW_TOO_LARGE} above {@code limits.maxListWindow}): the socket, its rooms
 * and its current window stay as they were. {@code id} is echoed in the window it answers, so a console
 * knows which of its requests a whole window belongs to.
 */
public record ListRequest(long id, String search, String project, ListSort sort, int offset, int limit) {

  public static ListRequest from(Frame frame, Limits limits) {
    long id = integer(frame, "id", 0, Long.MAX_VALUE, 0);
    String search = text(frame, "search");
    String project = text(frame, "project");
    ListSort sort = ListSort.NEWEST;
    String sortName = text(frame, "sort");
    if (sortName != null) {
      sort = ListSort.fromWireName(sortName).orElseThrow(() -> invalid("field 'sort' must be one of "
          + Arrays.stream(ListSort.values()).map(ListSort::wireName).collect(Collectors.joining(", "))));
    }
    int offset = (int) integer(frame, "offset", 0, Integer.MAX_VALUE, 0);
    long limit = integer(frame, "limit", 1, Long.MAX_VALUE, -1);
    if (limit < 0) {
      throw invalid("field 'limit' is missing: how many sessions the window holds, 1 to " + limits.maxListWindow());
    }
    if (limit > limits.maxListWindow()) {
      throw new ProtocolException(ErrorCode.LIST_WINDOW_TOO_LARGE,
          "a list window holds at most " + limits.maxListWindow() + " sessions (limits.maxListWindow), not " + limit + "; page with 'offset'");
    }
    return new ListRequest(id, search == null ? "" : search.trim().toLowerCase(Locale.ROOT), project, sort, offset, (int) limit);
  }

  private static String text(Frame frame, String field) {
    JsonNode node = frame.header().get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw invalid("field '" + field + "' must be a string");
    }
    return node.textValue();
  }

  private static long integer(Frame frame, String field, long min, long max, long fallback) {
    JsonNode node = frame.header().get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.canConvertToExactIntegral() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
      throw invalid("field '" + field + "' must be an integer from " + min + (max == Long.MAX_VALUE ? " up" : " to " + max));
    }
    return node.longValue();
  }

  private static ProtocolException invalid(String message) {
    return new ProtocolException(ErrorCode.LIST_INVALID, message + "; the list frame was ignored, the current window stays");
  }
}
