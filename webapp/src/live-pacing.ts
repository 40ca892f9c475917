/**
 * When the live Replayer plays each event: page changes at once, in order; only the pointer's path
 * at the pace it was drawn.
 *
 * rrweb's Replayer in live mode plays an event when its clock (the baseline given to `startLive`,
 * advanced by its animation-frame timer) reaches the event's timestamp, and applies events older
 * than the baseline at once. The user's timestamps are not used for that: they are on the user's
 * clock, and the stream arrives a transport delay after them, so a baseline on that clock either
 * plays late (the old 500 ms buffer) or needs a clock estimate that a late batch upsets. Instead
 * each event handed to the Replayer is a copy re-timed on the console's own clock (the kept
 * history keeps the originals, for time travel):
 *
 * - what was kept before the Replayer started goes before its baseline: applied at once;
 * - a page change (mutation, input, scroll, a new snapshot, …) gets "now", a hair later than the
 *   previous one: played on the Replayer's next frame, and in arrival order (rrweb orders its queue
 *   by time, and does not keep insertion order among equal times);
 * - the pointer (mouse and touch moves, drags, mouse interactions) has a timeline of its own, a lag
 *   behind the user's: rrweb sends a path as positions with their time offsets, so re-timed
 *   position by position it is drawn at the pace it was made instead of jumping to its end. A path
 *   that arrives late raises the lag (the pointer waits, it does not skip); a lag above what the
 *   newest path needs is worked off by drawing the path faster (see `CATCH_UP`) and by shortening
 *   the pointer's rests to `MIN_REST_MS`, so the pointer never skips a position to catch up.
 */

import { EventType, IncrementalSource } from '@rrweb/types';
import type { eventWithTime } from '@rrweb/types';

/** A pointer that lags more than its newest path needs works off this share of the path's time: drawn ×1.18. */
const CATCH_UP = 0.15;
/** …and waits at least this long where the user's pointer rested (rrweb samples a position per 50 ms). */
const MIN_REST_MS = 50;
/** The Replayer's clock starts here (not 0: rrweb takes 0 for "no baseline"); small, so steps of `STEP_MS` stay exact. */
const BASE_MS = 1_000_000;
/** The smallest step between two page changes' times: keeps them in order. */
const STEP_MS = 1e-6;

type Clock = () => number;

/** The user's times of a pointer event: a move's positions, or an interaction's (a click) moment; null for the rest. */
function pointerTimes(event: eventWithTime): number[] | null {
  if (event.type !== EventType.IncrementalSnapshot) {
    return null;
  }
  const data = event.data;
  switch (data.source) {
    case IncrementalSource.MouseMove:
    case IncrementalSource.TouchMove:
    case IncrementalSource.Drag:
      return data.positions.map((position) => event.timestamp + position.timeOffset);
    case IncrementalSource.MouseInteraction:
      return [event.timestamp];
    default:
      return null;
  }
}

export class LivePacing {
  private startedAt = 0;
  /** The time given to the last page change. */
  private lastChange = BASE_MS;
  /** Replay time minus user time on the pointer's timeline; null until the first pointer event. */
  private lag: number | null = null;
  /** The user's time of the last pointer position or interaction timed. */
  private lastPointer = Number.NEGATIVE_INFINITY;

  constructor(private readonly clock: Clock = () => performance.now()) {}

  /** The baseline to give `Replayer.startLive`. */
  readonly baseline = BASE_MS;

  /**
   * Starts the clock: call right after `startLive`, so that it is never ahead of the Replayer's
   * (an event timed "now" is then due on the Replayer's next frame).
   */
  start(): void {
    this.startedAt = this.clock();
    this.lastChange = BASE_MS;
    this.lag = null;
    this.lastPointer = Number.NEGATIVE_INFINITY;
  }

  /** A kept event, replayed before the Replayer's baseline: applied at once when added. */
  past(event: eventWithTime): eventWithTime {
    return { ...event, timestamp: BASE_MS - 1 };
  }

  /** An event that just arrived, timed for the live Replayer. */
  live(event: eventWithTime): eventWithTime {
    const now = this.now();
    const times = pointerTimes(event);
    if (times === null || times.length === 0) {
      this.lastChange = Math.max(now, this.lastChange + STEP_MS);
      return { ...event, timestamp: this.lastChange };
    }
    // the first position must not be due before now: the rest follow it at their pace
    const needed = now - (times[0] ?? now);
    const replayTimes = times.map((time) => time + this.lagAt(time, needed));
    const end = replayTimes[replayTimes.length - 1] ?? now;
    if (event.type === EventType.IncrementalSnapshot && 'positions' in event.data) {
      const positions = event.data.positions.map((position, i) => ({ ...position, timeOffset: (replayTimes[i] ?? end) - end }));
      return { ...event, timestamp: end, data: { ...event.data, positions } } as eventWithTime;
    }
    return { ...event, timestamp: end };
  }

  /** The pointer's lag at the user's `time`: kept, raised to `needed`, or worked off (see CATCH_UP). */
  private lagAt(time: number, needed: number): number {
    const gap = Math.max(0, time - this.lastPointer);
    this.lastPointer = Math.max(this.lastPointer, time);
    const previous = this.lag ?? needed;
    const workedOff = Number.isFinite(gap) ? Math.max(CATCH_UP * gap, gap - MIN_REST_MS) : Infinity;
    this.lag = Math.max(needed, previous - workedOff);
    return this.lag;
  }

  /** Now, on the Replayer's clock. */
  private now(): number {
    return BASE_MS + (this.clock() - this.startedAt);
  }
}
