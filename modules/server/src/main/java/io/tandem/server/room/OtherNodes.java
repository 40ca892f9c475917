package io.tandem.server.room;

import io.tandem.protocol.ConsentKind;
import io.tandem.protocol.SessionSummary;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * What the rooms of this node know of other nodes: their sessions, and how to ask the owner of a
 * room this node does not own. A single node ({@link #NONE}) has none. Rooms calls it on the room
 * context.
 */
public interface OtherNodes {

  /** A single node: no other node, no other sessions. */
  OtherNodes NONE = new OtherNodes() {
    @Override
    public boolean clustered() {
      return false;
    }

    @Override
    public void sessionsChanged() {}

    @Override
    public List<SessionSummary> sessions() {
      return List.of();
    }

    @Override
    public Future<Boolean> terminate(String sessionId, String reason) {
      return Future.succeededFuture(false);
    }

    @Override
    public Future<Optional<String>> grantedProject(String sessionId, String agentId, ConsentKind kind) {
      return Future.succeededFuture(Optional.empty());
    }
  };

  /** Whether there are other nodes: a room this node does not own may be owned by one of them. */
  boolean clustered();

  /** This node's session list changed. */
  void sessionsChanged();

  /** The live sessions of the other nodes. */
  List<SessionSummary> sessions();

  /** Ends a session owned by another node; answers whether its owner had it. */
  Future<Boolean> terminate(String sessionId, String reason);

  /** {@link Rooms#grantedProject} asked of the owner of a room on another node. */
  Future<Optional<String>> grantedProject(String sessionId, String agentId, ConsentKind kind);
}
