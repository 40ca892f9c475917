/**
 * The tab's support codes (docs/protocol.md, *Support codes*): asks the node for one on the
 * welcomed socket, hands the answer to everyone waiting, and hands a live code out again while
 * enough of it is left, so a page that asks twice does not spend the node's rate on it.
 *
 * A code names the session, not the socket: it stays good across reconnects. A question sent on a
 * socket that closed before the answer came is asked again on the next welcomed one. The node drops
 * a `supportCode` frame over its rate and says so once a minute only, so an answer that does not
 * come in time is given up.
 */

import { SUPPORT_CODE_FRAME } from './protocol';
import type { SupportCodeFrame } from './protocol';
import { safe } from './safe';

export interface SupportCode {
  /** Six digits. */
  readonly code: string;
  /** When the code expires, on this page's clock (epoch ms): its arrival plus the node's `expiresInMs`. */
  readonly expiresAt: number;
  readonly lifetimeMs: number;
}

/** An answer that has not come within this long is given up. */
export const ANSWER_TIMEOUT_MS = 15_000;
/** A live code is handed out again while at least this much of it is left (or half its lifetime, if that is less). */
export const REUSE_MIN_MS = 60_000;

interface Waiter {
  resolve(code: SupportCode): void;
  reject(error: Error): void;
}

export class SupportCodes {
  private live: SupportCode | null = null;
  private waiting: Waiter[] = [];
  /** The question is out on the current socket. */
  private asked = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `send` writes a frame if the socket is welcomed (false otherwise). */
  constructor(
    private readonly send: (frame: string) => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  /** A live code with enough of its life left, else a new one from the node. */
  get(): Promise<SupportCode> {
    const live = this.live;
    if (live !== null && live.expiresAt - this.now() >= Math.min(REUSE_MIN_MS, live.lifetimeMs / 2)) {
      return Promise.resolve(live);
    }
    return new Promise<SupportCode>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (this.timer === null) {
        this.timer = setTimeout(
          safe('support code timeout', () => this.settle(new Error('SUPPORT_CODE_TIMEOUT: the server did not answer in time; ask again in a moment'))),
          ANSWER_TIMEOUT_MS,
        );
      }
      this.ask();
    });
  }

  /** A new socket was welcomed: a question still unanswered goes out on it. */
  connected(): void {
    this.asked = false;
    this.ask();
  }

  answer(frame: SupportCodeFrame): void {
    this.live = { code: frame.code, expiresAt: this.now() + frame.expiresInMs, lifetimeMs: frame.expiresInMs };
    this.settle(this.live);
  }

  /** The node refused the question (a `SUPPORT_CODE_…` error): whoever waits hears why. */
  refused(code: string, message: string): void {
    if (this.waiting.length > 0) {
      this.settle(new Error(`${code}: ${message}`));
    }
  }

  /** The tab starts a new session: the old session's code is not handed out again. */
  forget(): void {
    this.live = null;
  }

  /** The tracker stops: nobody waits any longer, and no code is kept. */
  close(): void {
    this.forget();
    this.settle(new Error('SUPPORT_CODE_UNAVAILABLE: the tracker was stopped'));
  }

  private ask(): void {
    if (this.waiting.length > 0 && !this.asked) {
      this.asked = this.send(SUPPORT_CODE_FRAME);
    }
  }

  private settle(result: SupportCode | Error): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.asked = false;
    const waiting = this.waiting;
    this.waiting = [];
    for (const waiter of waiting) {
      if (result instanceof Error) {
        waiter.reject(result);
      } else {
        waiter.resolve(result);
      }
    }
  }
}
