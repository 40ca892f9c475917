package io.tandem.bench.load;

/**
 * Checks one agent's stream of one tab while it is measured: it must start at a full snapshot and
 * then get every batch the tracker sent, once, in order. Violations are counted, never dropped:
 * a gap (batches missing), a batch out of order or repeated. Batches before the first snapshot
 * are useless to a replayer and counted apart; they are not a violation of order.
 *
 * <p>Fed on the agent's event loop and read by the scenario at the end, hence synchronized
 * (uncontended, so cheap).
 */
public final class StreamCheck {
  private long last = -1;
  private boolean synced;
  private long accepted;
  private long gaps;
  private long missing;
  private long outOfOrder;
  private long beforeSnapshot;

  /** Takes the marker counter of the next batch; returns false if it breaks the order. */
  public synchronized boolean accept(long n, boolean snapshot) {
    if (!synced) {
      if (!snapshot) {
        beforeSnapshot++;
        return true;
      }
      synced = true;
      last = n;
      accepted++;
      return true;
    }
    if (n == last + 1) {
      last = n;
      accepted++;
      return true;
    }
    if (n <= last) {
      outOfOrder++;
      return false;
    }
    gaps++;
    missing += n - last - 1;
    last = n;
    accepted++;
    return false;
  }

  public synchronized boolean synced() {
    return synced;
  }

  public synchronized long last() {
    return last;
  }

  public synchronized long accepted() {
    return accepted;
  }

  public synchronized long gaps() {
    return gaps;
  }

  public synchronized long missing() {
    return missing;
  }

  public synchronized long outOfOrder() {
    return outOfOrder;
  }

  public synchronized long beforeSnapshot() {
    return beforeSnapshot;
  }

  /** Batches the tracker sent after this agent's snapshot that never arrived, up to {@code lastSent}. */
  public synchronized long undelivered(long lastSent) {
    return synced ? Math.max(0, lastSent - last) : 0;
  }
}
