package io.tandem.bench.soak;

import io.tandem.bench.load.Agent;
import io.tandem.bench.load.Tracker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** One user's session in the soak: its tab (replaced by a new page on each reload) and the agents watching it. */
final class Session {
  final String id;
  final List<Agent> agents = new CopyOnWriteArrayList<>();
  volatile Tracker tracker;
  /** When its tab takes its next checkpoint (System.nanoTime), read and written by the soak's clock only. */
  volatile long nextCheckpointNanos;

  Session(String id) {
    this.id = id;
  }
}
