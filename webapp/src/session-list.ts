/**
 * One page of the live sessions this agent may see, as the node serves the console's window: one
 * row per session (user, the page of the tab the user looks at, tabs, duration, agents inside,
 * state) with a Join button; a search box over user id, URL, title and metadata, searched on the
 * node; and paging (previous, next, and where the page sits in the total).
 *
 * Rows are reused by room id and only changed cells are touched, so the list can be refreshed every
 * push (up to four times a second) without losing focus or selection.
 */

import { h, setAttr, setText } from './dom';
import { formatDuration, shortUrl, userLabel, visibleTab } from './format';
import { FIRST_PAGE } from './list-window';
import type { ListQuery } from './list-window';
import type { Session } from './protocol';

/** Typing pauses this long before the search goes to the node. */
const SEARCH_DELAY_MS = 250;

/** What the console is doing with a room, for its Join button. */
export type JoinState = 'none' | 'joining' | 'joined';

export interface SessionListOptions {
  join(room: string): void;
  joinState(room: string): JoinState;
  /** Asks the node for another window of the list. */
  ask(query: ListQuery): void;
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
  private readonly previous: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  private readonly rows = new Map<string, Row>();
  private order: string[] = [];
  private query: ListQuery = FIRST_PAGE;
  private total = 0;
  private searchTimer: ReturnType<typeof setTimeout> | null = null;

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
    this.search.addEventListener('input', () => this.searchSoon());
    this.summary = h('span', { class: 'session-summary', 'data-testid': 'session-total', 'aria-live': 'polite' });
    this.body = h('ul', { class: 'sessions', 'aria-label': 'Sessions' });
    this.empty = h('p', { class: 'session-empty' }, 'No live sessions right now.');
    this.previous = h('button', { type: 'button', class: 'secondary small', 'data-testid': 'page-previous', 'aria-label': 'Previous page' }, '‹ Previous');
    this.next = h('button', { type: 'button', class: 'secondary small', 'data-testid': 'page-next', 'aria-label': 'Next page' }, 'Next ›');
    this.previous.addEventListener('click', () => this.page(-1));
    this.next.addEventListener('click', () => this.page(1));
    this.element = h(
      'section',
      { class: 'session-list', 'aria-label': 'Live sessions' },
      h('header', { class: 'panel-header' }, h('h2', {}, 'Live sessions'), this.summary),
      this.search,
      h('div', { class: 'session-scroll' }, this.body, this.empty),
      h('nav', { class: 'session-pager', 'aria-label': 'Pages of sessions' }, this.previous, this.next),
    );
    this.showTotals();
  }

  /** Shows the window the node sent: `sessions` in order, `total` matching in all, for `query`. */
  update(sessions: Session[], total: number, query: ListQuery): void {
    this.query = query;
    this.total = total;
    if (sessions.length === 0 && total > 0 && query.offset > 0) {
      // the page emptied (sessions before it ended): go to the last page there is
      this.ask({ ...query, offset: Math.floor((total - 1) / query.limit) * query.limit });
    }
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
    // in the window's order; the DOM is only reordered when the order changed
    const order = sessions.map((session) => session.room);
    if (order.length !== this.order.length || order.some((room, i) => room !== this.order[i])) {
      this.order = order;
      for (const room of order) {
        const row = this.rows.get(room);
        if (row) {
          this.body.append(row.element);
        }
      }
    }
    this.showTotals();
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
    this.update([], 0, FIRST_PAGE);
  }

  private searchSoon(): void {
    if (this.searchTimer !== null) {
      clearTimeout(this.searchTimer);
    }
    this.searchTimer = setTimeout(() => {
      this.searchTimer = null;
      this.ask({ ...this.query, search: this.search.value.trim(), offset: 0 });
    }, SEARCH_DELAY_MS);
  }

  private page(step: number): void {
    const offset = Math.max(0, this.query.offset + step * this.query.limit);
    if (offset !== this.query.offset && offset < Math.max(this.total, 1)) {
      this.ask({ ...this.query, offset });
    }
  }

  private ask(query: ListQuery): void {
    this.query = query;
    this.options.ask(query);
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
    const row: Row = { session, element, user, title, url, tabs, duration, agents, state, metadata, join };
    this.rows.set(session.room, row);
    return row;
  }

  private fill(row: Row, session: Session): void {
    row.session = session;
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

  private showTotals(): void {
    const shown = this.rows.size;
    const first = this.query.offset + 1;
    setText(this.summary, shown === 0 ? String(this.total) : `${first}–${this.query.offset + shown} of ${this.total}`);
    this.previous.disabled = this.query.offset === 0;
    this.next.disabled = this.query.offset + this.query.limit >= this.total;
    this.empty.hidden = shown > 0;
    setText(this.empty, this.total > 0 ? 'Nothing on this page.' : this.query.search === '' ? 'No live sessions right now.' : 'No session matches the search.');
  }
}
