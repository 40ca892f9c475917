package io.tandem.server.timetravel;

import java.util.ArrayList;
import java.util.List;

/** The batches of one tab from one full snapshot (a checkpoint) up to the next. */
final class Segment {
  final long startedAtMillis;
  final List<BufferedBatch> batches = new ArrayList<>();
  long bytes;

  Segment(BufferedBatch checkpoint, long startedAtMillis) {
    this.startedAtMillis = startedAtMillis;
    add(checkpoint);
  }

  void add(BufferedBatch batch) {
    batches.add(batch);
    bytes += batch.bytes();
  }
}
