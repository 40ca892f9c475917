/**
 * The support code on the user's page: a panel with the code, what to do with it and how long it
 * is valid, counted down, and a new code once it has expired, until the user closes it. The site
 * may also show a small "Support code" button that opens it (`supportWidget` option); a script
 * opens it with `Tandem.showSupportCode()`. In the user's language and the site's theme, in a
 * shadow root that the page's styles cannot reach, its host left out of the recording.
 *
 * For the keyboard and screen readers: the panel is a non-modal dialog named by its title. It
 * takes focus when it opens (focus goes back where it was when it closes); Esc or Close close it.
 * Each new code is read out, digit by digit, through a live region; the countdown is not.
 */

import { safe } from './safe';
import type { SupportCode, SupportCodes } from './support-code';
import type { TandemStrings } from './strings';
import { THEME_DEFAULTS, applyTheme, uiText } from './ui';
import type { Ui } from './ui';

const STYLE = `
:host{all:initial}
.w{${THEME_DEFAULTS}
position:fixed;bottom:0;right:0;max-width:100%;max-height:100%;overflow:auto;padding:12px;box-sizing:border-box;z-index:2147483646;
display:flex;flex-direction:column;align-items:flex-end;gap:8px;font:var(--tandem-font-size)/1.4 var(--tandem-font);color:var(--tandem-fg)}
.w[data-side=left]{right:auto;left:0;align-items:flex-start}
.c{background:var(--tandem-bg);color:var(--tandem-fg);border-radius:var(--tandem-radius);box-shadow:0 2px 10px rgba(0,0,0,.3);
padding:12px 14px;width:16em;max-width:100%;box-sizing:border-box;display:flex;flex-direction:column;gap:6px}
.t{font-weight:600}
.d{font:600 2em/1.2 ui-monospace,monospace;letter-spacing:.12em}
.r{opacity:.8;font-variant-numeric:tabular-nums}
.k{display:flex;gap:8px;justify-content:flex-end}
button{font:inherit;border:1px solid transparent;border-radius:calc(var(--tandem-radius)*.6);padding:5px 14px;cursor:pointer;
background:var(--tandem-button);color:var(--tandem-button-fg)}
.a{background:var(--tandem-accent);color:var(--tandem-accent-fg);box-shadow:0 2px 10px rgba(0,0,0,.3)}
button:focus-visible,.c:focus{outline:3px solid var(--tandem-focus);outline-offset:2px}
.s{position:fixed;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}`;

type State = 'waiting' | 'code' | 'failed';

let ids = 0;

export class SupportWidget {
  private host: HTMLElement | null = null;
  private wrapper: HTMLElement | null = null;
  private launcher: HTMLButtonElement | null = null;
  private panel: Panel | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  /** What had focus before the panel took it, to give it back. */
  private before: HTMLElement | null = null;

  constructor(
    private readonly ui: Ui,
    private readonly codes: SupportCodes,
    /** Show the "Support code" button. */
    private readonly button: boolean,
  ) {}

  /** Puts the button on the page, if the site asked for it. */
  install(): void {
    if (this.button) {
      this.root();
    }
  }

  /** Opens the panel (or leaves it open) and shows a code. */
  show(): void {
    const wrapper = this.root();
    if (this.panel === null) {
      this.before = focused();
      this.panel = this.newPanel();
      wrapper.append(this.panel.element);
      if (this.launcher !== null) {
        this.launcher.hidden = true;
      }
      this.panel.element.focus({ preventScroll: true });
      this.ticker = setInterval(safe('support code tick', () => this.tick()), 1000);
      this.fetch();
    }
  }

  /** Closes the panel; the button, if any, stays. */
  close(): void {
    const panel = this.panel;
    if (panel === null) {
      return;
    }
    const hadFocus = panel.element.contains(this.host?.shadowRoot?.activeElement ?? null);
    panel.element.remove();
    this.panel = null;
    this.stopTicker();
    if (this.launcher !== null) {
      this.launcher.hidden = false;
    }
    if (hadFocus) {
      const back = this.before !== null && this.before.isConnected ? this.before : this.launcher;
      back?.focus({ preventScroll: true });
    }
    if (!this.button) {
      this.remove();
    }
  }

  /** Takes everything off the page (the tracker stops). */
  remove(): void {
    this.stopTicker();
    this.host?.remove();
    this.host = null;
    this.wrapper = null;
    this.launcher = null;
    this.panel = null;
  }

  private fetch(): void {
    const panel = this.panel;
    if (panel === null) {
      return;
    }
    panel.set('waiting', null);
    this.codes.get().then(
      safe('support code', (code: SupportCode) => {
        if (panel === this.panel) {
          panel.set('code', code);
          this.announce(panel, `${panel.text.supportCodeTitle}: ${code.code.split('').join(' ')}`);
        }
      }),
      safe('support code refused', () => {
        if (panel === this.panel) {
          panel.set('failed', null);
          this.announce(panel, panel.text.supportCodeFailed);
        }
      }),
    );
  }

  /** Counts down, and asks for a new code once the shown one has expired. */
  private tick(): void {
    const panel = this.panel;
    if (panel?.state === 'code' && panel.showRemaining() <= 0) {
      this.fetch();
    }
  }

  private stopTicker(): void {
    if (this.ticker !== null) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
  }

  /**
   * Says `text` to screen readers: emptied now and filled a moment later, so a region filled as it
   * appears is still read.
   */
  private announce(panel: Panel, text: string): void {
    panel.live.textContent = '';
    setTimeout(safe('support code announce', () => {
      if (panel === this.panel) {
        panel.live.textContent = text;
      }
    }), 100);
  }

  private newPanel(): Panel {
    const { lang, text } = uiText(this.ui);
    this.root().lang = lang;
    const panel = new Panel(text, () => this.close(), () => this.fetch());
    panel.element.addEventListener('keydown', safe('support code keys', (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        this.close();
      }
    }));
    return panel;
  }

  private root(): HTMLElement {
    if (this.wrapper === null || this.host === null || !this.host.isConnected) {
      const host = document.createElement('div');
      host.setAttribute('data-tandem-block', '');
      host.setAttribute('data-tandem-support', '');
      const shadow = host.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = STYLE;
      const wrapper = document.createElement('div');
      wrapper.className = 'w';
      // bottom right, unless the prompts sit there
      wrapper.setAttribute('data-side', this.ui.theme.position === 'bottom-right' ? 'left' : 'right');
      applyTheme(wrapper, this.ui.theme);
      if (this.button) {
        const { lang, text } = uiText(this.ui);
        wrapper.lang = lang;
        const launcher = document.createElement('button');
        launcher.type = 'button';
        launcher.className = 'a';
        launcher.textContent = text.supportCode;
        launcher.addEventListener('click', safe('support code button', () => this.show()));
        wrapper.append(launcher);
        this.launcher = launcher;
      }
      shadow.append(style, wrapper);
      document.documentElement.append(host);
      this.host = host;
      this.wrapper = wrapper;
    }
    return this.wrapper;
  }
}

/** The panel itself: title, code, hint, lifetime and buttons, filled for one state at a time. */
class Panel {
  readonly element = document.createElement('div');
  readonly live = document.createElement('div');
  state: State = 'waiting';
  private code: SupportCode | null = null;
  private readonly digits = document.createElement('div');
  private readonly message = document.createElement('div');
  private readonly remaining = document.createElement('div');
  private readonly retry = document.createElement('button');

  constructor(
    readonly text: TandemStrings,
    close: () => void,
    retry: () => void,
  ) {
    const title = document.createElement('div');
    title.className = 't';
    title.id = `tandem-support-${++ids}`;
    title.textContent = text.supportCodeTitle;
    this.element.className = 'c';
    this.element.setAttribute('role', 'dialog');
    this.element.setAttribute('aria-labelledby', title.id);
    this.element.tabIndex = -1;
    this.digits.className = 'd';
    this.remaining.className = 'r';
    this.live.className = 's';
    this.live.setAttribute('aria-live', 'polite');
    this.retry.type = 'button';
    this.retry.textContent = text.retry;
    this.retry.addEventListener('click', safe('support code retry', retry));
    const closer = document.createElement('button');
    closer.type = 'button';
    closer.textContent = text.close;
    closer.addEventListener('click', safe('support code close', close));
    const buttons = document.createElement('div');
    buttons.className = 'k';
    buttons.append(this.retry, closer);
    this.element.append(title, this.digits, this.message, this.remaining, buttons, this.live);
  }

  set(state: State, code: SupportCode | null): void {
    this.state = state;
    this.code = code;
    this.digits.hidden = code === null;
    this.remaining.hidden = code === null;
    this.retry.hidden = state !== 'failed';
    if (code !== null) {
      // grouped in threes for reading; the live region spells it digit by digit
      this.digits.textContent = `${code.code.slice(0, 3)} ${code.code.slice(3)}`;
      this.showRemaining();
    }
    this.message.textContent =
      state === 'code' ? this.text.supportCodeHint : state === 'waiting' ? this.text.supportCodeWaiting : this.text.supportCodeFailed;
  }

  /** Shows how long the code is still valid; returns the milliseconds left. */
  showRemaining(): number {
    const left = (this.code?.expiresAt ?? 0) - Date.now();
    const seconds = Math.max(0, Math.ceil(left / 1000));
    this.remaining.textContent = `${this.text.supportCodeValid} ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
    return left;
  }
}

/** What has focus now, looking into shadow roots; null for nothing but the page. */
function focused(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) {
    active = active.shadowRoot.activeElement;
  }
  return active instanceof HTMLElement && active !== document.body ? active : null;
}
