package io.tandem.server.room;

import io.vertx.core.Future;

/**
 * Which node owns which room. A node claims a room when a tracker of that session connects to it;
 * each claim gets a higher epoch than the one before, so a stale owner can be told apart. The
 * single-node implementation is {@link LocalRoomDirectory}; the cluster implements it with
 * Hazelcast.
 */
public interface RoomDirectory {

  /**
   * Records this node as the room's owner and answers with the new ownership epoch. The first claim
   * of a session records its proof; a later one with another proof fails with
   * {@link SessionProofRefused} and changes nothing.
   */
  Future<Long> claim(String sessionId, String nodeId, SessionProof proof);

  /**
   * Forgets the room if this node still owns it at this epoch. {@code watched}: an agent ever
   * joined it, so its record is kept longer.
   */
  Future<Void> release(String sessionId, long epoch, boolean watched);
}
