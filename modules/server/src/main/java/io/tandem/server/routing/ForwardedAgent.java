package io.tandem.server.routing;

import io.tandem.protocol.AgentConsentFrame;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.FrameType;
import io.tandem.server.auth.Agent;
import io.tandem.server.auth.AgentIdentity;
import io.tandem.server.peer.AgentPeer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * On the room's owner, one agent's membership of one room, forwarded from the agent's node. What the
 * room sends it goes back to that node, stamped with the epoch of this node's claim so the agent's
 * node can drop anything a stale owner still says.
 */
public final class ForwardedAgent implements AgentPeer {
  public final String node;
  public final String key;
  public final String room;
  /** As the agent's node sent it with the join, then as this node reads the account after a change. */
  private volatile AgentIdentity identity;
  private final ForwardedAgents owner;
  private long epoch = -1;
  /** The epoch of the claim the agent's node followed with its last join here; -1 if it did not say. */
  private long followed = -1;
  private boolean joined;
  /** Cut off because its node fell behind: what the room sends it is dropped until its node joins again from its last seq. */
  private boolean cut;
  /**
   * The last consent frame per consent dropped while cut: they go first when its node joins again,
   * so a consent that ended meanwhile is not believed on, and one that did not is never said to end.
   */
  private final Map<String, byte[]> missedConsents = new LinkedHashMap<>();

  ForwardedAgent(String node, String key, String room, AgentIdentity identity, ForwardedAgents owner) {
    this.node = node;
    this.key = key;
    this.room = room;
    this.identity = identity;
    this.owner = owner;
  }

  String id() {
    return id(node, key, room);
  }

  static String id(String node, String key, String room) {
    return node + "/" + key + "/" + room;
  }

  @Override
  public AgentIdentity agent() {
    return identity;
  }

  /**
   * The membership takes the account's roles and projects. A disabled agent's node closes its socket
   * too; this word reaches it as well, so whichever comes first closes it with the same code.
   */
  @Override
  public boolean review(Optional<Agent> account) {
    if (account.isEmpty()) {
      fail(ErrorCode.AGENT_REVOKED, DISABLED_MESSAGE, room);
      return false;
    }
    identity = account.get().identity();
    return true;
  }

  /** Whether the room let it in; a membership refused at the door is forgotten with its error. */
  boolean agentJoined() {
    return joined;
  }

  void follows(long claimEpoch) {
    followed = claimEpoch;
  }

  /**
   * Echoed with a refusal: a node started again under an id has none of its former run's rooms, and
   * its answer to a join of the dead run's claim must not be taken for the answer to the claim the
   * room's tab makes there next.
   */
  public long followed() {
    return followed;
  }

  void cut() {
    cut = true;
  }

  void resume() {
    cut = false;
    List<byte[]> missed = List.copyOf(missedConsents.values());
    missedConsents.clear();
    missed.forEach(frame -> send(FrameType.CONSENT, frame));
  }

  @Override
  public void send(FrameType type, byte[] frame) {
    if (cut) {
      if (type == FrameType.CONSENT) {
        String key = AgentConsentFrame.read(frame).key();
        missedConsents.remove(key);
        missedConsents.put(key, frame);
      }
      return;
    }
    joined |= type == FrameType.JOINED;
    owner.deliver(this, type, frame, currentEpoch());
    if (type == FrameType.LEFT || type == FrameType.ENDED) {
      owner.forget(this);
    }
  }

  @Override
  public void fail(ErrorCode code, String message, String room) {
    if (cut) {
      return;
    }
    owner.fail(this, code, message, currentEpoch());
  }

  /** An agent's socket is closed by its own node, never by the owner of a room it watches. */
  @Override
  public void close(short code, String reason) {}

  /** The room's claim; after the room ended (its {@code ended} frame), the claim it had. */
  private long currentEpoch() {
    epoch = owner.ownedEpoch(room).orElse(epoch);
    return epoch;
  }
}
