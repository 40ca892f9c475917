package io.tandem.server.room;

import io.tandem.protocol.PageInfo;
import io.tandem.protocol.ServerFrames;
import io.tandem.protocol.SessionSummary;
import io.tandem.server.peer.TrackerPeer;
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
  /** An ack of {@code lastSeq} waits to be sent ({@link PendingAcks}). */
  boolean ackPending;
  final TabHistory history = new TabHistory();
  /** The start of this tab's agent frames; made once this tab streams, an idle tab never has one. */
  private byte[] eventsHeader;

  Tab(String id, TrackerPeer peer, PageInfo page) {
    this.id = id;
    this.peer = peer;
    this.page = page;
  }

  byte[] eventsHeader(String roomId) {
    if (eventsHeader == null) {
      eventsHeader = ServerFrames.eventsHeader(roomId, id);
    }
    return eventsHeader;
  }

  boolean connected() {
    return peer != null;
  }

  SessionSummary.Tab summary() {
    return new SessionSummary.Tab(id, page.url(), page.title(), page.visible(), connected());
  }
}
