package io.tandem.server.timetravel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * What a tab's later agents are served and can rewind through: checkpoint segments, oldest first.
 * The newest segment is the <em>current</em> one and is never dropped by a bound; when it cannot
 * grow any more the history stops being <em>whole</em> (it no longer reaches the live stream) until
 * the next checkpoint starts a new segment.
 */
public final class TabHistory {
  private final Deque<Segment> segments = new ArrayDeque<>();
  private boolean whole;
  private long bytes;

  /** A full snapshot arrived: it starts the new current segment. */
  public void checkpoint(BufferedBatch snapshot, long nowMillis) {
    segments.addLast(new Segment(snapshot, nowMillis));
    bytes += snapshot.bytes();
    whole = true;
  }

  /** Appends an incremental batch to the current segment, if the history still reaches it. */
  public void append(BufferedBatch batch) {
    if (whole) {
      segments.getLast().add(batch);
      bytes += batch.bytes();
    }
  }

  /** The current segment cannot take this batch: stop here until the next checkpoint. */
  public void stopAtCurrent() {
    whole = false;
  }

  /** Drops segments the window no longer needs: the oldest goes once the next is old enough itself. */
  public long trimToWindow(long nowMillis, long windowMillis) {
    long freed = 0;
    while (segments.size() > 1 && second().startedAtMillis <= nowMillis - windowMillis) {
      freed += dropOldest();
    }
    return freed;
  }

  /** When the oldest segment that a bound may drop started, if there is one. */
  public Optional<Long> oldestDroppableStart() {
    return segments.size() > 1 ? Optional.of(segments.getFirst().startedAtMillis) : Optional.empty();
  }

  /** Drops the oldest segment, never the current one; returns the bytes freed. */
  public long dropOldest() {
    if (segments.size() < 2) {
      return 0;
    }
    long freed = segments.removeFirst().bytes;
    bytes -= freed;
    return freed;
  }

  /** Forgets everything; returns the bytes freed. */
  public long clear() {
    long freed = bytes;
    segments.clear();
    bytes = 0;
    whole = false;
    return freed;
  }

  /** Every batch held, oldest first: what a joining agent is sent. */
  public List<BufferedBatch> batches() {
    return segments.stream().flatMap(s -> s.batches.stream()).toList();
  }

  /**
   * What a joining agent is sent: the frames of every batch held after {@code afterSeq} (what the
   * agent already has; 0 for none), oldest first, in runs of at most {@code runBytes} (a batch larger
   * than that is a run of its own), one history frame each.
   */
  public List<List<byte[]>> runs(int runBytes, long afterSeq) {
    List<List<byte[]>> runs = new ArrayList<>();
    List<byte[]> run = new ArrayList<>();
    long size = 0;
    for (BufferedBatch batch : batches()) {
      if (batch.seq() <= afterSeq) {
        continue;
      }
      if (!run.isEmpty() && size + batch.frame().length > runBytes) {
        runs.add(run);
        run = new ArrayList<>();
        size = 0;
      }
      run.add(batch.frame());
      size += batch.frame().length;
    }
    if (!run.isEmpty()) {
      runs.add(run);
    }
    return runs;
  }

  public boolean whole() {
    return whole;
  }

  public long bytes() {
    return bytes;
  }

  public int segmentCount() {
    return segments.size();
  }

  private Segment second() {
    return segments.stream().skip(1).findFirst().orElseThrow();
  }
}
