/**
 * The page's recent past, kept in memory while no agent watches (only when the project allows it),
 * so an agent who joins can rewind to before the join. It holds segments that each begin with a
 * full snapshot: the oldest one kept is the newest that starts at least `windowMs` ago, so the
 * buffer always reaches back the whole window, and nothing older is kept. It never leaves the page
 * unless an agent joins; it is gone when the page unloads.
 */

import type { FinishedBatch } from './batcher';

interface Segment {
  readonly startedAt: number;
  readonly batches: FinishedBatch[];
  chars: number;
}

export interface PreJoinLimits {
  readonly windowMs: number;
  /** Characters of serialised events kept at most, over all segments. */
  readonly maxChars: number;
}

export const DEFAULT_PRE_JOIN_MAX_CHARS = 16 * 1024 * 1024;

/** What {@link PreJoinBuffer.add} did with a batch. */
export type Kept = 'kept' | 'dropped' | 'overflow';

export class PreJoinBuffer {
  private segments: Segment[] = [];
  private chars = 0;

  constructor(
    private readonly limits: PreJoinLimits,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.segments.reduce((count, segment) => count + segment.batches.length, 0);
  }

  /**
   * Keeps a batch. An incremental batch with no snapshot before it is dropped; `overflow` means the
   * one segment left is over the size bound by itself: the buffer emptied itself, and only a new
   * full snapshot can start it again.
   */
  add(batch: FinishedBatch): Kept {
    const now = this.now();
    if (batch.snapshot) {
      this.segments.push({ startedAt: now, batches: [], chars: 0 });
    }
    const current = this.segments[this.segments.length - 1];
    if (current === undefined) {
      return 'dropped';
    }
    current.batches.push(batch);
    current.chars += batch.payload.length;
    this.chars += batch.payload.length;
    this.trim(now);
    if (this.chars > this.limits.maxChars) {
      this.clear();
      return 'overflow';
    }
    return 'kept';
  }

  /** Everything kept, oldest first; the buffer is empty afterwards. */
  drain(): FinishedBatch[] {
    const batches = this.segments.flatMap((segment) => segment.batches);
    this.clear();
    return batches;
  }

  clear(): void {
    this.segments = [];
    this.chars = 0;
  }

  private trim(now: number): void {
    const horizon = now - this.limits.windowMs;
    for (let next = this.segments[1]; next !== undefined; next = this.segments[1]) {
      if (next.startedAt > horizon && this.chars <= this.limits.maxChars) {
        return;
      }
      this.chars -= this.segments.shift()?.chars ?? 0;
    }
  }
}
