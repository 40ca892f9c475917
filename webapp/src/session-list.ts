/**
 * The live sessions this agent may see, kept up to date from the server's `sessions` pushes: one
 * row per session (user, the page of the tab the user looks at, tabs, duration, agents inside,
 * state) with a Join button, and a search box over user id, URL, title and metadata.
 *
 * Rows are reused by room id and only changed cells are touched, so the list can be refreshed every
 * push (up to four times a second) without losing focus or selection.
 */

import { h, setAttr, setText } from './dom';
import { formatDuration, shortUrl, userLabel, visibleTab } from './format';
import type { Session } from './protocol';

/** What the console is doing with a room, for its Join button. */
export type JoinState = 'none' | 'joining' | 'joined';

export interface SessionListOptions {
  join(room: string): void;
  joinState(room: string): JoinState;
}

interface Row {
  session: Session;
  element: HTMLLIElement;
  user: HTMLElement;
  title: HTMLElement;
  url: HTMLElement;
  tabs: HTMLElement;
  duration: HTMLElement;
  agents: HTMLElement;
  state: HTMLElement;
  metadata: HTMLElement;
  join: HTMLButtonElement;
  /** Lower-cased text the search box matches against. */
  haystack: string;
}

function haystackOf(session: Session): string {
  const parts = [session.room, session.userId ?? '', session.projectId];
  for (const tab of session.tabs) {
    parts.push(tab.url, tab.title);
  }
  for (const [key, value] of Object.entries(session.metadata)) {
    parts.push(`${key}:${value}`, `${key}=${value}`);
  }
  return parts.join('\n').toLowerCase();
}

function metadataText(session: Session): string {
  return Object.entries(session.metadata)
    .map(([key, value]) => `${key}: ${value}`)
    .join(' · ');
}

const STATE_LABELS: Record<Session['state'], string> = {
  idle: 'idle',
  streaming: 'watched',
  disconnected: 'disconnected',
};

export class SessionList {
  readonly element: HTMLElement;
  private readonly body: HTMLUListElement;
  private readonly search: HTMLInputElement;
  private readonly summary: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly rows = new Map<string, Row>();
  private order: string[] = [];
  private query = '';

  constructor(private readonly options: SessionListOptions) {
    this.search = h('input', {
      type: 'search',
      id: 'session-search',
      class: 'search',
      placeholder: 'Search user, URL, metadata…',
      'aria-label': 'Search sessions',
      autocomplete: 'off',
      spellcheck: 'false',
    });
    this.search.addEventListener('input', () => {
      this.query = this.search.value.trim().toLowerCase();
      this.applyFilter();
    });
    this.summary = h('span', { class: 'session-summary', 'aria-live': 'polite' });
    this.body = h('ul', { class: 'sessions', 'aria-label': 'Sessions' });
    this.empty = h('p', { class: 'session-empty' }, 'No live sessions right now.');
    this.element = h(
      'section',
      { class: 'session-list', 'aria-label': 'Live sessions' },
      h('header', { class: 'panel-header' }, h('h2', {}, 'Live sessions'), this.summary),
      this.search,
      h('div', { class: 'session-scroll' }, this.body, this.empty),
    );
    this.applyFilter();
  }

  /** Replaces the list with `sessions` (a full `sessions` push). */
  update(sessions: Session[]): void {
    const seen = new Set<string>();
    for (const session of sessions) {
      seen.add(session.room);
      const row = this.rows.get(session.room) ?? this.createRow(session);
      this.fill(row, session);
    }
    for (const [room, row] of this.rows) {
      if (!seen.has(room)) {
        row.element.remove();
        this.rows.delete(room);
      }
    }
    // newest first; the DOM is only reordered when the order changed
    const order = [...this.rows.values()]
      .sort((a, b) => b.session.startedAt - a.session.startedAt || a.session.room.localeCompare(b.session.room))
      .map((row) => row.session.room);
    if (order.length !== this.order.length || order.some((room, i) => room !== this.order[i])) {
      this.order = order;
      for (const room of order) {
        const row = this.rows.get(room);
        if (row) {
          this.body.append(row.element);
        }
      }
    }
    this.applyFilter();
  }

  /** Re-reads every row's join state (after a join, a leave or an end). */
  refreshJoinStates(): void {
    for (const row of this.rows.values()) {
      this.fillJoin(row);
    }
  }

  /** Advances the durations (called every second). */
  tick(now: number = Date.now()): void {
    for (const row of this.rows.values()) {
      setText(row.duration, formatDuration(now - row.session.startedAt));
    }
  }

  /** Empties the list (logout). */
  clear(): void {
    this.update([]);
  }

  private createRow(session: Session): Row {
    const user = h('span', { class: 'user' });
    const duration = h('span', { class: 'duration', title: 'Time since the session started' });
    const title = h('span', { class: 'page-title' });
    const url = h('span', { class: 'page-url' });
    const state = h('span', { class: 'state' });
    const tabs = h('span', { class: 'tabs' });
    const agents = h('span', { class: 'agents' });
    const metadata = h('span', { class: 'meta' });
    const join = h('button', { type: 'button', class: 'primary small', 'data-testid': 'join' }, 'Join');
    join.addEventListener('click', () => this.options.join(session.room));
    const element = h(
      'li',
      { class: 'session', 'data-testid': 'session-row', 'data-room': session.room },
      h('div', { class: 'session-main' }, h('div', { class: 'line' }, user, duration), h('div', { class: 'line page' }, title, url), h('div', { class: 'line details' }, state, tabs, agents, metadata)),
      h('div', { class: 'session-action' }, join),
    );
    const row: Row = { session, element, user, title, url, tabs, duration, agents, state, metadata, join, haystack: '' };
    this.rows.set(session.room, row);
    return row;
  }

  private fill(row: Row, session: Session): void {
    row.session = session;
    row.haystack = haystackOf(session);
    setText(row.user, userLabel(session));
    setAttr(row.user, 'title', `session ${session.room}`);
    const tab = visibleTab(session);
    setText(row.title, tab ? tab.title || '(untitled)' : '(no tab)');
    setText(row.url, tab ? shortUrl(tab.url) : '');
    setAttr(row.url, 'title', tab ? tab.url : null);
    setText(row.duration, formatDuration(Date.now() - session.startedAt));
    setText(row.state, STATE_LABELS[session.state]);
    setAttr(row.state, 'data-state', session.state);
    setAttr(row.element, 'data-state', session.state);
    setText(row.tabs, session.tabs.length === 1 ? '1 tab' : `${session.tabs.length} tabs`);
    setText(row.agents, session.agents.length === 0 ? 'no agent' : session.agents.map((a) => a.name).join(', '));
    setAttr(row.agents, 'title', session.agents.length === 0 ? null : 'Agents watching');
    const meta = metadataText(session);
    setText(row.metadata, meta);
    row.metadata.hidden = meta === '';
    this.fillJoin(row);
  }

  private fillJoin(row: Row): void {
    const state = this.options.joinState(row.session.room);
    setText(row.join, state === 'joined' ? 'Watching' : state === 'joining' ? 'Joining…' : 'Join');
    row.join.disabled = state !== 'none';
  }

  private applyFilter(): void {
    let shown = 0;
    for (const row of this.rows.values()) {
      const match = this.query === '' || row.haystack.includes(this.query);
      row.element.hidden = !match;
      if (match) {
        shown++;
      }
    }
    const total = this.rows.size;
    setText(this.summary, this.query === '' ? String(total) : `${shown} of ${total}`);
    this.empty.hidden = shown > 0;
    setText(this.empty, total === 0 ? 'No live sessions right now.' : 'No session matches the search.');
  }
}
