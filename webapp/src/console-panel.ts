/**
 * The user's browser console, read from the rrweb console plugin's events in the stream (type 6,
 * plugin `rrweb/console@1`, payload `{level, payload: string[], trace: string[]}` where each
 * argument is JSON text). Entries of every tab of the room are listed as they arrive, newest at the
 * bottom, and can be filtered by level; while the view is rewound, only those up to that moment show.
 */

import { EventType } from '@rrweb/types';
import type { eventWithTime } from '@rrweb/types';
import { h, setText } from './dom';
import { formatClock } from './format';

export const CONSOLE_PLUGIN = 'rrweb/console@1';

/** Entries kept per panel; older ones are dropped. */
const MAX_ENTRIES = 1000;

export interface LogEntry {
  level: string;
  /** Each argument as the plugin serialised it (JSON text). */
  args: string[];
  trace: string[];
  /** Epoch milliseconds, the user's clock. */
  timestamp: number;
  tab: string;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** The console entry an rrweb event carries, or null if it is not a console plugin event. */
export function consoleEntryOf(event: eventWithTime, tab: string): LogEntry | null {
  if (event.type !== EventType.Plugin) {
    return null;
  }
  const { plugin, payload } = event.data;
  if (plugin !== CONSOLE_PLUGIN || typeof payload !== 'object' || payload === null) {
    return null;
  }
  const entry = payload as { level?: unknown; payload?: unknown; trace?: unknown };
  if (typeof entry.level !== 'string') {
    return null;
  }
  return {
    level: entry.level,
    args: isStringArray(entry.payload) ? entry.payload : [],
    trace: isStringArray(entry.trace) ? entry.trace : [],
    timestamp: event.timestamp,
    tab,
  };
}

/** One argument for display: strings as they are, anything else as its JSON text. */
export function formatArg(json: string): string {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'string' ? value : json;
  } catch {
    return json;
  }
}

export type LevelFilter = 'all' | 'error' | 'warn' | 'info' | 'log';

const FILTERS: ReadonlyArray<{ filter: LevelFilter; label: string }> = [
  { filter: 'all', label: 'All' },
  { filter: 'error', label: 'Errors' },
  { filter: 'warn', label: 'Warnings' },
  { filter: 'info', label: 'Info' },
  { filter: 'log', label: 'Logs' },
];

/** The filter an entry of `level` belongs to (debug, trace, assert, … count as logs). */
function filterOf(level: string): Exclude<LevelFilter, 'all'> {
  return level === 'error' || level === 'warn' || level === 'info' ? level : 'log';
}

export class ConsolePanel {
  readonly element: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly empty: HTMLElement;
  private readonly buttons = new Map<LevelFilter, HTMLButtonElement>();
  private readonly counts: Record<LevelFilter, number> = { all: 0, error: 0, warn: 0, info: 0, log: 0 };
  private filter: LevelFilter = 'all';
  /** Epoch milliseconds: entries after it are hidden (null: none are). */
  private until: number | null = null;

  constructor(private readonly tabLabel: (tab: string) => string) {
    const filters = h('div', { class: 'console-filters', role: 'group', 'aria-label': 'Filter by level' });
    for (const { filter, label } of FILTERS) {
      const button = h('button', { type: 'button', class: 'chip', 'data-filter': filter, 'aria-pressed': filter === this.filter ? 'true' : 'false' }, label);
      button.addEventListener('click', () => this.setFilter(filter));
      this.buttons.set(filter, button);
      filters.append(button);
    }
    const clear = h('button', { type: 'button', class: 'link', title: 'Clear the console' }, 'Clear');
    clear.addEventListener('click', () => this.clear());
    this.list = h('ol', { class: 'console-entries' });
    this.empty = h('p', { class: 'console-empty' }, 'No console output yet.');
    this.element = h(
      'section',
      { class: 'console-panel', 'data-testid': 'console-panel', 'aria-label': "User's console" },
      h('header', { class: 'console-header' }, h('span', { class: 'console-title' }, 'Console'), filters, clear),
      this.list,
      this.empty,
    );
    this.refreshCounts();
  }

  add(entry: LogEntry): void {
    const stick = this.isScrolledToBottom();
    const text = entry.args.map(formatArg).join(' ');
    const group = filterOf(entry.level);
    const item = h(
      'li',
      {
        class: `console-entry level-${group}`,
        'data-testid': 'console-entry',
        'data-level': entry.level,
        'data-tab': entry.tab,
        'data-time': entry.timestamp,
        hidden: !this.shows(entry.level, entry.timestamp),
      },
      h('span', { class: 'console-time' }, formatClock(entry.timestamp)),
      h('span', { class: 'console-tab', title: entry.tab }, this.tabLabel(entry.tab)),
      h('span', { class: 'console-text' }, text),
    );
    if (entry.trace.length > 0) {
      item.append(h('details', { class: 'console-trace' }, h('summary', {}, 'stack'), h('pre', {}, entry.trace.join('\n'))));
    }
    this.list.append(item);
    this.counts.all++;
    this.counts[group]++;
    while (this.list.childElementCount > MAX_ENTRIES) {
      const oldest = this.list.firstElementChild;
      if (!(oldest instanceof HTMLElement)) {
        break;
      }
      this.counts.all--;
      this.counts[filterOf(oldest.dataset['level'] ?? 'log')]--;
      oldest.remove();
    }
    this.refreshCounts();
    if (stick) {
      this.list.scrollTop = this.list.scrollHeight;
    }
  }

  setFilter(filter: LevelFilter): void {
    this.filter = filter;
    for (const [value, button] of this.buttons) {
      button.setAttribute('aria-pressed', value === filter ? 'true' : 'false');
    }
    this.refreshItems();
    this.refreshCounts();
  }

  /** Shows only the entries up to `time` (epoch milliseconds, the user's clock), or all (null). */
  showUntil(time: number | null): void {
    if (time !== this.until) {
      this.until = time;
      this.refreshItems();
    }
  }

  clear(): void {
    this.list.replaceChildren();
    for (const key of Object.keys(this.counts) as LevelFilter[]) {
      this.counts[key] = 0;
    }
    this.refreshCounts();
  }

  private shows(level: string, timestamp: number): boolean {
    return (this.filter === 'all' || filterOf(level) === this.filter) && (this.until === null || timestamp <= this.until);
  }

  private refreshItems(): void {
    for (const item of this.list.children) {
      if (item instanceof HTMLElement) {
        item.hidden = !this.shows(item.dataset['level'] ?? 'log', Number(item.dataset['time']));
      }
    }
    this.list.scrollTop = this.list.scrollHeight;
  }

  private isScrolledToBottom(): boolean {
    return this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 24;
  }

  private refreshCounts(): void {
    for (const { filter, label } of FILTERS) {
      const button = this.buttons.get(filter);
      if (button) {
        setText(button, this.counts[filter] > 0 ? `${label} ${this.counts[filter]}` : label);
      }
    }
    const shown = this.filter === 'all' ? this.counts.all : this.counts[this.filter];
    this.empty.hidden = shown > 0;
    setText(this.empty, this.counts.all === 0 ? 'No console output yet.' : 'No entries at this level.');
  }
}
