package io.tandem.server.room;

import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Room ownership for a single node: every room is owned here. */
public final class LocalRoomDirectory implements RoomDirectory {
  private final Map<String, Long> epochs = new ConcurrentHashMap<>();

  @Override
  public Future<Long> claim(String sessionId, String nodeId) {
    return Future.succeededFuture(epochs.merge(sessionId, 1L, Long::sum));
  }

  @Override
  public Future<Void> release(String sessionId, long epoch) {
    epochs.remove(sessionId, epoch);
    return Future.succeededFuture();
  }
}
