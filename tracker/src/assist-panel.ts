/**
 * What the user sees of assistance: an agent's request ("<agent> asks to take control of your
 * screen", Accept / Decline) and, while a grant is live, a banner ("<agent> is controlling") with a
 * Stop button, in the user's language and the site's theme. It lives in a shadow root, so the
 * page's styles cannot reach it and its styles cannot reach the page, and its host is blocked from
 * the recording.
 *
 * For the keyboard and screen readers: a request is an alertdialog named by its question and read
 * out through a live region. It takes focus (Tab then reaches Accept) unless the user is typing in
 * the page, whose focus it then leaves alone; focus goes back where it was once it is answered.
 */

import type { AssistKind } from './assist-frames';
import { safe } from './safe';
import type { StringKey } from './strings';
import { THEME_DEFAULTS, applyTheme, uiText, withAgent } from './ui';
import type { Ui } from './ui';

export type Answer = 'accept' | 'decline' | 'end';

const ASKS: Record<AssistKind, StringKey> = { control: 'askControl', annotate: 'askAnnotate', call: 'askCall', record: 'askRecord' };

const DOING: Partial<Record<AssistKind, StringKey>> = { control: 'controlling', annotate: 'annotating', record: 'recording' };

/**
 * Every custom property is declared on `.w`, so none of the page's (inherited through the host) gets
 * in. `.w` scrolls when the prompts are taller than the window (at 200 % zoom, say); its padding
 * leaves room for the focus ring and the shadows, and lets clicks through to the page.
 */
const STYLE = `
:host{all:initial}
.w{${THEME_DEFAULTS}
position:fixed;top:0;left:0;right:0;margin:0 auto;width:max-content;max-width:min(38em,100%);max-height:100%;overflow:auto;
padding:12px;box-sizing:border-box;pointer-events:none;z-index:2147483647;display:flex;flex-direction:column;gap:8px;
font:var(--tandem-font-size)/1.4 var(--tandem-font);color:var(--tandem-fg)}
.w[data-position^=bottom]{top:auto;bottom:0}
.w[data-position$=left]{margin:0;right:auto}
.w[data-position$=right]{margin:0;left:auto}
.c{pointer-events:auto;background:var(--tandem-bg);color:var(--tandem-fg);border-radius:var(--tandem-radius);box-shadow:0 2px 10px rgba(0,0,0,.3);
padding:12px 14px;display:flex;flex-wrap:wrap;align-items:center;gap:8px 12px;border:1px solid transparent}
.b{background:var(--tandem-banner);color:var(--tandem-banner-fg)}
.q{flex:1 1 14em;overflow-wrap:anywhere}
.k{display:flex;gap:8px;margin-left:auto}
button{font:inherit;border:1px solid transparent;border-radius:calc(var(--tandem-radius)*.6);padding:5px 14px;cursor:pointer;
background:var(--tandem-button);color:var(--tandem-button-fg)}
.a{background:var(--tandem-accent);color:var(--tandem-accent-fg)}
button:focus-visible,.c:focus{outline:3px solid var(--tandem-focus);outline-offset:2px}
.s{position:fixed;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}`;

interface Card {
  readonly element: HTMLElement;
  readonly agent: string;
  readonly kind: AssistKind;
  /** A request (rather than a banner). */
  readonly request: boolean;
  /** What had focus before this request took it, to give it back. */
  readonly before: HTMLElement | null;
}

let ids = 0;

export class AssistPanel {
  private host: HTMLElement | null = null;
  private list: HTMLElement | null = null;
  private live: HTMLElement | null = null;
  private readonly cards = new Map<string, Card>();

  constructor(
    private readonly ui: Ui,
    private readonly answer: (agent: string, kind: AssistKind, answer: Answer) => void,
  ) {}

  /** Asks the user; a second request of the same agent and kind replaces the first. */
  prompt(agent: string, agentName: string, kind: AssistKind): void {
    const key = `?${agent}:${kind}`;
    this.drop(key);
    const focus = this.focusToTake();
    const { text } = this.text();
    const question = withAgent(document.createElement('span'), text[ASKS[kind]], agentName);
    question.className = 'q';
    question.id = `tandem-q${++ids}`;
    const element = this.card(key, 'c', { agent, kind, request: true, before: focus?.before ?? null });
    element.setAttribute('role', 'alertdialog');
    element.setAttribute('aria-labelledby', question.id);
    element.tabIndex = -1;
    element.append(question, this.buttons(agent, kind, ['accept', text.accept, 'a'], ['decline', text.decline, '']));
    this.announce(question.textContent ?? '');
    if (focus !== null) {
      element.focus({ preventScroll: true });
    }
  }

  /** The request was answered (here or in another tab). */
  settle(agent: string, kind: AssistKind): void {
    this.drop(`?${agent}:${kind}`);
  }

  /** Whether any request waits for the user. */
  pending(): boolean {
    return [...this.cards.values()].some((card) => card.request);
  }

  /**
   * Esc: declines the request that has focus, else the newest one; false if none is pending. A key
   * pressed inside the panel is the panel's: the page does not see it.
   */
  escape(event: KeyboardEvent): boolean {
    if (this.host !== null && event.composedPath().includes(this.host)) {
      event.stopPropagation();
    }
    const requests = [...this.cards.values()].filter((card) => card.request);
    const target = requests.find((card) => this.hasFocus(card)) ?? requests[requests.length - 1];
    if (target === undefined) {
      return false;
    }
    this.answer(target.agent, target.kind, 'decline');
    return true;
  }

  /** A live grant the user should not forget about, with a way to end it. */
  banner(agent: string, agentName: string, kind: AssistKind): void {
    const doing = DOING[kind];
    if (doing === undefined) {
      return;
    }
    const key = `!${agent}:${kind}`;
    this.drop(key);
    const { text } = this.text();
    const label = withAgent(document.createElement('span'), text[doing], agentName);
    label.className = 'q';
    const element = this.card(key, 'c b', { agent, kind, request: false, before: null });
    element.append(label, this.buttons(agent, kind, ['end', text.stop, '']));
    element.setAttribute('role', 'status');
    this.announce(label.textContent ?? '');
  }

  unbanner(agent: string, kind: AssistKind): void {
    this.drop(`!${agent}:${kind}`);
  }

  remove(): void {
    this.host?.remove();
    this.host = null;
    this.list = null;
    this.live = null;
    this.cards.clear();
  }

  private text(): ReturnType<typeof uiText> {
    const text = uiText(this.ui);
    this.root().lang = text.lang;
    this.live?.setAttribute('lang', text.lang);
    return text;
  }

  private card(key: string, className: string, card: Omit<Card, 'element'>): HTMLElement {
    const element = document.createElement('div');
    element.className = className;
    this.cards.set(key, { ...card, element });
    this.root().append(element);
    return element;
  }

  private hasFocus(card: Card): boolean {
    return card.element.contains(this.host?.shadowRoot?.activeElement ?? null);
  }

  private drop(key: string): void {
    const card = this.cards.get(key);
    if (card === undefined) {
      return;
    }
    const hadFocus = this.hasFocus(card);
    card.element.remove();
    this.cards.delete(key);
    if (hadFocus && card.before !== null && card.before.isConnected) {
      card.before.focus({ preventScroll: true });
    }
    if (this.cards.size === 0) {
      this.remove();
    }
  }

  /**
   * Null when a new request must leave focus alone: the user types in the page, or is already in
   * the panel. Otherwise what has focus now, to give it back (null for none).
   */
  private focusToTake(): { before: HTMLElement | null } | null {
    let active = document.activeElement;
    if (active !== null && active === this.host) {
      return null;
    }
    while (active?.shadowRoot?.activeElement) {
      active = active.shadowRoot.activeElement;
    }
    if (active instanceof HTMLElement && typing(active)) {
      return null;
    }
    return { before: active instanceof HTMLElement && active !== document.body ? active : null };
  }

  private buttons(agent: string, kind: AssistKind, ...specs: Array<[Answer, string, string]>): HTMLElement {
    const group = document.createElement('div');
    group.className = 'k';
    for (const [answer, label, className] of specs) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.className = className;
      button.addEventListener('click', safe('assist answer', () => this.answer(agent, kind, answer)));
      group.append(button);
    }
    return group;
  }

  /**
   * Says `text` to screen readers: emptied now and filled a moment later, so a region filled as it
   * appears, or with the text it already had, is still read.
   */
  private announce(text: string): void {
    const live = this.live;
    if (live !== null) {
      live.textContent = '';
    }
    setTimeout(safe('assist announce', () => {
      if (live !== null && live === this.live) {
        live.textContent = text;
      }
    }), 100);
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
      list.setAttribute('data-position', this.ui.theme.position);
      applyTheme(list, this.ui.theme);
      const live = document.createElement('div');
      live.className = 's';
      live.setAttribute('aria-live', 'assertive');
      shadow.append(style, list, live);
      document.documentElement.append(host);
      this.host = host;
      this.list = list;
      this.live = live;
    }
    return this.list;
  }
}

/** Whether keys pressed now go into what `element` edits (a frame's content counts: it cannot be seen into). */
function typing(element: HTMLElement): boolean {
  if (element instanceof HTMLInputElement) {
    return !/^(button|checkbox|color|file|image|radio|range|reset|submit)$/.test(element.type);
  }
  return element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement || element instanceof HTMLIFrameElement || element.isContentEditable;
}
