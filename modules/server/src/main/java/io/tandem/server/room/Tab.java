package io.tandem.server.room;

import io.tandem.protocol.PageInfo;
import io.tandem.protocol.SessionSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * One browser tab of a room: its socket (null while disconnected), its page, the highest batch
 * seq the server holds, and the buffer a late agent is served from: every relayed batch since the
 * tab's newest full snapshot.
 */
final class Tab {
  final String id;
  TrackerPeer peer;
  PageInfo page;
  long lastSeq;
  long removalTimer = -1;
  boolean snapshotRequested;
  private final List<BufferedBatch> buffer = new ArrayList<>();
  private boolean bufferWhole;
  private long bufferBytes;

  /** A batch as agents receive it. */
  record BufferedBatch(long seq, String frame, int bytes) {}

  Tab(String id, TrackerPeer peer, PageInfo page) {
    this.id = id;
    this.peer = peer;
    this.page = page;
  }

  boolean connected() {
    return peer != null;
  }

  /** Starts the buffer over at a full snapshot. Returns the bytes the buffer shrank or grew by. */
  long resetBuffer(BufferedBatch snapshot) {
    long before = bufferBytes;
    buffer.clear();
    buffer.add(snapshot);
    bufferBytes = snapshot.bytes();
    bufferWhole = true;
    return bufferBytes - before;
  }

  /** Appends an incremental batch if the buffer still reaches back to a snapshot. */
  long append(BufferedBatch batch) {
    if (!bufferWhole) {
      return 0;
    }
    buffer.add(batch);
    bufferBytes += batch.bytes();
    return batch.bytes();
  }

  /** Empties the buffer; a late agent then waits for the next snapshot. Returns the bytes freed. */
  long dropBuffer() {
    long freed = bufferBytes;
    buffer.clear();
    bufferBytes = 0;
    bufferWhole = false;
    return freed;
  }

  boolean bufferWhole() {
    return bufferWhole;
  }

  List<BufferedBatch> buffered() {
    return buffer;
  }

  SessionSummary.Tab summary() {
    return new SessionSummary.Tab(id, page.url(), page.title(), page.visible(), connected());
  }
}
