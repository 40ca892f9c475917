package io.tandem.server.consent;

import io.tandem.server.peer.AgentPeer;
import io.tandem.server.peer.TrackerPeer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Who is in a room, as the consent logic needs to know it. Read on the room's context only. */
public interface RoomMembers {

  String roomId();

  /** Every console of this agent in the room (one agent may have two consoles open). */
  List<AgentPeer> consoles(String agentId);

  List<AgentPeer> agents();

  /** The tab's socket, empty when the tab is unknown or disconnected. */
  Optional<TrackerPeer> connectedTab(String tabId);

  /** The connected tabs' sockets by tab id. */
  Map<String, TrackerPeer> connectedTabs();
}
