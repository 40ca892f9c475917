/**
 * The stream rules of a live view (live-view.ts), apart from the DOM and rrweb's Replayer so they are
 * tested as plain objects: which `events` batches a tab takes, what its kept history becomes, how
 * the tabs are numbered, and which tab is shown.
 *
 * - Every tab has its own stream. A batch whose `seq` is not above the tab's last one is a duplicate
 *   (the server resends its buffer after a re-join) and is ignored; otherwise it is taken and `seq`
 *   becomes the tab's last one.
 * - A `seq` that skips ahead without a snapshot is a gap: the server promises agents none (see
 *   docs/protocol.md, "Sequencing rules"), so it is taken as it is and only reported; a snapshot
 *   that skips ahead is not one, it makes the stream whole again.
 * - A `snapshot: true` batch, or an rrweb Meta event inside a batch (a checkout), starts a new
 *   segment of the tab's history (tab-history.ts). Events before a tab's first snapshot have nothing
 *   to be replayed on and are dropped.
 */

import { EventType } from '@rrweb/types';
import type { eventWithTime } from '@rrweb/types';
import type { EventsFrame, TabInfo } from './protocol';
import { TabHistory } from './tab-history';

/** What became of one `events` batch. */
export type Intake =
  /** Its `seq` is not above the tab's last one: ignored. */
  | { readonly kind: 'duplicate' }
  /** Taken, but nothing to replay: an empty batch, or no snapshot yet to replay it on. */
  | { readonly kind: 'unplayable'; readonly gap: boolean }
  /**
   * Taken into the tab's history. A live Replayer of the tab plays the batch's events from `from`
   * on; `restart`: the batch holds a new snapshot (a fresh Replayer may take over from it).
   */
  | { readonly kind: 'taken'; readonly gap: boolean; readonly restart: boolean; readonly from: number };

interface TabStream {
  lastSeq: number;
  /** Empty until a snapshot arrived. */
  history: TabHistory;
}

/** Index of the last rrweb Meta event (the start of a full snapshot) in `events`, or -1. */
function lastSnapshotStart(events: readonly eventWithTime[]): number {
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i]?.type === EventType.Meta) {
      return i;
    }
  }
  return -1;
}

/** One room's tabs: their streams, and their numbers in the tab strip (1, 2, … in the order first listed). */
export class TabStreams {
  private readonly streams = new Map<string, TabStream>();
  private readonly numbers = new Map<string, number>();
  private nextNumber = 1;

  /** The last `seq` taken for `tab` (0 for none). */
  lastSeq(tab: string): number {
    return this.streams.get(tab)?.lastSeq ?? 0;
  }

  /**
   * The last `seq` of each tab whose stream can go on from there (it has a snapshot): what a join
   * again names, so the node sends only what follows. A tab without one is left out and sent whole.
   */
  held(): Record<string, number> {
    const held: Record<string, number> = {};
    for (const [tab, stream] of this.streams) {
      if (!stream.history.empty) {
        held[tab] = stream.lastSeq;
      }
    }
    return held;
  }

  /** The kept events of `tab`; null for a tab that never sent a batch. */
  history(tab: string): TabHistory | null {
    return this.streams.get(tab)?.history ?? null;
  }

  /** The tab's number in the tab strip; undefined for a tab never listed. */
  number(tab: string): number | undefined {
    return this.numbers.get(tab);
  }

  /** The session lists these tabs now: a tab listed before and gone is forgotten, a new one numbered. */
  list(tabs: readonly TabInfo[]): void {
    const listed = new Set(tabs.map((t) => t.tabId));
    for (const tab of [...this.numbers.keys()]) {
      if (!listed.has(tab)) {
        this.numbers.delete(tab);
        this.streams.delete(tab);
      }
    }
    for (const tab of tabs) {
      if (!this.numbers.has(tab.tabId)) {
        this.numbers.set(tab.tabId, this.nextNumber++);
      }
    }
  }

  /** Takes one `events` frame (its tab need not be listed yet: the `room` frame may come later). */
  take(frame: EventsFrame): Intake {
    let stream = this.streams.get(frame.tab);
    if (!stream) {
      stream = { lastSeq: 0, history: new TabHistory() };
      this.streams.set(frame.tab, stream);
    }
    if (frame.seq <= stream.lastSeq) {
      return { kind: 'duplicate' };
    }
    const gap = stream.lastSeq > 0 && frame.seq !== stream.lastSeq + 1 && !frame.snapshot;
    stream.lastSeq = frame.seq;
    const events = frame.d;
    const restart = frame.snapshot ? 0 : lastSnapshotStart(events);
    const hadSnapshot = !stream.history.empty;
    if (events.length === 0 || (restart < 0 && !hadSnapshot)) {
      return { kind: 'unplayable', gap };
    }
    stream.history.append(events, frame.snapshot);
    return { kind: 'taken', gap, restart: restart >= 0, from: hadSnapshot ? 0 : restart };
  }
}

/**
 * The tab to show: the agent's pick (`pinned`) while it is listed, else the user's visible tab (a
 * connected one first), else the one `shown` while it is listed (the user is switching tabs, or left
 * the browser), else a connected one, else the first. `pinned` comes back null once its tab is gone.
 */
export function chooseTab(tabs: readonly TabInfo[], pinned: string | null, shown: string | null): { tab: string | null; pinned: string | null } {
  if (pinned !== null && tabs.some((t) => t.tabId === pinned)) {
    return { tab: pinned, pinned };
  }
  const visible = tabs.find((t) => t.visible && t.connected) ?? tabs.find((t) => t.visible);
  if (visible) {
    return { tab: visible.tabId, pinned: null };
  }
  if (shown !== null && tabs.some((t) => t.tabId === shown)) {
    return { tab: shown, pinned: null };
  }
  return { tab: (tabs.find((t) => t.connected) ?? tabs[0])?.tabId ?? null, pinned: null };
}
