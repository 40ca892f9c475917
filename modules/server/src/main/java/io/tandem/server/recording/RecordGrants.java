package io.tandem.server.recording;

import io.vertx.core.Future;
import java.util.Optional;

/** Where the recording endpoints learn whether the user lets an agent record: the room's consent state. */
public interface RecordGrants {
  /** The room's project id if {@code agentId} holds a live {@code record} grant in {@code room}, else empty. */
  Future<Optional<String>> live(String room, String agentId);

  /** The end user's {@code userId} of the session in {@code room}, empty if the tracker gave none: filed with its recording. */
  Future<Optional<String>> userOf(String room);
}
