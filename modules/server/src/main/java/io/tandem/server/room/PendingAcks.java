package io.tandem.server.room;

import io.tandem.protocol.FrameType;
import io.tandem.protocol.ServerFrames;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * Acks wait until the shard's context has run the tasks already queued: a tab whose batches arrived
 * together gets one ack, for its highest seq (the tracker drops every batch up to it), instead of
 * one frame per batch. One per room shard, confined to its context.
 *
 * <p>An ack waiting for a tab leaves before a {@code start} to it ({@link #sendNow}): the tracker
 * takes a snapshot it still holds unacknowledged for the answer to a {@code start}, so the ask
 * must never overtake the ack of a snapshot the server already has.
 */
final class PendingAcks {
  private final Context context;
  private final List<Tab> waiting = new ArrayList<>();
  private final Handler<Void> flush = v -> flush();
  private boolean scheduled;

  PendingAcks(Context context) {
    this.context = context;
  }

  /** The tab's {@code lastSeq} is to be acked. */
  void ack(Tab tab) {
    if (!tab.ackPending) {
      tab.ackPending = true;
      waiting.add(tab);
    }
    if (!scheduled) {
      scheduled = true;
      context.runOnContext(flush);
    }
  }

  /** Sends the tab's waiting ack now, if it has one. */
  static void sendNow(Tab tab) {
    if (tab.ackPending) {
      tab.ackPending = false;
      if (tab.connected()) {
        tab.peer.send(FrameType.ACK, ServerFrames.ack(tab.lastSeq));
      }
    }
  }

  private void flush() {
    scheduled = false;
    waiting.forEach(PendingAcks::sendNow);
    waiting.clear();
  }
}
