/**
 * The audit log: filters (agent, session, kind, outcome, time range, page size), pages newest
 * first following the API's `next` cursor, and a link from an entry to its session while that
 * session is live, which opens it in the console's viewer.
 */

import { h } from '../dom';
import type { AdminApi } from './http';
import { FormMessages, onSubmit, textField } from './form';
import type { Field } from './form';
import { auditPage, liveRooms } from './model';
import type { AuditEntry, AuditPage as Page } from './model';
import { cell, formatInstant, pageFrame, table } from './page';
import type { AdminPage } from './page';

const KINDS = [
  'login', 'session.join', 'session.leave', 'session.terminate', 'consent.call', 'consent.control', 'consent.annotate', 'consent.record',
  'recording.start', 'recording.finish', 'recording.download', 'recording.delete', 'recording.retention', 'project.create', 'project.update',
  'project.rotate-key', 'project.retention', 'agent.create', 'agent.update', 'agent.reset-password', 'support.code', 'tracker.refused',
  'retention.purge', 'user.data.delete',
];
const OUTCOMES = ['success', 'failure', 'refused', 'throttled', 'requested', 'granted', 'declined', 'expired', 'ended'];
const PAGE_SIZES = ['10', '25', '50', '100', '200'];

function select(id: string, name: string, label: string, options: readonly string[], anyLabel: string | null): Field & { control: HTMLSelectElement } {
  const error = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const control = h(
    'select',
    { id, name, 'aria-describedby': `${id}-error` },
    anyLabel === null ? null : h('option', { value: '' }, anyLabel),
    ...options.map((option) => h('option', { value: option }, option)),
  );
  const element = h('div', { class: 'field', 'data-field': name }, h('label', { for: id }, label), control, error);
  return { name, element, focusTarget: control, error, control };
}

/** A `datetime-local` value (the admin's time zone) as an ISO instant; the text itself if it is not one. */
function instant(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/**
 * The first page's path held to the entries it showed, so that going back from older pages shows
 * the same rows while new entries keep arriving; Apply filters shows the newest again.
 */
function pinned(path: string, page: Page): string {
  const newest = page.items[0];
  const [base, search = ''] = path.split('?');
  const params = new URLSearchParams(search);
  if (newest === undefined || params.has('before')) {
    return path;
  }
  params.set('before', String(newest.id + 1));
  return `${base}?${params.toString()}`;
}

export class AuditPage implements AdminPage {
  readonly element: HTMLElement;
  private readonly rows: HTMLTableSectionElement;
  private readonly pageLabel = h('span', { class: 'page-label', 'data-testid': 'audit-page-number' });
  private readonly newer = h('button', { type: 'button', class: 'secondary small', 'data-testid': 'audit-newer' }, '← Newer');
  private readonly older = h('button', { type: 'button', class: 'secondary small', 'data-testid': 'audit-older' }, 'Older →');
  private readonly messages: FormMessages;
  private readonly filters: { agent: HTMLInputElement | HTMLTextAreaElement; session: HTMLInputElement | HTMLTextAreaElement; kind: HTMLSelectElement; outcome: HTMLSelectElement; from: HTMLInputElement | HTMLTextAreaElement; to: HTMLInputElement | HTMLTextAreaElement; limit: HTMLSelectElement };
  /** The API path of each page shown so far: the last is the current one, the ones before it are "newer". */
  private trail: string[] = [];
  private current: Page = { items: [], next: null };
  private live = new Set<string>();

  constructor(
    private readonly api: AdminApi,
    private readonly openSession: (room: string) => void,
  ) {
    const frame = pageFrame('audit', 'Audit log', 'Who did what and when: sign-ins, joins, consent answers, admin changes, recordings. Newest first.');
    const agent = textField('audit-agent', 'agentId', 'Agent');
    const session = textField('audit-session', 'sessionId', 'Session');
    const kind = select('audit-kind', 'kind', 'Kind', KINDS, 'any kind');
    const outcome = select('audit-outcome', 'outcome', 'Outcome', OUTCOMES, 'any outcome');
    const from = textField('audit-from', 'from', 'From', { type: 'datetime-local', step: '1' });
    const to = textField('audit-to', 'to', 'Until', { type: 'datetime-local', step: '1' });
    const limit = select('audit-limit', 'limit', 'Per page', PAGE_SIZES, null);
    limit.control.value = '50';
    this.filters = { agent: agent.control, session: session.control, kind: kind.control, outcome: outcome.control, from: from.control, to: to.control, limit: limit.control };
    const fields = [agent, session, kind, outcome, from, to, limit];
    this.messages = new FormMessages(fields);
    const form = h(
      'form',
      { class: 'admin-card audit-filters', 'aria-label': 'Audit log filters', 'data-testid': 'audit-filters' },
      this.messages.general,
      h('div', { class: 'filter-grid' }, ...fields.map((f) => f.element)),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Apply filters'), h('button', { type: 'reset', class: 'secondary' }, 'Clear')),
    );
    onSubmit(form, this.messages, () => this.show([this.query()]));
    form.addEventListener('reset', () => {
      // after the browser has put the fields back
      setTimeout(() => {
        limit.control.value = '50';
        this.messages.clear();
      });
    });
    this.newer.addEventListener('click', () => void this.page(this.trail.slice(0, -1)));
    this.older.addEventListener('click', () => {
      if (this.current.next !== null) {
        void this.page([...this.trail, this.current.next]);
      }
    });
    const auditTable = table('Audit entries', ['Time', 'Kind', 'Agent', 'Session', 'Outcome', 'Details']);
    this.rows = auditTable.body;
    this.rows.setAttribute('data-testid', 'audit-rows');
    frame.element.append(form, auditTable.element, h('nav', { class: 'pager', 'aria-label': 'Audit log pages' }, this.newer, this.pageLabel, this.older));
    this.element = frame.element;
  }

  load(): Promise<void> {
    return this.show(this.trail.length <= 1 ? [this.query()] : this.trail);
  }

  /** The first page's API path from the filters. */
  private query(): string {
    const params = new URLSearchParams();
    const add = (name: string, value: string): void => {
      if (value.trim() !== '') {
        params.set(name, value.trim());
      }
    };
    add('agentId', this.filters.agent.value);
    add('sessionId', this.filters.session.value);
    add('kind', this.filters.kind.value);
    add('outcome', this.filters.outcome.value);
    add('from', this.filters.from.value === '' ? '' : instant(this.filters.from.value));
    add('to', this.filters.to.value === '' ? '' : instant(this.filters.to.value));
    add('limit', this.filters.limit.value);
    return `/api/admin/audit?${params.toString()}`;
  }

  private async page(trail: string[]): Promise<void> {
    try {
      await this.show(trail);
    } catch (reason) {
      this.messages.show(reason);
    }
  }

  private async show(trail: string[]): Promise<void> {
    const path = trail[trail.length - 1];
    if (path === undefined) {
      return;
    }
    const [page, sessions] = await Promise.all([this.api.call('GET', path), this.api.call('GET', '/api/admin/sessions')]);
    this.current = auditPage(page);
    this.live = liveRooms(sessions);
    this.trail = trail.length === 1 ? [pinned(path, this.current)] : trail;
    this.render();
  }

  private render(): void {
    this.rows.replaceChildren(
      ...(this.current.items.length === 0 ? [h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No entries match these filters.'))] : this.current.items.map((entry) => this.row(entry))),
    );
    this.pageLabel.textContent = `Page ${this.trail.length}`;
    this.newer.disabled = this.trail.length <= 1;
    this.older.disabled = this.current.next === null;
  }

  private row(entry: AuditEntry): HTMLTableRowElement {
    return h(
      'tr',
      { 'data-testid': 'audit-row', 'data-entry': String(entry.id), 'data-kind': entry.kind, 'data-outcome': entry.outcome, 'data-session': entry.sessionId ?? false },
      cell(h('time', { datetime: entry.at }, formatInstant(entry.at))),
      cell(h('code', {}, entry.kind)),
      cell(entry.agentId ?? '—'),
      cell(this.sessionCell(entry.sessionId)),
      cell(h('span', { class: `badge outcome-${entry.outcome}` }, entry.outcome)),
      cell(h('code', { class: 'details' }, Object.keys(entry.details).length === 0 ? '' : JSON.stringify(entry.details))),
    );
  }

  private sessionCell(room: string | null): Node | string {
    if (room === null) {
      return '—';
    }
    if (!this.live.has(room)) {
      return h('span', { class: 'muted', title: 'This session has ended.' }, h('code', {}, room.slice(0, 8)), ' (ended)');
    }
    const open = h('button', { type: 'button', class: 'link-button', 'data-testid': 'open-session', 'aria-label': `Watch live session ${room}` }, h('code', {}, room.slice(0, 8)), ' · watch live');
    open.addEventListener('click', () => this.openSession(room));
    return open;
  }
}
