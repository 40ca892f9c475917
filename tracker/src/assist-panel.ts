/**
 * What the user sees of assistance: an agent's request ("<agent> asks to take control of your
 * screen", Accept / Decline) and, while a grant is live, a banner ("<agent> is controlling") with a
 * Stop button. It lives in a shadow root, so the page's styles cannot reach it and its styles
 * cannot reach the page, and its host is blocked from the recording.
 */

import type { AssistKind } from './assist-frames';
import { safe } from './safe';

export type Answer = 'accept' | 'decline' | 'end';

const ASKS: Record<AssistKind, string> = {
  control: 'take control of your screen',
  annotate: 'draw on your screen',
  call: 'start a video call',
  record: 'record the call',
};

const DOING: Partial<Record<AssistKind, string>> = { control: 'is controlling', annotate: 'can draw on your screen', record: 'is recording the call' };

const STYLE = `
:host{all:initial}
.w{position:fixed;top:12px;left:50%;transform:translateX(-50%);z-index:2147483647;display:flex;flex-direction:column;gap:8px;
font:14px/1.35 system-ui,sans-serif;color:#111}
.c{background:#fff;border-radius:10px;box-shadow:0 6px 24px rgba(0,0,0,.3);padding:12px 14px;display:flex;align-items:center;gap:10px}
.b{background:#b91c1c;color:#fff}
button{font:inherit;border:0;border-radius:6px;padding:5px 12px;cursor:pointer;background:#e5e7eb;color:#111}
.a{background:#2563eb;color:#fff}`;

export class AssistPanel {
  private host: HTMLElement | null = null;
  private list: HTMLElement | null = null;
  private readonly cards = new Map<string, HTMLElement>();

  constructor(private readonly answer: (agent: string, kind: AssistKind, answer: Answer) => void) {}

  /** Asks the user; a second request of the same agent and kind replaces the first. */
  prompt(agent: string, agentName: string, kind: AssistKind): void {
    const card = this.card(`?${agent}:${kind}`, 'c');
    const question = document.createElement('span');
    question.textContent = `${agentName} asks to ${ASKS[kind]}`;
    card.append(question, this.button('Accept', 'a', agent, kind, 'accept'), this.button('Decline', '', agent, kind, 'decline'));
    card.setAttribute('role', 'alertdialog');
  }

  /** The request was answered (here or in another tab). */
  settle(agent: string, kind: AssistKind): void {
    this.drop(`?${agent}:${kind}`);
  }

  /** A live grant the user should not forget about, with a way to end it. */
  banner(agent: string, agentName: string, kind: AssistKind): void {
    const doing = DOING[kind];
    if (doing === undefined) {
      return;
    }
    const card = this.card(`!${agent}:${kind}`, 'c b');
    const label = document.createElement('span');
    label.textContent = `${agentName} ${doing}`;
    card.append(label, this.button('Stop', '', agent, kind, 'end'));
    card.setAttribute('role', 'status');
  }

  unbanner(agent: string, kind: AssistKind): void {
    this.drop(`!${agent}:${kind}`);
  }

  remove(): void {
    this.host?.remove();
    this.host = null;
    this.list = null;
    this.cards.clear();
  }

  private card(key: string, className: string): HTMLElement {
    this.drop(key);
    const card = document.createElement('div');
    card.className = className;
    this.cards.set(key, card);
    this.root().append(card);
    return card;
  }

  private drop(key: string): void {
    this.cards.get(key)?.remove();
    this.cards.delete(key);
    if (this.cards.size === 0) {
      this.remove();
    }
  }

  private button(label: string, className: string, agent: string, kind: AssistKind, answer: Answer): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.className = className;
    button.addEventListener('click', safe('assist answer', () => this.answer(agent, kind, answer)));
    return button;
  }

  private root(): HTMLElement {
    if (this.list === null || this.host === null || !this.host.isConnected) {
      const host = document.createElement('div');
      host.setAttribute('data-tandem-block', '');
      host.setAttribute('data-tandem-assist', '');
      const shadow = host.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = STYLE;
      const list = document.createElement('div');
      list.className = 'w';
      shadow.append(style, list);
      document.documentElement.append(host);
      this.host = host;
      this.list = list;
    }
    return this.list;
  }
}
