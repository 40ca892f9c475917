package io.tandem.bench.target;

import io.tandem.bench.wire.Wire;

/** A backend under test as a scenario sees it: how to speak to it, and what it holds in memory and the CPU it used. */
public interface Target {

  TargetKind kind();

  /** How the generator talks to this target; for Tandem this logs the demo agent in once. */
  Wire wire();

  /** Live heap after a full collection, in bytes. */
  long liveHeapBytes();

  /** Resident memory of the process, in bytes. */
  long residentBytes();

  /** CPU time (user + system, all threads) the target's process has used so far, in seconds. */
  double cpuSeconds();
}
