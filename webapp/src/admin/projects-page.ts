/**
 * Projects: the list, a new project, and one project's origins, privacy, key rotation and embed
 * snippet (the tracker's script tags with this node's address and the project's key filled in).
 */

import { h } from '../dom';
import type { AdminApi } from './http';
import { messageOf } from './http';
import { checkboxField, FormMessages, list, numberOrText, onSubmit, textField } from './form';
import { project as parseProject, projects as parseProjects } from './model';
import type { Project } from './model';
import { cell, pageFrame, table, RecordsPage } from './page';
import type { AdminPage } from './page';

const ORIGINS_HINT = 'One per line: an origin such as https://shop.example, "self" (this node) or "*" (any).';
const BUFFER_HINT = 'Seconds of the session before an agent joined that they may rewind to (0 to 600).';

/** The two script tags a site puts on its pages (docs/tracker.md). */
export function embedSnippet(nodeOrigin: string, key: string): string {
  return `<script src="${nodeOrigin}/tracker.js"></script>\n<script>Tandem.start({server:'${nodeOrigin}', projectKey:'${key}'})</script>`;
}

export class ProjectsPage extends RecordsPage<Project> implements AdminPage {
  readonly element: HTMLElement;
  private readonly say: (message: string) => void;
  private readonly rows: HTMLTableSectionElement;

  constructor(private readonly api: AdminApi) {
    super(h('div', { class: 'admin-card', 'data-testid': 'project-detail', hidden: true }));
    const frame = pageFrame('projects', 'Projects', 'Sites whose pages carry the tracker: who may embed it, what agents may see, and the key that ties a page to its project.');
    this.say = frame.say;
    const projectsTable = table('Projects', ['Id', 'Name', 'Allowed origins', 'Privacy', '']);
    this.rows = projectsTable.body;
    frame.element.append(h('div', { class: 'admin-columns' }, h('div', { class: 'admin-main' }, projectsTable.element, this.detail), this.createForm()));
    this.element = frame.element;
  }

  async load(): Promise<void> {
    this.all = parseProjects(await this.api.call('GET', '/api/admin/projects'));
    this.render();
  }

  protected render(): void {
    this.rows.replaceChildren(
      ...this.all.map((p) => {
        const edit = h('button', { type: 'button', class: 'secondary small', 'aria-label': `Edit project ${p.id}` }, 'Edit');
        edit.addEventListener('click', () => this.select(p.id, true));
        return h(
          'tr',
          { 'data-project': p.id, 'aria-current': p.id === this.selected ? 'true' : false },
          cell(h('code', {}, p.id)),
          cell(p.name),
          cell(p.allowedOrigins.length === 0 ? h('span', { class: 'muted' }, 'none: no page can connect') : p.allowedOrigins.join(', ')),
          cell(`${p.privacy.maskAllInputs ? 'inputs masked' : 'inputs shown'} · buffer ${p.privacy.preJoinBufferSeconds} s`),
          cell(edit),
        );
      }),
    );
    this.showSelected();
  }

  private createForm(): HTMLElement {
    const id = textField('project-new-id', 'id', 'Id', { required: true }, 'Lowercase letters, digits and "-"; it cannot be changed later.');
    const name = textField('project-new-name', 'name', 'Name');
    const origins = textField('project-new-origins', 'allowedOrigins', 'Allowed origins', {}, ORIGINS_HINT, true);
    const buffer = textField('project-new-buffer', 'privacy.preJoinBufferSeconds', 'Pre-join buffer (seconds)', { inputmode: 'numeric', value: '0' }, BUFFER_HINT);
    const mask = checkboxField('project-new-mask', 'privacy.maskAllInputs', 'Mask every input field', true);
    const fields = [id, name, origins, buffer, mask];
    const messages = new FormMessages(fields);
    const form = h(
      'form',
      { class: 'admin-card admin-form', 'aria-labelledby': 'project-new-title', 'data-testid': 'project-create' },
      h('h2', { id: 'project-new-title' }, 'New project'),
      messages.general,
      ...fields.map((f) => f.element),
      h('button', { type: 'submit', class: 'primary' }, 'Create project'),
    );
    onSubmit(form, messages, async () => {
      const body: Record<string, unknown> = {
        id: id.control.value.trim(),
        allowedOrigins: list(origins.control.value),
        privacy: { preJoinBufferSeconds: numberOrText(buffer.control.value), maskAllInputs: mask.control.checked },
      };
      if (name.control.value.trim() !== '') {
        body['name'] = name.control.value.trim();
      }
      const created = parseProject(await this.api.call('POST', '/api/admin/projects', body));
      this.replace(created);
      form.reset();
      this.say(`Project ${created.id} created. Its embed snippet is below.`);
      this.select(created.id, true);
    });
    return form;
  }

  protected renderDetail(p: Project): void {
    const prefix = 'project-edit';
    const name = textField(`${prefix}-name`, 'name', 'Name', { value: p.name });
    const origins = textField(`${prefix}-origins`, 'allowedOrigins', 'Allowed origins', {}, ORIGINS_HINT, true);
    origins.control.value = p.allowedOrigins.join('\n');
    const buffer = textField(`${prefix}-buffer`, 'privacy.preJoinBufferSeconds', 'Pre-join buffer (seconds)', { inputmode: 'numeric', value: String(p.privacy.preJoinBufferSeconds) }, BUFFER_HINT);
    const mask = checkboxField(`${prefix}-mask`, 'privacy.maskAllInputs', 'Mask every input field', p.privacy.maskAllInputs);
    const fields = [name, origins, buffer, mask];
    const messages = new FormMessages(fields);
    const form = h('form', { class: 'admin-form', 'aria-label': `Settings of ${p.id}` }, messages.general, ...fields.map((f) => f.element), h('button', { type: 'submit', class: 'primary' }, 'Save changes'));
    onSubmit(form, messages, async () => {
      const updated = parseProject(
        await this.api.call('PATCH', `/api/admin/projects/${encodeURIComponent(p.id)}`, {
          name: name.control.value.trim(),
          allowedOrigins: list(origins.control.value),
          privacy: { preJoinBufferSeconds: numberOrText(buffer.control.value), maskAllInputs: mask.control.checked },
        }),
      );
      this.replace(updated);
      this.say(`Project ${updated.id} saved.`);
      this.select(updated.id, true);
    });

    const snippet = h('textarea', { id: `${prefix}-snippet`, class: 'snippet', readonly: true, rows: 3, spellcheck: 'false', 'data-testid': 'embed-snippet' });
    snippet.value = embedSnippet(window.location.origin, p.key);
    const copy = h('button', { type: 'button', class: 'secondary small', 'data-testid': 'copy-snippet' }, 'Copy snippet');
    copy.addEventListener('click', () => {
      snippet.select();
      // the Clipboard API exists only on secure origins (HTTPS or loopback)
      if (!window.isSecureContext) {
        this.say('This page is not on HTTPS, so the browser will not copy for it: the snippet is selected, press Ctrl+C.');
        return;
      }
      navigator.clipboard
        .writeText(snippet.value)
        .then(() => this.say('Embed snippet copied.'))
        .catch(() => this.say('Copying was refused by the browser: the snippet is selected, press Ctrl+C.'));
    });
    const rotate = h('button', { type: 'button', class: 'danger small', 'data-testid': 'rotate-key' }, 'Rotate key');
    rotate.addEventListener('click', () => {
      rotate.disabled = true;
      this.api
        .call('POST', `/api/admin/projects/${encodeURIComponent(p.id)}/key`)
        .then((body) => {
          this.replace(parseProject(body));
          this.say(`The key of ${p.id} was rotated: pages with the old key are refused from now on. Update the snippet on the site.`);
          this.select(p.id, true);
        })
        .catch((reason: unknown) => {
          rotate.disabled = false;
          this.say(messageOf(reason));
        });
    });

    this.detail.replaceChildren(
      h('h2', { tabindex: -1 }, `Project ${p.id}`),
      form,
      h('h3', {}, 'Tracker key'),
      h('p', { class: 'key-line' }, h('code', { 'data-testid': 'project-key' }, p.key), ' ', rotate),
      h('p', { class: 'field-hint' }, 'Rotating gives a new key at once; pages still carrying the old one are refused.'),
      h('div', { class: 'field' }, h('label', { for: snippet.id }, 'Embed snippet'), snippet, h('div', { class: 'actions' }, copy)),
    );
    this.detail.hidden = false;
  }
}
