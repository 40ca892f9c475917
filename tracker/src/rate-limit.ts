/** A token bucket mirroring one of the server's: `perSecond` refill and `burstSeconds` of capacity. */
abstract class TokenBucket {
  protected readonly perMs: number;
  protected readonly capacity: number;
  protected tokens: number;
  private last: number;

  constructor(perSecond: number, burstSeconds: number, now: number) {
    this.perMs = Math.max(1, perSecond) / 1000;
    this.capacity = Math.max(1, perSecond) * burstSeconds;
    this.tokens = this.capacity;
    this.last = now;
  }

  protected refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    }
    this.last = now;
  }
}

/**
 * The bucket over rrweb events. Batches are held back rather than sent past the server's limit,
 * which would close the socket with RATE_LIMITED.
 */
export class EventBudget extends TokenBucket {
  /** Takes `events` tokens if there are enough; a batch larger than the bucket may go when it is full. */
  tryTake(events: number, now: number): boolean {
    this.refill(now);
    const need = Math.min(events, this.capacity);
    if (need > this.tokens) {
      return false;
    }
    this.tokens -= need;
    return true;
  }

  /** Milliseconds until `events` tokens will be there. */
  waitMs(events: number, now: number): number {
    this.refill(now);
    const missing = Math.min(events, this.capacity) - this.tokens;
    return missing <= 0 ? 0 : Math.ceil(missing / this.perMs);
  }
}

/**
 * The bucket over the bytes of event batches: a batch goes whenever
 * the bucket is not in debt, however large, and its whole size is taken, so the debt holds the
 * next batches back until the rate has paid for it. Past the server's bucket the socket would be
 * closed with EVENT_BYTES_RATE_LIMITED.
 */
export class ByteBudget extends TokenBucket {
  /** Milliseconds until a batch may go: 0 unless the bucket is in debt. */
  waitMs(now: number): number {
    this.refill(now);
    return this.tokens > 0 ? 0 : Math.floor(-this.tokens / this.perMs) + 1;
  }

  /** Takes `bytes`, into debt if need be; call only when `waitMs` is 0. */
  take(bytes: number, now: number): void {
    this.refill(now);
    this.tokens -= bytes;
  }
}
