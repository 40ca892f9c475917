package io.tandem.server.routing;

import io.tandem.server.room.OtherNodes;

/**
 * How a node's rooms and agents are linked: the router its agent sockets talk to, and what its
 * rooms know of other nodes ({@link OtherNodes#NONE} for a single node).
 */
public record Links(OtherNodes otherNodes, AgentRouter router) {}
