/**
 * Groups serialised rrweb events into batches, flushed on the leading edge:
 *
 * - the first event after a quiet moment (no batch in the last `flushMs`) goes out at the end of
 *   the task that emitted it, together with whatever that task emitted after it (a DOM change and
 *   the input event of the same keystroke);
 * - events that follow a batch within `flushMs` are coalesced and go out `flushMs` after it, so a
 *   busy page sends at most one batch per window;
 * - a full snapshot goes out at once too (end of its task), whenever the previous batch left;
 * - `maxEvents` events or `maxChars` characters cut a batch at once.
 *
 * A full snapshot always begins a new batch (the protocol's `snapshot: true` means "this batch
 * begins with Meta + FullSnapshot"), so the batch before it is cut off at that point.
 */

export interface BatcherOptions {
  readonly flushMs: number;
  readonly maxEvents: number;
  readonly maxChars: number;
}

export const DEFAULT_BATCHING: BatcherOptions = { flushMs: 100, maxEvents: 64, maxChars: 512 * 1024 };

/** One finished batch: `payload` is the JSON array text of its events. */
export interface FinishedBatch {
  readonly snapshot: boolean;
  readonly payload: string;
  readonly events: number;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  /** Milliseconds on a clock that only goes forward. */
  now(): number;
}

const browserTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

export class Batcher {
  private events: string[] = [];
  private chars = 0;
  private snapshot = false;
  private timer: unknown = null;
  /** When the pending timer fires. */
  private due = 0;
  /** When the last batch went out. */
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly sink: (batch: FinishedBatch) => void,
    private readonly options: BatcherOptions = DEFAULT_BATCHING,
    private readonly timers: Timers = browserTimers,
  ) {}

  /** Adds one serialised event; `startsSnapshot` for the Meta event that opens a full snapshot. */
  push(json: string, startsSnapshot: boolean): void {
    if (startsSnapshot) {
      this.flush();
      this.snapshot = true;
    }
    this.events.push(json);
    this.chars += json.length;
    if (this.events.length >= this.options.maxEvents || this.chars >= this.options.maxChars) {
      this.flush();
    } else {
      const now = this.timers.now();
      // a snapshot never waits for the window: an agent is waiting for it
      this.schedule(this.snapshot ? now : Math.max(now, this.lastFlush + this.options.flushMs), now);
    }
  }

  /** True while the batch being gathered begins with a snapshot that has not gone out yet. */
  get holdsSnapshot(): boolean {
    return this.snapshot && this.events.length > 0;
  }

  /** Hands the batch being gathered to the sink now. Safe to re-enter from the sink. */
  flush(): void {
    this.cancelTimer();
    if (this.events.length === 0) {
      this.snapshot = false;
      return;
    }
    const batch: FinishedBatch = {
      snapshot: this.snapshot,
      payload: `[${this.events.join(',')}]`,
      events: this.events.length,
    };
    this.events = [];
    this.chars = 0;
    this.snapshot = false;
    this.lastFlush = this.timers.now();
    this.sink(batch);
  }

  /** Forgets the batch being gathered. */
  discard(): void {
    this.cancelTimer();
    this.events = [];
    this.chars = 0;
    this.snapshot = false;
  }

  /** Flushes at `due` (on the timers' clock), unless a flush is already due by then. */
  private schedule(due: number, now: number): void {
    if (this.timer !== null) {
      if (this.due <= due) {
        return;
      }
      this.cancelTimer();
    }
    this.due = due;
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.flush();
    }, due - now);
  }

  private cancelTimer(): void {
    if (this.timer !== null) {
      this.timers.clear(this.timer);
      this.timer = null;
    }
  }
}
