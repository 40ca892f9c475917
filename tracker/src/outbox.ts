/**
 * Batches that left the recorder but that the server has not acknowledged yet.
 *
 * They are written to the socket once and kept until an `ack` covers them; after a reconnect the
 * ones the server does not hold (seq above `welcome.ackedSeq`) are written again, in order. A
 * snapshot batch supersedes every batch before it, so the outbox only ever reaches back to the
 * newest snapshot. When the bounds are exceeded everything is dropped and the caller takes a fresh
 * full snapshot instead: cheaper than holding an unbounded backlog, and it makes the stream whole.
 */

export interface Batch {
  readonly seq: number;
  readonly snapshot: boolean;
  /** The whole `events` frame, ready to write. */
  readonly frame: string;
  /** UTF-8 size of `frame`. */
  readonly bytes: number;
  /** Number of rrweb events in the batch (the server's rate limit counts these). */
  readonly events: number;
}

export interface OutboxLimits {
  readonly maxBatches: number;
  readonly maxBytes: number;
}

export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = { maxBatches: 500, maxBytes: 8 * 1024 * 1024 };

export class Outbox {
  private items: Batch[] = [];
  /** `items[0 .. sent)` have been written to the current socket. */
  private sent = 0;
  private total = 0;

  constructor(private readonly limits: OutboxLimits = DEFAULT_OUTBOX_LIMITS) {}

  get size(): number {
    return this.items.length;
  }

  get bytes(): number {
    return this.total;
  }

  /** The seqs held, oldest first (for tests and diagnostics). */
  seqs(): number[] {
    return this.items.map((batch) => batch.seq);
  }

  /**
   * Keeps a new batch. Returns false if that exceeded a bound: then the outbox is empty and the
   * caller must take a full snapshot. A snapshot batch is always kept, even if it alone is over.
   */
  add(batch: Batch): boolean {
    if (batch.snapshot) {
      this.clear();
    }
    this.items.push(batch);
    this.total += batch.bytes;
    if (!batch.snapshot && (this.items.length > this.limits.maxBatches || this.total > this.limits.maxBytes)) {
      this.clear();
      return false;
    }
    return true;
  }

  /** The server holds every batch up to `seq`: let them go. */
  ack(seq: number): void {
    let drop = 0;
    while (drop < this.items.length && (this.items[drop]?.seq ?? Infinity) <= seq) {
      this.total -= this.items[drop]?.bytes ?? 0;
      drop++;
    }
    if (drop > 0) {
      this.items = this.items.slice(drop);
      this.sent = Math.max(0, this.sent - drop);
    }
  }

  /**
   * A new socket was welcomed with `ackedSeq`: drops what the server holds and marks the rest to be
   * written again. Returns false if the rest does not continue the server's stream (it neither
   * starts at `ackedSeq + 1` nor with a snapshot); the caller then clears and resynchronises.
   */
  resume(ackedSeq: number): boolean {
    this.ack(ackedSeq);
    this.sent = 0;
    const first = this.items[0];
    return first === undefined || first.snapshot || first.seq === ackedSeq + 1;
  }

  /** The socket is gone: everything still held must be written again on the next one. */
  rewind(): void {
    this.sent = 0;
  }

  /** A snapshot batch the server has not acknowledged yet (sent or not). */
  get holdsSnapshot(): boolean {
    return this.items[0]?.snapshot ?? false;
  }

  /** The oldest batch not yet written to the current socket. */
  nextUnsent(): Batch | undefined {
    return this.items[this.sent];
  }

  markSent(): void {
    if (this.sent < this.items.length) {
      this.sent++;
    }
  }

  clear(): void {
    this.items = [];
    this.sent = 0;
    this.total = 0;
  }
}
