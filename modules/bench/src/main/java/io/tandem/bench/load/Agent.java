package io.tandem.bench.load;

import io.tandem.bench.wire.Signal;
import io.tandem.bench.wire.Wire;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One simulated agent console watching one room: times every batch by its marker, checks the
 * stream's order, and notes when its first full snapshot had fully arrived.
 */
public final class Agent {
  private static final int MAX_CONTROL_BYTES = 64 * 1024;

  /** How far the agent got, for telling why one never had a snapshot. */
  public enum Stage { CONNECTING, OPEN, JOINED }

  public final String sessionId;
  private final Wire wire;
  private final Tally tally;
  private final LaneSocket socket;
  private final StreamCheck check = new StreamCheck();
  private volatile long startedNanos;
  private volatile long snapshotNanos;
  private volatile long lastBatchNanos;
  private volatile long batchBytes;
  private volatile Stage stage = Stage.CONNECTING;
  private volatile boolean listed;

  public Agent(String sessionId, Wire wire, Lanes lanes, int laneIndex, Tally tally) {
    this.sessionId = sessionId;
    this.wire = wire;
    this.tally = tally;
    this.socket = new LaneSocket("agent", lanes, lanes.lane(laneIndex), tally);
  }

  /** Opens the socket and joins the room; the clock for "time to first snapshot" starts here. */
  public void connect(Runnable done) {
    startedNanos = System.nanoTime();
    socket.open(wire.agentSocket(sessionId), this::onMessage, this::opened, () -> { }, done);
  }

  private void opened() {
    stage = Stage.OPEN;
    write(wire.agentOpened(sessionId));
  }

  private void onMessage(Buffer head, int length, long arrivedNanos) {
    List<Marker> markers = wire.isHistory(head) ? Marker.findAll(head) : markerOf(head);
    if (!markers.isEmpty()) {
      tally.framesDelivered.increment();
      tally.bytesDelivered.add(length);
      markers.forEach(marker -> batchArrived(marker, arrivedNanos));
      lastBatchNanos = arrivedNanos;
      batchBytes += length;
      return;
    }
    tally.controlBytes.add(length);
    if (wire.isList(head)) {
      tally.listBytes.add(length);
      listed = true;
    }
    if (length <= MAX_CONTROL_BYTES) {
      String text = head.toString(StandardCharsets.UTF_8);
      Signal signal = wire.onAgentText(text, sessionId, this::write);
      if (signal == Signal.ERROR) {
        tally.error("to agent: " + ErrorText.kind(text));
      } else if (signal == Signal.READY) {
        stage = Stage.JOINED;
      }
    }
  }

  private static List<Marker> markerOf(Buffer head) {
    Marker marker = Marker.find(head);
    return marker == null ? List.of() : List.of(marker);
  }

  private void batchArrived(Marker marker, long arrivedNanos) {
    int events = marker.snapshot() ? 2 : 1;
    tally.eventsDelivered.add(events);
    tally.latency(arrivedNanos - marker.sentNanos(), events);
    if (!check.accept(marker.n(), marker.snapshot())) {
      tally.violations.increment();
    }
    if (marker.snapshot() && snapshotNanos == 0) {
      snapshotNanos = arrivedNanos;
    }
  }

  private void write(String text) {
    socket.write(text);
  }

  public Stage stage() {
    return stage;
  }

  /** Whether its console's window of the session list has come (targets that serve one). */
  public boolean listed() {
    return listed;
  }

  public boolean hasSnapshot() {
    return snapshotNanos != 0;
  }

  /** Nanoseconds from the start of connect to the first full snapshot, or -1 if none came. */
  public long timeToSnapshotNanos() {
    return snapshotNanos == 0 ? -1 : snapshotNanos - startedNanos;
  }

  /** Nanoseconds from the start of connect to {@code nowNanos}. */
  public long waitedNanos(long nowNanos) {
    return nowNanos - startedNanos;
  }

  /** Nanoseconds from the start of connect to the latest batch so far, or -1 if none came. */
  public long timeToLastBatchNanos() {
    return lastBatchNanos == 0 ? -1 : lastBatchNanos - startedNanos;
  }

  /** Bytes of page-data messages this agent received. */
  public long batchBytes() {
    return batchBytes;
  }

  public StreamCheck check() {
    return check;
  }

  public boolean closed() {
    return socket.closed();
  }

  public void close() {
    socket.close(() -> { });
  }
}
