/**
 * The call on the user's page: a small panel, draggable by its title bar, with each agent's video,
 * the microphone and camera toggles and a hang-up button, in the user's language and with the
 * site's font, corner radius and focus colour. It lives in a shadow root, so neither the page's
 * styles nor its scripts' selectors reach into it, and it is left out of the recording.
 */

import type { MediaState } from '../../common/src/call-peer';
import { safe } from './safe';
import type { TandemStrings } from './strings';
import { applyTheme, uiText } from './ui';
import type { Ui } from './ui';

export interface CallPanelActions {
  toggle(kind: keyof MediaState): void;
  hangUp(): void;
}

const STYLE = `
:host{all:initial}
.p{--tandem-font:system-ui,sans-serif;--tandem-radius:10px;--tandem-focus:#93c5fd;
position:fixed;right:16px;bottom:16px;z-index:2147483647;width:240px;max-width:calc(100% - 32px);background:#1f2430;color:#fff;
font:13px/1.3 var(--tandem-font);border-radius:var(--tandem-radius);box-shadow:0 6px 24px rgba(0,0,0,.35);overflow:hidden}
.h{padding:6px 10px;cursor:move;user-select:none;touch-action:none;background:#2d3444}
figure{margin:0;position:relative}video{display:block;width:100%;background:#000;aspect-ratio:4/3}
figcaption{position:absolute;left:6px;bottom:6px;background:rgba(0,0,0,.55);padding:1px 6px;border-radius:4px}
.c{display:flex;gap:6px;padding:6px}button{flex:1;font:inherit;color:#fff;background:#3b4458;border:0;border-radius:6px;padding:5px;cursor:pointer}
button[aria-pressed=false]{background:#6b2d2d}.end{background:#c0392b}
button:focus-visible{outline:3px solid var(--tandem-focus);outline-offset:-3px}`;

export class CallPanel {
  private readonly host: HTMLElement;
  private readonly videos: HTMLElement;
  private readonly figures = new Map<string, { figure: HTMLElement; video: HTMLVideoElement; caption: HTMLElement; name: string }>();
  private readonly buttons: Record<keyof MediaState, HTMLButtonElement>;
  private readonly text: TandemStrings;

  constructor(ui: Ui, actions: CallPanelActions) {
    const { lang, text } = uiText(ui);
    this.text = text;
    this.host = document.createElement('div');
    this.host.setAttribute('data-tandem-block', '');
    this.host.setAttribute('data-tandem-call', '');
    const root = this.host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    const panel = el('div', 'p');
    panel.lang = lang;
    applyTheme(panel, ui.theme);
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', text.callTitle);
    const header = el('div', 'h', text.callTitle);
    this.videos = el('div', 'v');
    const controls = el('div', 'c');
    this.buttons = {
      audio: button(controls, text.mute, 'mic', () => actions.toggle('audio')),
      video: button(controls, text.cameraOff, 'camera', () => actions.toggle('video')),
    };
    button(controls, text.hangUp, 'hangup', () => actions.hangUp()).className = 'end';
    panel.append(header, this.videos, controls);
    root.append(style, panel);
    draggable(header, panel);
    (document.body ?? document.documentElement).appendChild(this.host);
  }

  /** Shows `agent`'s video (or a placeholder until its tracks arrive). */
  show(agent: string, name: string, stream: MediaStream | null): void {
    let entry = this.figures.get(agent);
    if (entry === undefined) {
      const figure = el('figure', '');
      figure.setAttribute('data-agent', agent);
      const video = document.createElement('video');
      video.autoplay = true;
      video.playsInline = true;
      const caption = el('figcaption', '', name);
      figure.append(video, caption);
      this.videos.appendChild(figure);
      entry = { figure, video, caption, name };
      this.figures.set(agent, entry);
    }
    if (stream !== null && entry.video.srcObject !== stream) {
      const video = entry.video;
      video.srcObject = stream;
      // without a user gesture the browser may refuse sound: then play muted rather than not at all
      video.play().catch(() => {
        video.muted = true;
        return video.play();
      }).catch(() => undefined);
    }
  }

  remoteMedia(agent: string, state: MediaState): void {
    const entry = this.figures.get(agent);
    if (entry !== undefined) {
      entry.caption.textContent = entry.name + (state.audio ? '' : ` ${this.text.agentMuted}`) + (state.video ? '' : ` ${this.text.agentCameraOff}`);
    }
  }

  localMedia(state: MediaState): void {
    this.buttons.audio.setAttribute('aria-pressed', String(state.audio));
    this.buttons.audio.textContent = state.audio ? this.text.mute : this.text.unmute;
    this.buttons.video.setAttribute('aria-pressed', String(state.video));
    this.buttons.video.textContent = state.video ? this.text.cameraOff : this.text.cameraOn;
  }

  remove(agent: string): void {
    const entry = this.figures.get(agent);
    if (entry !== undefined) {
      entry.video.srcObject = null;
      entry.figure.remove();
      this.figures.delete(agent);
    }
  }

  destroy(): void {
    for (const agent of [...this.figures.keys()]) {
      this.remove(agent);
    }
    this.host.remove();
  }
}

function el(tag: string, className: string, text?: string): HTMLElement {
  const element = document.createElement(tag);
  if (className !== '') {
    element.className = className;
  }
  if (text !== undefined) {
    element.textContent = text;
  }
  return element;
}

function button(parent: HTMLElement, label: string, action: string, onClick: () => void): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = label;
  element.setAttribute('data-action', action);
  element.addEventListener('click', safe(`call ${action}`, onClick));
  parent.appendChild(element);
  return element;
}

/** Dragging the title bar moves the panel, kept inside the window. */
function draggable(handle: HTMLElement, panel: HTMLElement): void {
  let dx = 0;
  let dy = 0;
  handle.addEventListener('pointerdown', safe('call drag', (event: PointerEvent) => {
    const box = panel.getBoundingClientRect();
    dx = event.clientX - box.left;
    dy = event.clientY - box.top;
    handle.setPointerCapture(event.pointerId);
  }));
  handle.addEventListener('pointermove', safe('call drag', (event: PointerEvent) => {
    if (!handle.hasPointerCapture(event.pointerId)) {
      return;
    }
    const left = Math.min(Math.max(0, event.clientX - dx), window.innerWidth - panel.offsetWidth);
    const top = Math.min(Math.max(0, event.clientY - dy), window.innerHeight - panel.offsetHeight);
    panel.style.left = `${left}px`;
    panel.style.top = `${top}px`;
    panel.style.right = 'auto';
    panel.style.bottom = 'auto';
  }));
}
