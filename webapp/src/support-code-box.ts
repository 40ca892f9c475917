/**
 * The "Support code" box above the session list: the agent types the six digits a user reads out
 * on the phone, the console sends `redeem`, and the session the code leads to is joined as if it
 * had been picked in the list. A refusal (a wrong or expired code, or too many wrong ones) is shown
 * under the field with the server's own words, and read out by screen readers (a status region).
 */

import { h, setAttr, setText } from './dom';

export interface SupportCodeBoxOptions {
  /** Sends `redeem` for `code`; false if the console is not connected. */
  redeem(code: string): boolean;
}

/** A `redeem` the server has not answered by then is given up. */
const ANSWER_TIMEOUT_MS = 15_000;

type StatusKind = 'info' | 'ok' | 'error';

export class SupportCodeBox {
  readonly element: HTMLFormElement;
  private readonly input: HTMLInputElement;
  private readonly submit: HTMLButtonElement;
  private readonly status: HTMLElement;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: SupportCodeBoxOptions) {
    this.input = h('input', {
      id: 'support-code',
      name: 'code',
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      spellcheck: 'false',
      maxlength: 12,
      placeholder: '123 456',
      'aria-describedby': 'support-code-status',
    });
    this.submit = h('button', { id: 'support-code-submit', type: 'submit', class: 'primary small' }, 'Join');
    this.status = h('p', { id: 'support-code-status', class: 'support-code-status', role: 'status', hidden: true });
    this.element = h(
      'form',
      { class: 'support-code', 'aria-label': 'Join by support code', action: '#' },
      h('label', { for: 'support-code' }, 'Support code'),
      h('div', { class: 'support-code-row' }, this.input, this.submit),
      this.status,
    );
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    });
  }

  /** The code led to a session, which the console now joins. */
  redeemed(label: string): void {
    this.settle();
    this.input.value = '';
    this.show(`Code accepted: joining ${label}.`, 'ok');
  }

  /** The server refused the code (`SUPPORT_CODE_INVALID` or `SUPPORT_CODE_THROTTLED`). */
  refused(code: string, message: string): void {
    this.settle();
    const what = code === 'SUPPORT_CODE_THROTTLED' ? 'Too many wrong codes.' : 'Wrong or expired code.';
    this.show(`${what} ${message}`, 'error');
    this.input.select();
  }

  /** Stops waiting (logout). */
  destroy(): void {
    this.settle();
  }

  private send(): void {
    if (this.timer !== null) {
      return;
    }
    // read out as "123 456", maybe typed with a space or a dash
    const code = this.input.value.replace(/[\s-]/g, '');
    if (!/^[0-9]{6}$/.test(code)) {
      this.show('A support code has 6 digits.', 'error');
      this.input.focus();
      return;
    }
    if (!this.options.redeem(code)) {
      this.show('Not connected to the server. Try again once the console is connected.', 'error');
      return;
    }
    this.submit.disabled = true;
    this.show('Checking the code…', 'info');
    this.timer = setTimeout(() => {
      this.settle();
      this.show('The server did not answer. Try again.', 'error');
    }, ANSWER_TIMEOUT_MS);
  }

  private settle(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.submit.disabled = false;
  }

  private show(text: string, kind: StatusKind): void {
    setText(this.status, text);
    setAttr(this.status, 'data-kind', kind);
    this.status.hidden = false;
  }
}
