/**
 * The admin pages of the console, mounted only for an agent with the admin role: a navigation
 * bar (Sessions and the four admin pages) and the page area, switched by the URL's hash
 * (`#/projects`, `#/agents`, `#/audit`, `#/recordings`; anything else is the live sessions). The
 * live workspace is hidden, not torn down, while an admin page is open, so live views keep going.
 * Everything goes through the REST API with the agent's token; the server checks the role again.
 */

import './admin.css';
import { h } from '../dom';
import { AgentsPage } from './agents-page';
import { AuditPage } from './audit-page';
import { AdminApi, messageOf } from './http';
import type { AdminPage } from './page';
import { ProjectsPage } from './projects-page';
import { RecordingsPage } from './recordings-page';

export interface AdminHooks {
  token(): string;
  /** Shows the live sessions and joins `room` in the viewer. */
  openSession(room: string): void;
}

const ROUTES = [
  { hash: '', label: 'Live sessions' },
  { hash: '#/projects', label: 'Projects' },
  { hash: '#/agents', label: 'Agents' },
  { hash: '#/audit', label: 'Audit log' },
  { hash: '#/recordings', label: 'Recordings' },
] as const;

type AdminHash = Exclude<(typeof ROUTES)[number]['hash'], ''>;

export function isAdmin(roles: readonly string[]): boolean {
  return roles.includes('admin');
}

export class AdminPages {
  readonly nav: HTMLElement;
  readonly element: HTMLElement;
  private readonly pages: Record<AdminHash, AdminPage>;
  private readonly links: HTMLAnchorElement[];
  private readonly error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  private readonly onHashChange = (): void => this.route(true);

  constructor(
    hooks: AdminHooks,
    private readonly workspace: HTMLElement,
  ) {
    const api = new AdminApi(() => hooks.token());
    this.pages = {
      '#/projects': new ProjectsPage(api),
      '#/agents': new AgentsPage(api),
      '#/audit': new AuditPage(api, (room) => {
        window.location.hash = '';
        hooks.openSession(room);
      }),
      '#/recordings': new RecordingsPage(api),
    };
    this.links = ROUTES.map((route) => h('a', { href: route.hash === '' ? '#' : route.hash, 'data-route': route.hash || 'sessions' }, route.label));
    this.nav = h('nav', { class: 'admin-nav', 'aria-label': 'Console pages', 'data-testid': 'admin-nav' }, h('ul', {}, ...this.links.map((link) => h('li', {}, link))));
    this.element = h('main', { class: 'admin-area', hidden: true }, this.error);
    window.addEventListener('hashchange', this.onHashChange);
    this.route(false);
  }

  destroy(): void {
    window.removeEventListener('hashchange', this.onHashChange);
  }

  private route(focus: boolean): void {
    const hash = window.location.hash;
    const page = hash in this.pages ? this.pages[hash as AdminHash] : null;
    const shown = page === null ? 'sessions' : hash;
    for (const link of this.links) {
      if (link.dataset['route'] === shown) {
        link.setAttribute('aria-current', 'page');
      } else {
        link.removeAttribute('aria-current');
      }
    }
    this.workspace.hidden = page !== null;
    this.element.hidden = page === null;
    if (page === null) {
      return;
    }
    this.error.hidden = true;
    this.element.replaceChildren(this.error, page.element);
    if (focus) {
      page.element.querySelector<HTMLElement>('h1')?.focus();
    }
    page.load().catch((reason: unknown) => {
      this.error.textContent = `This page could not be loaded: ${messageOf(reason)}`;
      this.error.hidden = false;
    });
  }
}
