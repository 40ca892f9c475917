package io.tandem.server.sessionlist;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.protocol.ServerFrames;
import io.tandem.protocol.SessionSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a window changed between two pushes: the sessions that came into it (whole), the changed
 * fields of those that stayed, the ids of those that left, and the new total. Where an entry sits
 * follows from the window's sort, whose keys an entry never changes, so moves need no words.
 */
record WindowDelta(int total, List<SessionSummary> added, List<ObjectNode> changed, List<String> removed) {

  /** Empty when the window and the total are as they were. */
  static Optional<WindowDelta> between(List<SessionSummary> before, int totalBefore, List<SessionSummary> after, int totalAfter) {
    if (before.equals(after) && totalBefore == totalAfter) {
      return Optional.empty();
    }
    Map<String, SessionSummary> old = new HashMap<>();
    before.forEach(s -> old.put(s.room(), s));
    Set<String> now = after.stream().map(SessionSummary::room).collect(Collectors.toSet());
    List<SessionSummary> added = after.stream().filter(s -> !old.containsKey(s.room())).toList();
    List<ObjectNode> changed = after.stream().filter(s -> old.containsKey(s.room()) && !old.get(s.room()).equals(s))
        .map(s -> ServerFrames.listEntryDelta(old.get(s.room()), s)).toList();
    List<String> removed = before.stream().map(SessionSummary::room).filter(room -> !now.contains(room)).toList();
    return Optional.of(new WindowDelta(totalAfter, added, changed, removed));
  }

  byte[] frame() {
    return ServerFrames.listChanged(total, added, changed, removed);
  }
}
