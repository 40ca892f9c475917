/**
 * rrweb recording, only while an agent watches: start (which takes the full snapshot), resync
 * (a new full snapshot on a running recording), stop. Events are serialised once, privacy rules are
 * applied by rrweb before anything is serialised, console entries are capped, and the result is
 * grouped into batches by the {@link Batcher}.
 */

import { record } from '@rrweb/record';
import { getRecordConsolePlugin } from '@rrweb/rrweb-plugin-console-record';
import type { eventWithTime } from '@rrweb/types';
import { Batcher } from './batcher';
import type { BatcherOptions, FinishedBatch } from './batcher';
import { CONSOLE_PLUGIN, capLogEntry, isLogEntry } from './console-caps';
import { MASKABLE_INPUTS, maskInputValue } from './privacy';
import { safe, warnOnce } from './safe';

/** rrweb's EventType values the recorder looks at (numbers, so the enum is not bundled twice). */
const META = 4;
const PLUGIN = 6;
/** How often rrweb hands on the pointer positions it sampled (one every 50 ms) while the pointer moves. */
const POINTER_PIECE_MS = 100;

export interface RecorderOptions {
  /** Elements (and their descendants) whose text and input values are masked. */
  readonly maskSelector: string;
  /** Elements recorded as an empty box of the same size. */
  readonly blockSelector: string;
  /** Mask every input value, not only passwords and masked elements. */
  readonly maskAllInputs: boolean;
  readonly recordCanvas: boolean;
  readonly captureConsole: boolean;
  /** Take a fresh full snapshot this often while streaming (0: never). */
  readonly checkoutEveryMs: number;
  readonly batching: BatcherOptions;
}

export class Recorder {
  private stopRecording: (() => void) | null = null;
  /** Bumped on every start and stop: a late emit from an earlier recording is ignored. */
  private generation = 0;
  private seenSnapshot = false;
  private projectMasksAllInputs = false;
  private checkpointLimitMs = 0;
  private readonly batcher: Batcher;

  constructor(
    private readonly options: RecorderOptions,
    sink: (batch: FinishedBatch) => void,
  ) {
    this.batcher = new Batcher(sink, options.batching);
  }

  get active(): boolean {
    return this.stopRecording !== null;
  }

  /** A full snapshot is on its way: the first one not yet taken, or one not yet handed on. */
  get snapshotPending(): boolean {
    return this.active && (!this.seenSnapshot || this.batcher.holdsSnapshot);
  }

  /**
   * Applies the project's "mask every input" setting; returns true if that changes what a running
   * recording masks (rrweb takes its masking options only when recording starts).
   */
  requireMaskAllInputs(required: boolean): boolean {
    const before = this.masksAllInputs;
    this.projectMasksAllInputs = required;
    return this.active && before !== this.masksAllInputs;
  }

  /**
   * Takes a full snapshot at least this often from the next start on (0: as the options say), so
   * that a window of time can be kept in segments that each begin with one.
   */
  checkpointWithin(ms: number): void {
    this.checkpointLimitMs = ms;
  }

  private get checkoutEveryMs(): number | undefined {
    const configured = this.options.checkoutEveryMs;
    const limit = this.checkpointLimitMs;
    const every = configured > 0 && limit > 0 ? Math.min(configured, limit) : configured || limit;
    return every > 0 ? every : undefined;
  }

  private get masksAllInputs(): boolean {
    return this.options.maskAllInputs || this.projectMasksAllInputs;
  }

  /** Starts recording; rrweb emits Meta + FullSnapshot first (at DOMContentLoaded if not yet there). */
  start(): void {
    if (this.active) {
      return;
    }
    const generation = ++this.generation;
    this.seenSnapshot = false;
    this.batcher.discard();
    const { maskSelector, blockSelector } = this.options;
    const maskAllInputs = this.masksAllInputs;
    let stop: (() => void) | undefined;
    try {
      stop = record<eventWithTime>({
        emit: safe('record emit', (event: eventWithTime) => {
          if (generation === this.generation) {
            this.accept(event);
          }
        }),
        checkoutEveryNms: this.checkoutEveryMs,
        recordAfter: 'DOMContentLoaded',
        blockSelector,
        maskTextSelector: maskSelector,
        maskAllInputs,
        maskInputOptions: maskAllInputs ? undefined : { ...MASKABLE_INPUTS },
        maskInputFn: (text: string, element: HTMLElement): string => maskInputValue(text, element, maskSelector, maskAllInputs),
        slimDOMOptions: 'all',
        recordCanvas: this.options.recordCanvas,
        // no input sampling: 'last' would only record on change (blur), and agents watch typing live;
        // the pointer's path goes out in short pieces (rrweb's default is 500 ms), which the console
        // draws at their pace: its lag behind the user is about one piece
        sampling: { scroll: 150, media: 800, mousemoveCallback: POINTER_PIECE_MS },
        plugins: this.options.captureConsole
          ? [
              getRecordConsolePlugin({
                level: ['log', 'info', 'warn', 'error'],
                lengthThreshold: 1000,
                stringifyOptions: { stringLengthLimit: 1000, numOfKeysLimit: 50, depthOfLimit: 4 },
              }),
            ]
          : [],
        // rrweb's own observers: anything that throws inside them is reported once and swallowed
        errorHandler: (error: unknown): boolean => {
          warnOnce('rrweb', 'recording error; the page is not affected', error);
          return true;
        },
      });
    } catch (error) {
      warnOnce('record-start', 'cannot record this page', error);
    }
    if (typeof stop !== 'function') {
      if (generation === this.generation) {
        this.generation++;
        this.batcher.discard();
      }
    } else if (generation !== this.generation) {
      // stopped from inside the first emit: do not leave rrweb running without a handle
      try {
        stop();
      } catch {
        // nothing more to do
      }
    } else {
      this.stopRecording = stop;
      this.flushSnapshot();
    }
  }

  /** A new full snapshot on the running recording (the server asked to resynchronise). */
  resync(): void {
    if (!this.active) {
      this.start();
      return;
    }
    if (this.snapshotPending) {
      return; // the snapshot on its way already answers the request
    }
    try {
      record.takeFullSnapshot(true);
    } catch (error) {
      warnOnce('resync', 'cannot take a snapshot; restarting the recording', error);
      this.stop();
      this.start();
      return;
    }
    this.flushSnapshot();
  }

  /** Hands whatever is gathered to the sink now (before the page goes away). */
  flush(): void {
    this.batcher.flush();
  }

  /**
   * rrweb took the snapshot inside the call that just returned (record() once the document is
   * loaded, takeFullSnapshot): it goes out now, not one timer later, since an agent waits for it.
   */
  private flushSnapshot(): void {
    if (this.batcher.holdsSnapshot) {
      this.batcher.flush();
    }
  }

  /** Stops recording; events not yet batched are dropped. */
  stop(): void {
    const stop = this.stopRecording;
    this.stopRecording = null;
    this.generation++;
    this.batcher.discard();
    if (stop) {
      try {
        stop();
      } catch (error) {
        warnOnce('record-stop', 'error while stopping the recording', error);
      }
    }
  }

  private accept(event: eventWithTime): void {
    const startsSnapshot = event.type === META;
    if (startsSnapshot) {
      this.seenSnapshot = true;
    } else if (!this.seenSnapshot) {
      return; // DomContentLoaded/Load before the first snapshot: nothing to replay them on
    }
    let json: string;
    try {
      json = JSON.stringify(event.type === PLUGIN ? capConsole(event) : event);
    } catch (error) {
      warnOnce('serialise', 'an event could not be serialised and was left out', error);
      return;
    }
    this.batcher.push(json, startsSnapshot);
  }
}

function capConsole(event: eventWithTime): eventWithTime {
  const data = (event as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) {
    return event;
  }
  const { plugin, payload } = data as { plugin?: unknown; payload?: unknown };
  if (plugin !== CONSOLE_PLUGIN || !isLogEntry(payload)) {
    return event;
  }
  return { ...event, data: { plugin, payload: capLogEntry(payload) } } as eventWithTime;
}
