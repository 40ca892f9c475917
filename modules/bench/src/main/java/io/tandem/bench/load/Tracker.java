package io.tandem.bench.load;

import io.tandem.bench.page.Recording;
import io.tandem.bench.page.TimedBatch;
import io.tandem.bench.wire.Signal;
import io.tandem.bench.wire.Wire;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One simulated tab: says hello, waits to be asked for a snapshot, then sends its full snapshot
 * followed by the recording's incremental events at the shared pace, one event per batch.
 * Confined to its lane's event loop except for the volatile fields the scenario reads.
 */
public final class Tracker {
  private static final int MAX_CONTROL_BYTES = 64 * 1024;
  /** Batches sent in one tick at most, so a stalled loop catches up gradually, not in a burst. */
  private static final int MAX_BURST = 20;
  private static final long BEHIND_LIMIT_NANOS = 1_000_000_000L;
  private static final long REPLAY_TICK_MS = 10;

  public final String sessionId;
  public final String tabId;
  private final Wire wire;
  private final Lanes lanes;
  private final int laneIndex;
  private final Lane lane;
  private final LaneSocket socket;
  private final Recording recording;
  private final Pace pace;
  private final Tally tally;
  private boolean streaming;
  private long nextN = 1;
  private long seq;
  private long cursor;
  private long nextDueNanos;
  private long scheduledInterval;
  private long lastWriteNanos;
  private volatile long lastSentN;
  private volatile boolean ready;
  private volatile boolean askedToStart;

  public Tracker(String sessionId, String tabId, Wire wire, Lanes lanes, int laneIndex, Recording recording, Pace pace, Tally tally) {
    this.sessionId = sessionId;
    this.tabId = tabId;
    this.wire = wire;
    this.lanes = lanes;
    this.laneIndex = laneIndex;
    this.lane = lanes.lane(laneIndex);
    this.socket = new LaneSocket("tracker", lanes, lane, tally);
    this.recording = recording;
    this.pace = pace;
    this.tally = tally;
    this.cursor = ThreadLocalRandom.current().nextInt(recording.incrementalCount());
  }

  /**
   * The same tab after its page loaded again: same session, secret and tab id, and its counters go
   * on where this one's stopped ({@code seq} survives page loads within a tab, docs/protocol.md), so
   * the new page's first batch, a snapshot, follows the old page's last one. Call once this one is
   * {@link #gone()}.
   */
  public Tracker reloaded() {
    Tracker next = new Tracker(sessionId, tabId, wire, lanes, laneIndex, recording, pace, tally);
    // seq and the marker counter advance together from 0 and 1, so the last marker sent is also the last seq
    next.seq = lastSentN;
    next.nextN = lastSentN + 1;
    next.lastSentN = lastSentN;
    return next;
  }

  /** Takes a full snapshot now if streaming, as the real tracker does every {@code checkoutEveryMs}. */
  public void checkpoint() {
    lane.run(() -> {
      if (streaming && !socket.closed()) {
        sendSnapshot();
      }
    });
  }

  /** Opens the socket from the tracker's lane; {@code done} runs once it is open or has failed. */
  public void connect(Runnable done) {
    socket.open(wire.trackerSocket(sessionId, tabId), this::onMessage, this::opened, () -> lane.remove(this), done);
  }

  private void opened() {
    lane.add(this);
    write(wire.trackerOpened(sessionId, tabId));
    ready = wire.readyOnOpen();
  }

  private void onMessage(Buffer head, int length, long arrivedNanos) {
    if (length > MAX_CONTROL_BYTES) {
      return;
    }
    String text = head.toString(StandardCharsets.UTF_8);
    Signal signal = wire.onTrackerText(text, this::write);
    switch (signal) {
      case READY -> ready = true;
      case START -> {
        ready = true;
        askedToStart = true;
        startStreaming();
      }
      case STOP -> streaming = false;
      case ERROR -> tally.error("to tracker: " + ErrorText.kind(text));
      case NONE -> { }
    }
  }

  private void startStreaming() {
    sendSnapshot();
    streaming = true;
    schedule(pace.intervalNanos(), System.nanoTime());
  }

  /** Starts the schedule at a random point of the first interval, so trackers do not send in step. */
  private void schedule(long interval, long now) {
    scheduledInterval = interval;
    nextDueNanos = now + (interval > 0 ? ThreadLocalRandom.current().nextLong(interval) : 0);
  }

  /** Sends a full snapshot now, e.g. because an agent joined. */
  public void sendSnapshot() {
    long now = System.nanoTime();
    String events = "[" + Marker.encode(nextN, true, now, System.currentTimeMillis()) + "," + recording.snapshotEvents() + "]";
    send(events, true, 2);
  }

  private void sendIncremental() {
    long now = System.nanoTime();
    String events = "[" + Marker.encode(nextN, false, now, System.currentTimeMillis()) + "," + recording.incremental(cursor++) + "]";
    send(events, false, 1);
  }

  /**
   * Sends prepared batches in order, as fast as {@code eventsPerSecond} (counting the marker) and
   * the socket allow, from the tracker's lane; {@code done} runs once the last one is written.
   */
  public void replay(List<TimedBatch> batches, int eventsPerSecond, Runnable done) {
    lane.run(() -> {
      int[] next = {0};
      double[] budget = {0};
      lane.periodic(REPLAY_TICK_MS, timer -> {
        budget[0] = Math.min(eventsPerSecond, budget[0] + eventsPerSecond * REPLAY_TICK_MS / 1000.0);
        while (next[0] < batches.size() && !socket.closed() && !socket.writeQueueFull() && budget[0] >= batches.get(next[0]).eventCount() + 1) {
          TimedBatch batch = batches.get(next[0]++);
          budget[0] -= batch.eventCount() + 1;
          String events = "[" + Marker.encode(nextN, batch.snapshot(), System.nanoTime(), batch.timestampMillis()) + "," + batch.events() + "]";
          send(events, batch.snapshot(), batch.eventCount());
        }
        if (next[0] == batches.size() || socket.closed()) {
          lane.cancel(timer);
          done.run();
        }
      });
    });
  }

  private void send(String events, boolean snapshot, int pageEvents) {
    String frame = wire.events(++seq, snapshot, events);
    write(frame);
    lastSentN = nextN++;
    tally.framesSent.increment();
    tally.eventsSent.add(pageEvents);
    tally.bytesSent.add(frame.length());
  }

  private void write(String text) {
    if (socket.write(text)) {
      lastWriteNanos = System.nanoTime();
    }
  }

  void tick(long now) {
    if (socket.closed()) {
      return;
    }
    long interval = pace.intervalNanos();
    if (streaming && interval > 0 && scheduledInterval == 0) {
      // paused until now (agents were still joining): the schedule starts now, not when it paused
      schedule(interval, now);
    }
    if (streaming) {
      scheduledInterval = interval;
    }
    if (streaming && interval > 0) {
      if (now - nextDueNanos > BEHIND_LIMIT_NANOS) {
        // The generator could not keep up: skip ahead rather than replay a backlog as a burst.
        tally.error("generator fell behind schedule");
        nextDueNanos = now;
      }
      for (int burst = 0; nextDueNanos <= now && burst < MAX_BURST; burst++) {
        sendIncremental();
        nextDueNanos += interval;
      }
    } else if (!streaming && wire.heartbeat() != null && now - lastWriteNanos > wire.heartbeatMillis() * 1_000_000L) {
      write(wire.heartbeat());
    }
  }

  public boolean ready() {
    return ready;
  }

  public boolean closed() {
    return socket.closed();
  }

  /** Whether its socket has closed both ways: the target has read every batch it sent. */
  public boolean gone() {
    return socket.gone();
  }

  /** Whether the target ever asked this tab to stream. */
  public boolean askedToStart() {
    return askedToStart;
  }

  /** The marker counter of the last batch sent (0 for none). */
  public long lastSent() {
    return lastSentN;
  }

  public void close() {
    socket.close(() -> lane.remove(this));
  }
}
