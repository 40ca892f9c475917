package io.tandem.server.routing;

import io.tandem.protocol.AgentRequest;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.FrameType;
import io.tandem.server.auth.AgentIdentity;
import io.tandem.server.room.RoomExit;
import io.tandem.server.room.RoomShard;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The owner's side: agents of any node (this one included) in the rooms one shard of this node
 * owns. Each membership is a {@link ForwardedAgent} that the rooms serve like a socket. One per
 * shard ({@link LocalShards}), confined to the shard's context.
 */
public final class ForwardedAgents {
  /** Where a forwarded agent's frames go: its node. */
  public interface AgentNodes {
    /** False if the agent's node is too far behind to take the frame: the frame is not sent. */
    boolean deliver(ForwardedAgent agent, FrameType type, byte[] frame, long epoch);

    /** The membership was cut because its node fell behind: the agent's node is to join again. */
    void behind(ForwardedAgent agent, long epoch);

    void fail(ForwardedAgent agent, ErrorCode code, String message, long epoch);
  }

  private final RoomShard rooms;
  private final AgentNodes agentNodes;
  private final Map<String, ForwardedAgent> agents = new HashMap<>();

  ForwardedAgents(RoomShard rooms, AgentNodes agentNodes) {
    this.rooms = rooms;
    this.agentNodes = agentNodes;
  }

  /**
   * A membership this shard already holds joins again when its node missed frames: it was cut off
   * (its node fell behind), or frames were lost on the way (the agent's node saw a hole, see
   * AgentRouter). Either way it gets what came after {@code since} ({@link RoomShard#resume}).
   */
  public void join(String node, String key, String room, AgentIdentity identity, Map<String, Long> since, long followed) {
    ForwardedAgent agent = agents.get(ForwardedAgent.id(node, key, room));
    if (agent != null) {
      agent.follows(followed);
      rooms.resume(agent, room, since, agent::resume);
      return;
    }
    agent = new ForwardedAgent(node, key, room, identity, this);
    agent.follows(followed);
    agents.put(agent.id(), agent);
    rooms.agentConnected(agent);
    rooms.join(agent, room, since);
  }

  public void leave(String node, String key, String room) {
    ForwardedAgent agent = agents.remove(ForwardedAgent.id(node, key, room));
    if (agent != null) {
      rooms.leave(agent, room);
      rooms.agentClosed(agent, RoomExit.AGENT_LEFT);
    }
  }

  public void request(String node, String key, String room, AgentRequest request) {
    ForwardedAgent agent = agents.get(ForwardedAgent.id(node, key, room));
    if (agent == null) {
      agentNodes.fail(new ForwardedAgent(node, key, room, null, this), ErrorCode.NOT_JOINED,
          "you are not in session '" + room + "'; join it first", ownedEpoch(room).orElse(-1));
      return;
    }
    rooms.fromAgent(agent, request);
  }

  /** A request that could not be read back on this node: the agent's node hears why. */
  public void refused(String node, String key, String room, ErrorCode code, String message) {
    agentNodes.fail(new ForwardedAgent(node, key, room, null, this), code, message, -1);
  }

  public void closed(String node, String key, String room) {
    ForwardedAgent agent = agents.remove(ForwardedAgent.id(node, key, room));
    if (agent != null) {
      rooms.agentClosed(agent, RoomExit.AGENT_CLOSED);
    }
  }

  /** A node left the cluster: its agents are gone from every room here. */
  public void nodeLeft(String node) {
    List.copyOf(agents.values()).stream().filter(agent -> agent.node.equals(node)).forEach(agent -> forget(agent, RoomExit.AGENT_NODE_LOST));
  }

  /** The room moved to another node: its memberships here are dropped without a word. */
  public void roomMoved(String room) {
    List.copyOf(agents.values()).stream().filter(agent -> agent.room.equals(room)).forEach(this::forget);
  }

  /** The membership is over (its room said {@code left} or {@code ended}, or refused it): nothing is left to end. */
  void forget(ForwardedAgent agent) {
    forget(agent, RoomExit.AGENT_CLOSED);
  }

  private void forget(ForwardedAgent agent, RoomExit why) {
    if (agents.remove(agent.id()) != null) {
      rooms.agentClosed(agent, why);
    }
  }

  /**
   * A frame the agent's node cannot take now cuts the membership off, without a gap: it stays in the
   * room, but nothing more goes to it until its node, told after everything already sent, joins
   * again from the last seq it got ({@link RoomShard#resume}).
   */
  void deliver(ForwardedAgent agent, FrameType type, byte[] frame, long epoch) {
    if (!agentNodes.deliver(agent, type, frame, epoch)) {
      agent.cut();
      agentNodes.behind(agent, epoch);
    }
  }

  void fail(ForwardedAgent agent, ErrorCode code, String message, long epoch) {
    agentNodes.fail(agent, code, message, epoch);
    if (!agent.agentJoined()) {
      forget(agent);
    }
  }

  OptionalLong ownedEpoch(String room) {
    return rooms.ownedEpoch(room);
  }
}
