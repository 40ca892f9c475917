package io.tandem.server.room;

import io.tandem.protocol.PageInfo;
import io.tandem.protocol.SessionSummary;
import io.tandem.server.timetravel.TabHistory;

/**
 * One browser tab of a room: its socket (null while disconnected), its page, the highest batch
 * seq the server holds, and the history a later agent is served from and can rewind through.
 */
final class Tab {
  final String id;
  TrackerPeer peer;
  PageInfo page;
  long lastSeq;
  long removalTimer = -1;
  boolean snapshotRequested;
  final TabHistory history = new TabHistory();

  Tab(String id, TrackerPeer peer, PageInfo page) {
    this.id = id;
    this.peer = peer;
    this.page = page;
  }

  boolean connected() {
    return peer != null;
  }

  SessionSummary.Tab summary() {
    return new SessionSummary.Tab(id, page.url(), page.title(), page.visible(), connected());
  }
}
