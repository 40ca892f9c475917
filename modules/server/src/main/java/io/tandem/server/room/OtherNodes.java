package io.tandem.server.room;

import io.tandem.protocol.AgentRequest;
import io.tandem.protocol.ConsentKind;
import io.tandem.protocol.SessionSummary;
import io.tandem.server.peer.AgentPeer;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * How this node's agents reach rooms, and what it knows of other nodes' sessions. On a single node
 * ({@link #NONE}) agents reach the rooms directly. In a cluster every agent request goes to the
 * room's owner, even when that is this node, so one path fences and orders every agent's stream.
 * Rooms calls it on the room context.
 */
public interface OtherNodes {

  /** A single node: nothing is routed, and there are no other sessions. */
  OtherNodes NONE = new OtherNodes() {
    @Override
    public boolean routesAgents() {
      return false;
    }

    @Override
    public void join(AgentPeer agent, String roomId) {
      throw new IllegalStateException("a single node routes no agent");
    }

    @Override
    public void leave(AgentPeer agent, String roomId) {
      throw new IllegalStateException("a single node routes no agent");
    }

    @Override
    public void fromAgent(AgentPeer agent, AgentRequest request) {
      throw new IllegalStateException("a single node routes no agent");
    }

    @Override
    public void agentClosed(AgentPeer agent) {
      throw new IllegalStateException("a single node routes no agent");
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

  /** Whether agents' requests go through the owner of each room ({@link #join} and the rest). */
  boolean routesAgents();

  void join(AgentPeer agent, String roomId);

  void leave(AgentPeer agent, String roomId);

  /** A room-scoped agent request other than join and leave (consent, control, annotate, signal). */
  void fromAgent(AgentPeer agent, AgentRequest request);

  void agentClosed(AgentPeer agent);

  /** This node's session list changed. */
  void sessionsChanged();

  /** The live sessions of the other nodes. */
  List<SessionSummary> sessions();

  /** Ends a session owned by another node; answers whether its owner had it. */
  Future<Boolean> terminate(String sessionId, String reason);

  /** {@link Rooms#grantedProject} asked of the owner of a room on another node. */
  Future<Optional<String>> grantedProject(String sessionId, String agentId, ConsentKind kind);
}
