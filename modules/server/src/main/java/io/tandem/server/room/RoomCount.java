package io.tandem.server.room;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rooms a node owns or is claiming, across all its shards ({@code limits.maxRoomsPerNode}): a
 * shard reserves a place before it claims a room and gives it back when the claim fails or the room
 * goes, so the limit is exact whichever shards the rooms hash to.
 */
final class RoomCount {
  private final AtomicInteger count = new AtomicInteger();
  private final int max;

  RoomCount(int max) {
    this.max = max;
  }

  /** Takes a place if one is free. */
  boolean tryReserve() {
    int now;
    do {
      now = count.get();
      if (now >= max) {
        return false;
      }
    } while (!count.compareAndSet(now, now + 1));
    return true;
  }

  void release() {
    count.decrementAndGet();
  }

  int get() {
    return count.get();
  }
}
