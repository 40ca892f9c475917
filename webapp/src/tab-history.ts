/**
 * One tab's kept events, as checkpoint segments: what the live Replayer is built from and what time
 * travel rewinds through (time-travel.ts).
 *
 * A segment runs from a full snapshot (an rrweb Meta event) to the next, oldest first. The history
 * reaches back to the newest segment start at least `HISTORY_WINDOW_MS` before the newest event and
 * holds at most `HISTORY_MAX_EVENTS` events; whole segments go, oldest first, never the newest one
 * (a segment cut short could not be replayed). A joining agent gets the server's whole history, so
 * it can rewind at once.
 */

import { EventType } from '@rrweb/types';
import type { eventWithTime } from '@rrweb/types';

/** History kept per tab: back to the newest checkpoint at least this old (the server's window)… */
export const HISTORY_WINDOW_MS = 10 * 60_000;
/** …and at most this many events. */
export const HISTORY_MAX_EVENTS = 50_000;

/** Epoch milliseconds of the user's clock. */
export interface TimeRange {
  from: number;
  to: number;
}

export class TabHistory {
  /** Oldest first; each starts with a full snapshot. */
  private readonly segments: eventWithTime[][] = [];
  private count = 0;

  get empty(): boolean {
    return this.segments.length === 0;
  }

  /** The newest segment: what the live Replayer needs. */
  get current(): readonly eventWithTime[] {
    return this.segments[this.segments.length - 1] ?? [];
  }

  /** Every kept event, oldest first. */
  all(): eventWithTime[] {
    return this.segments.flat();
  }

  /** From the oldest kept event to the newest; null while nothing is kept. */
  range(): TimeRange | null {
    const first = this.segments[0]?.[0];
    const last = this.current[this.current.length - 1];
    return first && last ? { from: first.timestamp, to: last.timestamp } : null;
  }

  /**
   * Takes a batch, in `seq` order. A Meta event (or the first event of a `snapshot` batch) starts a
   * new segment; events before the first segment have nothing to be replayed on and are dropped.
   */
  append(events: readonly eventWithTime[], snapshot: boolean): void {
    events.forEach((event, index) => {
      if (event.type === EventType.Meta || (snapshot && index === 0)) {
        this.segments.push([]);
      }
      const segment = this.segments[this.segments.length - 1];
      if (segment) {
        segment.push(event);
        this.count++;
      }
    });
    this.prune();
  }

  /** Drops the oldest segments that are outside the window or over the cap, never the newest. */
  private prune(): void {
    const newest = this.range()?.to ?? 0;
    let next = this.segments[1]?.[0];
    while (next && (next.timestamp <= newest - HISTORY_WINDOW_MS || this.count > HISTORY_MAX_EVENTS)) {
      this.count -= this.segments.shift()?.length ?? 0;
      next = this.segments[1]?.[0];
    }
  }
}
