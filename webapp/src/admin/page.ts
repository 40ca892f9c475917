/** What every admin page has: a heading that takes focus when the page opens, a status line, and a load. */

import { h } from '../dom';

export interface AdminPage {
  readonly element: HTMLElement;
  /** Fetches what the page shows; called each time the page is opened. */
  load(): Promise<void>;
}

/** The page's frame: `<section>` with a focusable heading and a polite status line. */
export function pageFrame(id: string, title: string, intro: string): { element: HTMLElement; status: HTMLElement; say(message: string): void } {
  const status = h('p', { class: 'admin-status', role: 'status', 'aria-live': 'polite' });
  const element = h(
    'section',
    { class: 'admin-page', id: `admin-${id}`, 'aria-labelledby': `admin-${id}-title`, 'data-testid': `admin-${id}` },
    h('h1', { id: `admin-${id}-title`, tabindex: -1 }, title),
    h('p', { class: 'admin-intro' }, intro),
    status,
  );
  return { element, status, say: (message) => (status.textContent = message) };
}

/** A table with a caption (visually hidden) and column headers. */
export function table(caption: string, columns: readonly string[]): { element: HTMLTableElement; body: HTMLTableSectionElement } {
  const body = h('tbody');
  const element = h(
    'table',
    { class: 'admin-table' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...columns.map((column) => h('th', { scope: 'col' }, column)))),
    body,
  );
  return { element, body };
}

export function cell(...children: (Node | string | null)[]): HTMLTableCellElement {
  return h('td', {}, ...children);
}

/** `2026-12-02 23:14:05` in the admin's time zone. */
export function formatInstant(iso: string | null): string {
  if (iso === null || iso === '') {
    return '—';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${(bytes / 1024).toFixed(1)} KiB`;
  }
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/**
 * A page of records (agents, projects) listed in a table, one of them open beside it for editing:
 * which one is open, and keeping the list in step with what the server answered.
 */
export abstract class RecordsPage<T extends { id: string }> {
  protected all: T[] = [];
  protected selected: string | null = null;

  protected constructor(protected readonly detail: HTMLElement) {}

  protected abstract render(): void;

  protected abstract renderDetail(record: T): void;

  /** Ends a render: the open record's detail, or none. */
  protected showSelected(): void {
    const current = this.all.find((r) => r.id === this.selected);
    if (current) {
      this.renderDetail(current);
    } else {
      this.detail.hidden = true;
    }
  }

  protected select(id: string, focus: boolean): void {
    this.selected = id;
    this.render();
    if (focus) {
      this.detail.querySelector<HTMLElement>('h2')?.focus();
    }
  }

  protected replace(updated: T): void {
    const index = this.all.findIndex((r) => r.id === updated.id);
    if (index < 0) {
      this.all.push(updated);
    } else {
      this.all[index] = updated;
    }
  }
}
