package io.tandem.server.cluster;

import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * What nodes say to each other on the clustered event bus. Each node listens on one address of its
 * own; the operation and its parameters travel as headers, and frames as the body, unchanged.
 */
final class NodeMessages {
  static final String SESSIONS_ADDRESS = "tandem.sessions";

  static final String OP = "op";
  static final String NODE = "node";
  static final String AGENT = "agent";
  static final String ROOM = "room";
  static final String EPOCH = "epoch";
  static final String TYPE = "type";
  static final String CODE = "code";
  /** On a join and on a refusal: the epoch of the claim the agent's node followed. */
  static final String FOLLOWED = "followed";

  /** Agent's node → owner: an agent joins, leaves, asks something of the room, or is gone. */
  static final String JOIN = "join";
  static final String LEAVE = "leave";
  static final String REQUEST = "request";
  static final String CLOSED = "closed";
  /** Any node → owner: an administrator ends the room; the reply says whether the owner had it. */
  static final String TERMINATE = "terminate";
  /** Any node → owner: does the agent hold a live grant of this kind? The reply is the room's project, or "". */
  static final String GRANTED_PROJECT = "grantedProject";
  /** Owner → agent's node: a frame for the agent, or an error. */
  static final String DELIVER = "deliver";
  static final String FAIL = "fail";
  /** Owner → agent's node: the agent's place was cut, its node being too far behind; join again from the last seq. */
  static final String BEHIND = "behind";
  /** Agent's node → owner: the bytes of frames it received from the owner so far (cluster/ForwardBacklog). */
  static final String RECEIVED = "received";

  private NodeMessages() {}

  static String address(String nodeId) {
    return "tandem.node." + nodeId;
  }

  static DeliveryOptions headers(String op, String node, String agent, String room) {
    return new DeliveryOptions().addHeader(OP, op).addHeader(NODE, node).addHeader(AGENT, agent).addHeader(ROOM, room);
  }

  /** The headers of a message from a room's owner to an agent's node, stamped with the owner's epoch. */
  static DeliveryOptions headers(String op, String node, String agent, String room, long epoch) {
    return headers(op, node, agent, room).addHeader(EPOCH, Long.toString(epoch));
  }

  static long epoch(MultiMap headers) {
    return Long.parseLong(headers.get(EPOCH));
  }

  /** -1 from a node that does not say it (an older version, during a rolling update). */
  static long followed(MultiMap headers) {
    String followed = headers.get(FOLLOWED);
    return followed == null ? -1 : Long.parseLong(followed);
  }
}
