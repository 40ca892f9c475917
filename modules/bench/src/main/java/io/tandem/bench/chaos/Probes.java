package io.tandem.bench.chaos;

/**
 * The instants (System.nanoTime) of the run's disruptions: each client notes, per disruption, when
 * the first batch sent after it reached it, which is when its stream was live again.
 */
final class Probes {
  static final int MAX = 64;
  private final long[] at = new long[MAX];
  private volatile int count;

  /** A disruption now; its index. */
  synchronized int add(long nanos) {
    if (count == MAX) {
      throw new IllegalStateException("more than " + MAX + " disruptions in one run");
    }
    at[count] = nanos;
    count++;
    return count - 1;
  }

  int count() {
    return count;
  }

  long at(int index) {
    return at[index];
  }

  /** Notes in {@code firstAfter} the arrival of a batch sent at {@code sentNanos} for every disruption before it not yet noted. */
  void arrived(long[] firstAfter, long sentNanos, long arrivedNanos) {
    int n = count;
    for (int i = n - 1; i >= 0; i--) {
      if (firstAfter[i] != 0) {
        return;
      }
      if (sentNanos > at[i]) {
        firstAfter[i] = arrivedNanos;
      }
    }
  }
}
