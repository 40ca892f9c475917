package io.tandem.server.routing;

import io.tandem.protocol.AgentRequest;
import io.tandem.server.auth.AgentIdentity;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;

/**
 * How an agent's requests reach the owner of a room: a shard of this node or another node, the
 * router cannot tell and does not need to. An agent is named by the key its router gave it.
 * Called on the router's context.
 */
public interface Owners {

  /**
   * Whether an owner can lose a room without ending it: a node of a cluster dies or restarts and the
   * room's tab comes back to another; a node alone owns every room it serves until the room ends.
   */
  boolean ownersMayDie();

  /** The room's owner now; empty if no node owns it. */
  Future<Optional<Owner>> owner(String room);

  /**
   * Sends a join to the node of {@code owner}'s claim and answers once it got it. {@code since}: the
   * last seq per tab the agent already has, so the owner's history skips it. A refusal names the
   * claim's epoch ({@link AgentRouter#fail}), so the answer to an older join is not taken for this one.
   * {@code unanswered}: how many joins to this claim got no receipt in time; each next one waits
   * longer, so an owner slowed by a failover is not sent the same join (and its history) again and again.
   */
  Future<Void> join(Owner owner, String agentKey, String room, AgentIdentity agent, Map<String, Long> since, int unanswered);

  void leave(String owner, String agentKey, String room);

  /** A room-scoped request (consent, control, annotate, signal), validated where it arrived. */
  void request(String owner, String agentKey, String room, AgentRequest request);

  /** The agent's socket closed. */
  void closed(String owner, String agentKey, String room);
}
