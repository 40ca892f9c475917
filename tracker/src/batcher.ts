/**
 * Groups serialised rrweb events into batches: one goes out every `flushMs`, or sooner at
 * `maxEvents` events or `maxChars` characters. A full snapshot always begins a new batch (the
 * protocol's `snapshot: true` means "this batch begins with Meta + FullSnapshot"), so the batch
 * before it is cut off at that point.
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
}

const browserTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Batcher {
  private events: string[] = [];
  private chars = 0;
  private snapshot = false;
  private timer: unknown = null;

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
    } else if (this.timer === null) {
      this.timer = this.timers.set(() => {
        this.timer = null;
        this.flush();
      }, this.options.flushMs);
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
    this.sink(batch);
  }

  /** Forgets the batch being gathered. */
  discard(): void {
    this.cancelTimer();
    this.events = [];
    this.chars = 0;
    this.snapshot = false;
  }

  private cancelTimer(): void {
    if (this.timer !== null) {
      this.timers.clear(this.timer);
      this.timer = null;
    }
  }
}
