/**
 * Agents: the list, a new agent, and one agent's name, roles, projects, disabling, and a password
 * reset (which signs them out everywhere).
 */

import { h } from '../dom';
import type { AdminApi } from './http';
import { checkboxField, choiceField, FormMessages, onSubmit, textField } from './form';
import { agent as parseAgent, agents as parseAgents, projects as parseProjects } from './model';
import type { Agent, Project } from './model';
import { cell, formatInstant, pageFrame, table, RecordsPage } from './page';
import type { AdminPage } from './page';

const ROLES = [
  { value: 'agent', label: 'Agent: watches and assists sessions of their projects' },
  { value: 'admin', label: 'Admin: these pages, and every project' },
];
const PASSWORD_HINT = '10 to 200 characters.';

export class AgentsPage extends RecordsPage<Agent> implements AdminPage {
  readonly element: HTMLElement;
  private readonly say: (message: string) => void;
  private readonly rows: HTMLTableSectionElement;
  private readonly createSlot = h('div', { class: 'admin-side' });
  private projectList: Project[] = [];

  constructor(private readonly api: AdminApi) {
    super(h('div', { class: 'admin-card', 'data-testid': 'agent-detail', hidden: true }));
    const frame = pageFrame('agents', 'Agents', 'The people who sign in to this console: their roles, the projects whose sessions they see, and their access.');
    this.say = frame.say;
    const agentsTable = table('Agents', ['Login', 'Name', 'Roles', 'Projects', 'Status', '']);
    this.rows = agentsTable.body;
    frame.element.append(h('div', { class: 'admin-columns' }, h('div', { class: 'admin-main' }, agentsTable.element, this.detail), this.createSlot));
    this.element = frame.element;
  }

  async load(): Promise<void> {
    const [agents, projects] = await Promise.all([this.api.call('GET', '/api/admin/agents'), this.api.call('GET', '/api/admin/projects')]);
    this.all = parseAgents(agents);
    this.projectList = parseProjects(projects);
    this.createSlot.replaceChildren(this.createForm());
    this.render();
  }

  private projectOptions(): { value: string; label: string }[] {
    return this.projectList.map((p) => ({ value: p.id, label: p.name === p.id ? p.id : `${p.name} (${p.id})` }));
  }

  protected render(): void {
    this.rows.replaceChildren(
      ...this.all.map((a) => {
        const edit = h('button', { type: 'button', class: 'secondary small', 'aria-label': `Edit agent ${a.id}` }, 'Edit');
        edit.addEventListener('click', () => this.select(a.id, true));
        return h(
          'tr',
          { 'data-agent': a.id, 'aria-current': a.id === this.selected ? 'true' : false },
          cell(h('code', {}, a.id)),
          cell(a.name),
          cell(a.roles.join(', ')),
          cell(a.roles.includes('admin') ? 'all (admin)' : a.projects.join(', ') || '—'),
          cell(h('span', { class: `badge ${a.disabled ? 'bad' : 'ok'}` }, a.disabled ? 'disabled' : 'active')),
          cell(edit),
        );
      }),
    );
    this.showSelected();
  }

  private createForm(): HTMLElement {
    const id = textField('agent-new-id', 'id', 'Login name', { required: true, autocomplete: 'off' }, 'Lowercase letters, digits, ".", "_" or "-".');
    const name = textField('agent-new-name', 'name', 'Display name');
    const password = textField('agent-new-password', 'password', 'Password', { type: 'password', required: true, autocomplete: 'new-password' }, PASSWORD_HINT);
    const roles = choiceField('agent-new-roles', 'roles', 'Roles', ROLES, ['agent']);
    const projects = choiceField('agent-new-projects', 'projects', 'Projects', this.projectOptions(), []);
    const fields = [id, name, password, roles, projects];
    const messages = new FormMessages(fields);
    const form = h(
      'form',
      { class: 'admin-card admin-form', 'aria-labelledby': 'agent-new-title', 'data-testid': 'agent-create' },
      h('h2', { id: 'agent-new-title' }, 'New agent'),
      messages.general,
      ...fields.map((f) => f.element),
      h('button', { type: 'submit', class: 'primary' }, 'Create agent'),
    );
    onSubmit(form, messages, async () => {
      const body: Record<string, unknown> = { id: id.control.value.trim(), password: password.control.value, roles: roles.values(), projects: projects.values() };
      if (name.control.value.trim() !== '') {
        body['name'] = name.control.value.trim();
      }
      const created = parseAgent(await this.api.call('POST', '/api/admin/agents', body));
      this.replace(created);
      form.reset();
      this.say(`Agent ${created.id} created.`);
      this.select(created.id, false);
    });
    return form;
  }

  protected renderDetail(a: Agent): void {
    const prefix = 'agent-edit';
    const name = textField(`${prefix}-name`, 'name', 'Display name', { value: a.name });
    const roles = choiceField(`${prefix}-roles`, 'roles', 'Roles', ROLES, a.roles);
    const projects = choiceField(`${prefix}-projects`, 'projects', 'Projects', this.projectOptions(), a.projects);
    const disabled = checkboxField(`${prefix}-disabled`, 'disabled', 'Disabled: cannot sign in, and open consoles are closed', a.disabled);
    const fields = [name, roles, projects, disabled];
    const messages = new FormMessages(fields);
    const form = h('form', { class: 'admin-form', 'aria-label': `Settings of ${a.id}`, 'data-testid': 'agent-edit' }, messages.general, ...fields.map((f) => f.element), h('button', { type: 'submit', class: 'primary' }, 'Save changes'));
    onSubmit(form, messages, async () => {
      const updated = parseAgent(
        await this.api.call('PATCH', `/api/admin/agents/${encodeURIComponent(a.id)}`, {
          name: name.control.value.trim(),
          roles: roles.values(),
          projects: projects.values(),
          disabled: disabled.control.checked,
        }),
      );
      this.replace(updated);
      this.say(`Agent ${updated.id} saved${updated.disabled ? ': disabled' : ''}.`);
      this.select(updated.id, true);
    });

    const password = textField(`${prefix}-password`, 'password', 'New password', { type: 'password', required: true, autocomplete: 'new-password' }, `${PASSWORD_HINT} Their open consoles are signed out.`);
    const resetMessages = new FormMessages([password]);
    const reset = h('form', { class: 'admin-form', 'aria-label': `Reset the password of ${a.id}`, 'data-testid': 'agent-reset' }, resetMessages.general, password.element, h('button', { type: 'submit', class: 'secondary' }, 'Reset password'));
    onSubmit(reset, resetMessages, async () => {
      await this.api.call('POST', `/api/admin/agents/${encodeURIComponent(a.id)}/password`, { password: password.control.value });
      reset.reset();
      this.say(`The password of ${a.id} was reset; their earlier sign-ins no longer work.`);
    });

    this.detail.replaceChildren(
      h('h2', { tabindex: -1 }, `Agent ${a.id}`),
      h('p', { class: 'field-hint' }, `Created ${formatInstant(a.createdAt)}.`),
      form,
      h('h3', {}, 'Password'),
      reset,
    );
    this.detail.hidden = false;
  }
}
