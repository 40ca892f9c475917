/**
 * Tandem tracker: lets a support agent watch this page live.
 *
 * ```js
 * import Tandem from '@tandem/tracker';
 * Tandem.start({ server: 'https://tandem.example.com', projectKey: 'my-key', userId: 'alice@example.com' });
 * ```
 *
 * Nothing is recorded until an agent starts watching; password inputs, card fields and
 * `[data-tandem-mask]` elements are masked and `[data-tandem-block]` elements left out before
 * anything leaves the page.
 */

import { Emitter } from './emitter';
import { resolveOptions } from './options';
import { infoOnce, warnOnce } from './safe';
import { Tracker } from './tracker';
import type { StartOptions, TandemApi, TandemEvent, TandemListener } from './types';
import { VERSION } from './version';

export type { PromptPosition, StartOptions, TandemApi, TandemEvent, TandemListener, TandemStrings, TandemTheme } from './types';

const emitter = new Emitter();
let tracker: Tracker | null = null;
let ids: { sessionId: string; tabId: string } | null = null;

export function start(options: StartOptions): void {
  try {
    if (tracker !== null) {
      infoOnce('started', 'Tandem.start was called again; the tracker is already running');
      return;
    }
    if (typeof window === 'undefined' || typeof document === 'undefined' || typeof WebSocket === 'undefined') {
      warnOnce('no-browser', 'Tandem.start needs a browser page with WebSocket support');
      return;
    }
    const resolved = resolveOptions(options, window.location.href);
    if ('error' in resolved) {
      warnOnce(`options:${resolved.error}`, resolved.error);
      return;
    }
    for (const note of resolved.notes) {
      warnOnce(note, note);
    }
    const created = new Tracker(resolved, emitter);
    tracker = created;
    ids = { sessionId: created.sessionId, tabId: created.tabId };
    created.start();
  } catch (error) {
    warnOnce('start', 'Tandem.start failed; the page is not affected', error);
  }
}

export function stop(): void {
  const stopping = tracker;
  tracker = null;
  try {
    stopping?.stop();
  } catch (error) {
    warnOnce('stop', 'Tandem.stop failed', error);
  }
}

export function getSessionId(): string | null {
  return tracker?.sessionId ?? ids?.sessionId ?? null;
}

export function getTabId(): string | null {
  return tracker?.tabId ?? ids?.tabId ?? null;
}

export function isStreaming(): boolean {
  return tracker?.streaming ?? false;
}

export function on(event: TandemEvent, listener: TandemListener): () => void {
  return emitter.on(event, listener);
}

export function off(event: TandemEvent, listener: TandemListener): void {
  emitter.off(event, listener);
}

export function getSupportCode(): Promise<string> {
  try {
    return tracker?.supportCode() ?? Promise.reject(new Error('SUPPORT_CODE_UNAVAILABLE: call Tandem.start first'));
  } catch (error) {
    warnOnce('support-code', 'Tandem.getSupportCode failed; the page is not affected', error);
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

export function showSupportCode(): void {
  try {
    if (tracker === null) {
      warnOnce('support-code-show', 'Tandem.showSupportCode needs Tandem.start first');
      return;
    }
    tracker.showSupportCode();
  } catch (error) {
    warnOnce('support-code-show', 'Tandem.showSupportCode failed; the page is not affected', error);
  }
}

export const version: string = VERSION;

export const Tandem: TandemApi = { start, stop, getSessionId, getTabId, isStreaming, on, off, getSupportCode, showSupportCode, version };

export default Tandem;
