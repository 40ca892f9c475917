/** The tracker's public types. */

import type { TandemStrings } from './strings';
import type { TandemTheme } from './theme';

export type { PromptPosition, TandemTheme } from './theme';
export type { TandemStrings } from './strings';

export interface StartOptions {
  /** The Tandem server's http(s) origin, e.g. `https://tandem.example.com` (a path prefix is kept). */
  server: string;
  /** The project's key, from the server's configuration. */
  projectKey: string;
  /** Who the user is, as the agent should see it (e.g. an email address). */
  userId?: string;
  /** Extra facts for the agent, e.g. `{ plan: 'pro' }`. Values are strings. */
  metadata?: Record<string, string>;
  /**
   * A CSS selector of more elements whose text and input values are masked, in addition to
   * `[data-tandem-mask]`. Password inputs and card fields (`autocomplete="cc-…"`) are always masked.
   */
  maskSelector?: string;
  /** A CSS selector of more elements not recorded at all (an empty box), in addition to `[data-tandem-block]`. */
  blockSelector?: string;
  /** Mask the value of every input, textarea and select. Default false. */
  maskAllInputs?: boolean;
  /** Record `<canvas>` drawing. Default false. */
  recordCanvas?: boolean;
  /** Stream console.log/info/warn/error and uncaught errors. Default true. */
  captureConsole?: boolean;
  /** Take a fresh full snapshot this often while streaming, in ms (0: never). Default 5 minutes. */
  checkoutEveryMs?: number;
  /** Unacknowledged batches kept for resending after a reconnect. Default 500. */
  outboxMaxBatches?: number;
  /** Unacknowledged bytes kept for resending after a reconnect. Default 8 MiB. */
  outboxMaxBytes?: number;
  /**
   * The language of what the user is shown, e.g. `de` or `pt-BR`. Default: the page's `lang`,
   * else the browser's languages; built in are en, de, fr, es, pt and ja (others fall back to English).
   */
  language?: string;
  /** The site's own texts over the built-in ones; `{agent}` stands for the agent's name. Text only, never HTML. */
  strings?: Partial<TandemStrings>;
  /** Colours, font, corner radius and position of the prompts (and font, radius and focus colour of the call panel). */
  theme?: TandemTheme;
  /**
   * Show a small "Support code" button in a bottom corner (bottom right, or bottom left when the
   * prompts sit bottom right); it opens the panel `showSupportCode()` opens. Default false.
   */
  supportWidget?: boolean;
}

/**
 * `agentJoined` / `agentLeft`: an agent started / stopped watching this tab.
 * `streaming` / `idle`: the page started / stopped being recorded and streamed.
 */
export type TandemEvent = 'agentJoined' | 'agentLeft' | 'streaming' | 'idle';

export type TandemListener = () => void;

export interface TandemApi {
  /** Connects to the server and waits, idle, until an agent starts watching. Call once per page. */
  start(options: StartOptions): void;
  /** Stops recording and disconnects for good (until `start` is called again). */
  stop(): void;
  /** The browser session's id (the agent console's room), or null before `start`. */
  getSessionId(): string | null;
  /** This tab's id, or null before `start`. */
  getTabId(): string | null;
  /** True while the page is being recorded and streamed to an agent. */
  isStreaming(): boolean;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on(event: TandemEvent, listener: TandemListener): () => void;
  /** Unsubscribes a listener. */
  off(event: TandemEvent, listener: TandemListener): void;
  /**
   * A 6-digit code the user can read out to an agent, who types it in the console to watch this
   * session. Resolves once the server answers (a code still valid for a while is given again);
   * rejects with an Error (its message starts with an error code) before `start`, after `stop`, or
   * when the server refuses or does not answer in time. Never throws.
   */
  getSupportCode(): Promise<string>;
  /** Shows the support code in a small panel on the page, counted down and renewed until the user closes it. */
  showSupportCode(): void;
  /** The tracker's version. */
  readonly version: string;
}
