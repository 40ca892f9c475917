/**
 * Call recordings: the list (by project), playback in the page, download, and delete. The content
 * needs the bearer token, so it is fetched and played from a blob: URL (the console's CSP allows
 * blob: media), never from a URL that would carry the token.
 */

import { h } from '../dom';
import type { AdminApi } from './http';
import { messageOf } from './http';
import { projects as parseProjects, recordings as parseRecordings } from './model';
import type { Recording } from './model';
import { cell, formatBytes, formatInstant, pageFrame, table } from './page';
import type { AdminPage } from './page';

/** How long a download's blob: URL is kept for the browser to start saving it. */
const DOWNLOAD_URL_MS = 60_000;

function duration(recording: Recording): string {
  if (recording.endedAt === null) {
    return 'recording…';
  }
  const seconds = Math.max(0, Math.round((Date.parse(recording.endedAt) - Date.parse(recording.startedAt)) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export class RecordingsPage implements AdminPage {
  readonly element: HTMLElement;
  private readonly say: (message: string) => void;
  private readonly rows: HTMLTableSectionElement;
  private readonly project = h('select', { id: 'recordings-project', name: 'projectId' });
  private readonly video = h('video', { controls: true, preload: 'metadata', 'data-testid': 'recording-player', 'aria-describedby': 'recording-player-title' });
  private readonly playerTitle = h('h2', { id: 'recording-player-title', tabindex: -1 });
  private readonly player = h('div', { class: 'admin-card player', hidden: true }, this.playerTitle, this.video);
  private objectUrl: string | null = null;
  private all: Recording[] = [];

  constructor(private readonly api: AdminApi) {
    const frame = pageFrame('recordings', 'Recordings', 'Calls an agent recorded with the user\'s consent. Downloads and deletions are audited.');
    this.say = frame.say;
    this.project.addEventListener('change', () => {
      this.loadList().catch((reason: unknown) => this.say(messageOf(reason)));
    });
    const recordingsTable = table('Recordings', ['Started', 'Project', 'Session', 'Length', 'Size', '']);
    this.rows = recordingsTable.body;
    frame.element.append(
      h('div', { class: 'admin-card audit-filters' }, h('div', { class: 'field' }, h('label', { for: this.project.id }, 'Project'), this.project)),
      h('div', { class: 'admin-columns' }, h('div', { class: 'admin-main' }, recordingsTable.element), this.player),
    );
    this.element = frame.element;
  }

  async load(): Promise<void> {
    const chosen = this.project.value;
    const projects = parseProjects(await this.api.call('GET', '/api/admin/projects'));
    this.project.replaceChildren(h('option', { value: '' }, 'all projects'), ...projects.map((p) => h('option', { value: p.id }, p.name === p.id ? p.id : `${p.name} (${p.id})`)));
    this.project.value = projects.some((p) => p.id === chosen) ? chosen : '';
    await this.loadList();
  }

  private async loadList(): Promise<void> {
    const query = this.project.value === '' ? '' : `?projectId=${encodeURIComponent(this.project.value)}`;
    this.all = parseRecordings(await this.api.call('GET', `/api/admin/recordings${query}`));
    this.render();
  }

  private render(): void {
    this.rows.replaceChildren(
      ...(this.all.length === 0 ? [h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No recordings.'))] : this.all.map((r) => this.row(r))),
    );
  }

  private row(recording: Recording): HTMLTableRowElement {
    const play = h('button', { type: 'button', class: 'primary small', 'data-testid': 'play-recording', 'aria-label': `Play recording ${recording.id}` }, 'Play');
    play.addEventListener('click', () => void this.play(recording));
    const download = h('button', { type: 'button', class: 'secondary small', 'data-testid': 'download-recording', 'aria-label': `Download recording ${recording.id}` }, 'Download');
    download.addEventListener('click', () => void this.download(recording));
    const actions = h('div', { class: 'actions' }, play, download, this.deleteButton(recording));
    return h(
      'tr',
      { 'data-testid': 'recording-row', 'data-recording': recording.id },
      cell(formatInstant(recording.startedAt)),
      cell(recording.projectId),
      cell(h('code', { title: recording.sessionId }, recording.sessionId.slice(0, 8))),
      cell(duration(recording)),
      cell(formatBytes(recording.bytes)),
      cell(actions),
    );
  }

  /** Delete asks again in place (no modal dialog): the first press turns into Confirm and Cancel. */
  private deleteButton(recording: Recording): HTMLElement {
    const slot = h('span', { class: 'confirm-slot' });
    const ask = h('button', { type: 'button', class: 'danger small', 'data-testid': 'delete-recording', 'aria-label': `Delete recording ${recording.id}` }, 'Delete');
    const confirm = h('button', { type: 'button', class: 'danger small', 'data-testid': 'confirm-delete' }, 'Delete for good');
    const cancel = h('button', { type: 'button', class: 'secondary small' }, 'Cancel');
    ask.addEventListener('click', () => {
      slot.replaceChildren(confirm, cancel);
      cancel.focus();
    });
    cancel.addEventListener('click', () => {
      slot.replaceChildren(ask);
      ask.focus();
    });
    confirm.addEventListener('click', () => {
      confirm.disabled = true;
      this.api
        .call('DELETE', `/api/admin/recordings/${encodeURIComponent(recording.id)}`)
        .then(() => {
          this.say(`Recording ${recording.id} deleted.`);
          return this.loadList();
        })
        .catch((reason: unknown) => {
          confirm.disabled = false;
          this.say(messageOf(reason));
        });
    });
    slot.append(ask);
    return slot;
  }

  private async content(recording: Recording): Promise<string> {
    const blob = await this.api.blob(`/api/admin/recordings/${encodeURIComponent(recording.id)}/content`);
    return URL.createObjectURL(blob.type === '' ? new Blob([blob], { type: recording.contentType }) : blob);
  }

  private async play(recording: Recording): Promise<void> {
    try {
      this.say(`Loading recording ${recording.id}…`);
      const url = await this.content(recording);
      if (this.objectUrl !== null) {
        URL.revokeObjectURL(this.objectUrl);
      }
      this.objectUrl = url;
      this.video.muted = false;
      this.video.src = url;
      this.video.dataset['recording'] = recording.id;
      this.playerTitle.textContent = `Recording of ${formatInstant(recording.startedAt)}`;
      this.player.hidden = false;
      this.say('');
      await this.video.play().catch(() => {
        // the click's permission to play sound can lapse while the file loads: play muted, the controls unmute
        this.video.muted = true;
        return this.video.play();
      });
      this.video.focus();
    } catch (reason) {
      this.say(`The recording cannot be played: ${messageOf(reason)}`);
    }
  }

  private async download(recording: Recording): Promise<void> {
    try {
      const url = await this.content(recording);
      const link = h('a', { href: url, download: `${recording.id}.webm`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      // the browser has the file once the download starts; the URL is not needed after that
      setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_URL_MS);
      this.say(`Recording ${recording.id} downloaded.`);
    } catch (reason) {
      this.say(`The download failed: ${messageOf(reason)}`);
    }
  }
}
