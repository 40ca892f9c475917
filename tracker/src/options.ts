/** Checks and completes the options given to `Tandem.start`. */

import { DEFAULT_BATCHING } from './batcher';
import { DEFAULT_OUTBOX_LIMITS } from './outbox';
import type { OutboxLimits } from './outbox';
import { MAX_METADATA_BYTES, trackerUrl } from './protocol';
import { BLOCK_ATTRIBUTE_SELECTOR, MASK_ATTRIBUTE_SELECTOR } from './privacy';
import type { RecorderOptions } from './recorder';
import { MAX_TITLE_BYTES, MAX_URL_BYTES } from './page-meta';
import { resolveLanguage, resolveStrings } from './strings';
import { utf8Length, truncateUtf8 } from './text';
import { browserCssCheck, resolveTheme } from './theme';
import type { CssCheck } from './theme';
import type { StartOptions } from './types';
import type { Ui } from './ui';

export const DEFAULT_CHECKOUT_EVERY_MS = 5 * 60_000;

/** What `userId` and `metadata` may take: the server's limit less what the page info may take. */
export const IDENTITY_BUDGET_BYTES = MAX_METADATA_BYTES - MAX_URL_BYTES - MAX_TITLE_BYTES;
const MAX_USER_ID_BYTES = 256;

export interface ResolvedOptions {
  readonly url: string;
  readonly projectKey: string;
  readonly userId: string | undefined;
  readonly metadata: Readonly<Record<string, string>>;
  readonly recorder: RecorderOptions;
  readonly outbox: OutboxLimits;
  /** The language, strings and theme of what the user is shown. */
  readonly ui: Ui;
  /** Show the "Support code" button. */
  readonly supportWidget: boolean;
  /** What was adjusted to fit the protocol, for a one-time warning. */
  readonly notes: readonly string[];
}

export type Validate = (selector: string) => boolean;

export function browserSelectorCheck(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

function selector(extra: unknown, base: string, name: string, valid: Validate, notes: string[]): string {
  if (extra === undefined || extra === null || extra === '') {
    return base;
  }
  if (typeof extra === 'string' && valid(extra)) {
    return `${base}, ${extra}`;
  }
  notes.push(`'${name}' is not a valid CSS selector and was ignored`);
  return base;
}

/** Either the resolved options, or the reason they cannot be used. */
export function resolveOptions(
  input: StartOptions | undefined,
  baseUrl: string | undefined,
  valid: Validate = browserSelectorCheck,
  css: CssCheck = browserCssCheck,
): ResolvedOptions | { error: string } {
  if (typeof input !== 'object' || input === null) {
    return { error: 'Tandem.start needs an options object: { server, projectKey }' };
  }
  const url = typeof input.server === 'string' ? trackerUrl(input.server, baseUrl) : null;
  if (url === null) {
    return { error: `'server' must be the Tandem server's http(s) origin, got ${String(input.server)}` };
  }
  if (typeof input.projectKey !== 'string' || input.projectKey.trim() === '') {
    return { error: "'projectKey' is required" };
  }
  const notes: string[] = [];

  let budget = IDENTITY_BUDGET_BYTES;
  let userId: string | undefined;
  if (input.userId !== undefined && input.userId !== null && String(input.userId) !== '') {
    userId = truncateUtf8(String(input.userId), MAX_USER_ID_BYTES);
    budget -= utf8Length(userId);
  }
  const metadata: Record<string, string> = {};
  if (typeof input.metadata === 'object' && input.metadata !== null) {
    for (const [key, raw] of Object.entries(input.metadata)) {
      if (raw === undefined || raw === null) {
        continue;
      }
      const value = typeof raw === 'string' ? raw : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
      const size = utf8Length(key) + utf8Length(value);
      if (size > budget) {
        notes.push(`metadata '${key}' left out: userId and metadata may take ${IDENTITY_BUDGET_BYTES} bytes`);
        continue;
      }
      budget -= size;
      metadata[key] = value;
    }
  }

  return {
    url,
    projectKey: input.projectKey.trim(),
    userId,
    metadata,
    recorder: {
      maskSelector: selector(input.maskSelector, MASK_ATTRIBUTE_SELECTOR, 'maskSelector', valid, notes),
      blockSelector: selector(input.blockSelector, BLOCK_ATTRIBUTE_SELECTOR, 'blockSelector', valid, notes),
      maskAllInputs: input.maskAllInputs === true,
      recordCanvas: input.recordCanvas === true,
      captureConsole: input.captureConsole !== false,
      checkoutEveryMs: input.checkoutEveryMs === 0 ? 0 : positive(input.checkoutEveryMs, DEFAULT_CHECKOUT_EVERY_MS),
      batching: DEFAULT_BATCHING,
    },
    outbox: {
      maxBatches: positive(input.outboxMaxBatches, DEFAULT_OUTBOX_LIMITS.maxBatches),
      maxBytes: positive(input.outboxMaxBytes, DEFAULT_OUTBOX_LIMITS.maxBytes),
    },
    ui: {
      language: resolveLanguage(input.language, notes),
      strings: resolveStrings(input.strings, notes),
      theme: resolveTheme(input.theme, css, notes),
    },
    supportWidget: input.supportWidget === true,
    notes,
  };
}
