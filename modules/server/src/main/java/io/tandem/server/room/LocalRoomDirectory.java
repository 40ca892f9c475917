package io.tandem.server.room;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/**
 * Room ownership for a single node: every room is owned here. A released room is forgotten at
 * once; a node alone has no other owner to fence, and a tracker that comes back starts it again.
 */
public final class LocalRoomDirectory implements RoomDirectory {
  private record Claim(long epoch, SessionProof proof) {}

  private final Map<String, Claim> claims = new HashMap<>();

  @Override
  public synchronized Future<Long> claim(String sessionId, String nodeId, SessionProof proof) {
    Claim current = claims.get(sessionId);
    if (current != null && !current.proof().matches(proof)) {
      return Future.failedFuture(new SessionProofRefused(sessionId));
    }
    Claim claimed = new Claim(current == null ? 1 : current.epoch() + 1, proof);
    claims.put(sessionId, claimed);
    return Future.succeededFuture(claimed.epoch());
  }

  @Override
  public synchronized Future<Void> release(String sessionId, long epoch, boolean watched) {
    Claim current = claims.get(sessionId);
    if (current != null && current.epoch() == epoch) {
      claims.remove(sessionId);
    }
    return Future.succeededFuture();
  }
}
