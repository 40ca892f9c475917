package io.tandem.server.routing;

import io.tandem.server.peer.AgentPeer;
import java.util.LinkedHashMap;
import java.util.Map;

/** An agent socket of this node, named by a key that other nodes address it with. */
final class LocalAgent {
  final String key;
  final AgentPeer socket;
  final Map<String, Subscription> rooms = new LinkedHashMap<>();

  LocalAgent(String key, AgentPeer socket) {
    this.key = key;
    this.socket = socket;
  }
}
