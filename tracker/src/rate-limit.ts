/**
 * A token bucket over rrweb events, mirroring the server's: `perSecond` refill and `burstSeconds`
 * of capacity. Batches are held back rather than sent past the server's limit, which would close
 * the socket with RATE_LIMITED.
 */
export class EventBudget {
  private readonly perMs: number;
  private readonly capacity: number;
  private tokens: number;
  private last: number;

  constructor(perSecond: number, burstSeconds: number, now: number) {
    this.perMs = Math.max(1, perSecond) / 1000;
    this.capacity = Math.max(1, perSecond) * burstSeconds;
    this.tokens = this.capacity;
    this.last = now;
  }

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

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    }
    this.last = now;
  }
}
