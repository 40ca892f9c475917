/**
 * Time travel in a live view: a time bar that rewinds the shown tab through its kept history
 * (tab-history.ts) with a second, non-live Replayer while the live one keeps running hidden.
 *
 * - Seeking (the scrubber, or `seek`) enters rewind mode: the live replay is hidden and a Replayer
 *   built from the shown tab's history is paused at that moment; rrweb starts from the newest full
 *   snapshot at or before it. It is rebuilt only for another tab, or to reach events newer than the
 *   ones it was built with. "Back to live" destroys it and shows the live replay again.
 */

import { Replayer } from '@rrweb/replay';
import { h, setAttr, setText } from './dom';
import { fitReplayer, isSize } from './fit';
import type { Size } from './fit';
import { formatClock } from './format';
import type { TabHistory, TimeRange } from './tab-history';

/** How often the time bar follows a playing rewind. */
const FOLLOW_MS = 200;
const SPEEDS = [1, 2, 4, 8] as const;

export interface TimeTravelOptions {
  /** The live replay's container: hidden while rewinding. */
  live: HTMLElement;
  /** The shown tab's history (null: no tab). */
  history(): TabHistory | null;
  /** Now, on the user's clock. */
  now(): number;
  /** The view moved to `time` (rewind mode), or back to live (null). */
  moved(time: number | null): void;
}

/** The rewind Replayer, with the history and time span it was built from. */
interface Rewind {
  replayer: Replayer;
  history: TabHistory;
  start: number;
  end: number;
  size: Size | null;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** `−03:07`: how long before now. */
function formatAgo(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `−${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

export class TimeTravel {
  /** The live replay, the rewind replay and the time bar. */
  readonly element: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly scrubber: HTMLInputElement;
  private readonly playButton: HTMLButtonElement;
  private readonly speedSelect: HTMLSelectElement;
  private readonly backButton: HTMLButtonElement;
  private readonly label: HTMLElement;
  private readonly resizeObserver: ResizeObserver;
  private rewind: Rewind | null = null;
  /** The rewind position, epoch milliseconds. */
  private position = 0;
  private follower: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: TimeTravelOptions) {
    this.stage = h('div', { class: 'replay', 'data-testid': 'rewind-replay', hidden: true });
    this.scrubber = h('input', { type: 'range', class: 'scrubber', 'data-testid': 'scrubber', 'aria-label': 'Time', disabled: true });
    this.scrubber.addEventListener('input', () => this.seek(Number(this.scrubber.value)));
    this.playButton = h('button', { type: 'button', class: 'secondary small', 'data-testid': 'play' });
    this.playButton.addEventListener('click', () => this.toggle());
    this.speedSelect = h('select', { class: 'speed', 'data-testid': 'speed', 'aria-label': 'Speed' }, ...SPEEDS.map((s) => h('option', { value: s }, `${s}×`)));
    this.speedSelect.addEventListener('change', () => this.rewind?.replayer.setConfig({ speed: this.speed() }));
    this.backButton = h('button', { type: 'button', class: 'secondary small', 'data-testid': 'back-to-live' }, 'Back to live');
    this.backButton.addEventListener('click', () => this.backToLive());
    this.label = h('span', { class: 'time-label', 'data-testid': 'time-label' });
    this.element = h(
      'div',
      { class: 'stage' },
      options.live,
      this.stage,
      h('div', { class: 'time-bar', 'data-testid': 'time-bar' }, this.playButton, this.scrubber, this.label, this.speedSelect, this.backButton),
    );
    this.resizeObserver = new ResizeObserver(() => this.fit());
    this.resizeObserver.observe(this.stage);
    this.render();
  }

  /** The shown tab's kept span ({0, 0} while nothing is kept). */
  history(): TimeRange {
    return this.options.history()?.range() ?? { from: 0, to: 0 };
  }

  /** Rewinds the shown tab to `time` (epoch milliseconds, clamped to its history). */
  seek(time: number): void {
    const rewind = this.rewindFor(time);
    if (!rewind) {
      this.backToLive();
      return;
    }
    this.position = clamp(time, rewind.start, rewind.end);
    const offset = this.position - rewind.start;
    if (this.follower === null) {
      rewind.replayer.pause(offset);
    } else {
      rewind.replayer.play(offset);
    }
    this.moved();
  }

  /** Leaves rewind mode: the live replay, still current, is shown again. */
  backToLive(): void {
    this.stopFollowing();
    this.destroyRewind();
    this.options.live.hidden = false;
    this.render();
    this.options.moved(null);
  }

  /** The shown tab, or its history, changed. */
  refresh(): void {
    if (this.rewind && this.rewind.history !== this.options.history()) {
      this.seek(this.position); // another tab: the same moment of that one
    } else {
      this.render();
    }
  }

  /** Re-evaluates the "from now" label (called every second). */
  tick(): void {
    this.render();
  }

  destroy(): void {
    this.stopFollowing();
    this.destroyRewind();
    this.resizeObserver.disconnect();
  }

  // ---- the rewind Replayer ----

  /** The Replayer to show `time` with: the current one if it can, else a new one (null: no history). */
  private rewindFor(time: number): Rewind | null {
    const history = this.options.history();
    const current = this.rewind;
    const newer = (history?.range()?.to ?? 0) > (current?.end ?? 0);
    if (current && current.history === history && !(newer && time > current.end)) {
      return current;
    }
    return history ? this.build(history) : null;
  }

  private build(history: TabHistory): Rewind | null {
    this.destroyRewind();
    const events = history.all();
    if (events.length < 2) {
      return null; // rrweb needs two events to replay
    }
    this.options.live.hidden = true;
    this.stage.hidden = false;
    const replayer = new Replayer(events, {
      root: this.stage,
      speed: this.speed(),
      // as in the live replay: rrweb's sandboxed iframe, without scripts
      UNSAFE_replayCanvas: false,
      triggerFocus: false,
      mouseTail: false,
      showWarning: import.meta.env.DEV,
    });
    const { startTime, endTime } = replayer.getMetaData();
    const rewind: Rewind = { replayer, history, start: startTime, end: endTime, size: null };
    replayer.on('resize', (dimension?: unknown) => {
      if (isSize(dimension)) {
        rewind.size = { width: dimension.width, height: dimension.height };
        this.fit();
      }
    });
    replayer.on('finish', () => this.finished(rewind));
    this.rewind = rewind;
    return rewind;
  }

  private destroyRewind(): void {
    const rewind = this.rewind;
    this.rewind = null;
    this.stage.hidden = true;
    rewind?.replayer.destroy();
  }

  private fit(): void {
    const rewind = this.rewind;
    if (rewind?.size) {
      fitReplayer(this.stage, rewind.replayer.wrapper, rewind.size);
    }
  }

  // ---- playing ----

  private speed(): number {
    return Number(this.speedSelect.value);
  }

  /** Live: pauses at the newest moment. Rewinding: plays or pauses. */
  private toggle(): void {
    const rewind = this.rewind;
    if (!rewind) {
      this.seek(this.history().to);
    } else if (this.follower !== null) {
      this.follow();
      this.stopFollowing();
      rewind.replayer.pause();
      this.render();
    } else {
      this.follower = setInterval(() => this.follow(), FOLLOW_MS);
      rewind.replayer.play(this.position - rewind.start);
      this.render();
    }
  }

  /** Takes the playing Replayer's time as the position. */
  private follow(): void {
    const rewind = this.rewind;
    if (rewind) {
      this.position = Math.min(rewind.end, rewind.start + rewind.replayer.getCurrentTime());
      this.moved();
    }
  }

  /** The rewind played to its end: it stays paused there. */
  private finished(rewind: Rewind): void {
    if (rewind === this.rewind && this.follower !== null) {
      this.stopFollowing();
      this.position = rewind.end;
      this.moved();
    }
  }

  private stopFollowing(): void {
    if (this.follower !== null) {
      clearInterval(this.follower);
      this.follower = null;
    }
  }

  // ---- the time bar ----

  private moved(): void {
    this.render();
    this.options.moved(this.position);
  }

  private render(): void {
    const range = this.options.history()?.range() ?? null;
    const rewinding = this.rewind !== null;
    this.scrubber.disabled = range === null;
    if (range) {
      setAttr(this.scrubber, 'min', String(range.from));
      setAttr(this.scrubber, 'max', String(range.to));
      const value = String(rewinding ? this.position : range.to);
      setAttr(this.scrubber, 'value', value);
      this.scrubber.value = value;
    }
    const playing = !rewinding || this.follower !== null;
    setText(this.playButton, playing ? '⏸' : '▶');
    setAttr(this.playButton, 'title', rewinding ? (playing ? 'Pause' : 'Play from here') : 'Pause at this moment');
    this.playButton.disabled = range === null;
    this.backButton.disabled = !rewinding;
    setText(this.label, rewinding ? `${formatClock(this.position)} ${formatAgo(this.options.now() - this.position)}` : 'live');
  }
}
