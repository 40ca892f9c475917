package io.tandem.bench.chaos;

import java.util.BitSet;

/**
 * One agent connection's view of one tab's stream, checked as docs/reliability.md promises it:
 * from its first full snapshot on, every batch once and in order, or a new snapshot to start again
 * from. Counted, per connection: gaps (an incremental batch skipping some), duplicates (a batch seen
 * before), reorders (an older batch arriving after a newer one), and resyncs (a later snapshot
 * skipping batches, which the promise allows). Confined to the agent's event loop; read at the end.
 */
final class StreamWatch {
  private final BitSet seen = new BitSet();
  private long last = -1;
  long accepted;
  long gaps;
  long missing;
  long duplicates;
  long reorders;
  long resyncs;
  long beforeSnapshot;

  void accept(long n, boolean snapshot) {
    if (last < 0 && !snapshot) {
      beforeSnapshot++;
      return;
    }
    int index = (int) n;
    if (seen.get(index)) {
      duplicates++;
      return;
    }
    seen.set(index);
    accepted++;
    if (last < 0 || n == last + 1) {
      last = n;
    } else if (n < last) {
      reorders++;
    } else if (snapshot) {
      resyncs++;
      last = n;
    } else {
      gaps++;
      missing += n - last - 1;
      last = n;
    }
  }

  /** The last batch accepted in order, -1 before the first snapshot. */
  long last() {
    return last;
  }

  long violations() {
    return gaps + duplicates + reorders;
  }
}
