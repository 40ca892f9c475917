/**
 * What the tab shows — URL, title, visibility — and when that changes: single-page-app navigation
 * (history.pushState / replaceState, popstate, hashchange), title changes and visibilitychange.
 * Changes are coalesced and reported only when something differs from the last report, at most
 * once a second (the server drops `page` frames beyond `limits.maxPageFramesPerMinute`, 120): a
 * title that animates is reported as it stands every second, not at every step.
 */

import type { PageInfo } from './protocol';
import { safe } from './safe';
import { truncateUtf8 } from './text';

/** Together 2 KiB at most, leaving the other half of the server's 4 KiB to userId and metadata. */
export const MAX_URL_BYTES = 1536;
export const MAX_TITLE_BYTES = 512;
const COALESCE_MS = 50;
export const MIN_REPORT_INTERVAL_MS = 1000;

export function readPage(): PageInfo {
  return {
    url: truncateUtf8(String(location.href), MAX_URL_BYTES),
    title: truncateUtf8(String(document.title || ''), MAX_TITLE_BYTES),
    visible: document.visibilityState !== 'hidden',
  };
}

export function samePage(a: PageInfo, b: PageInfo): boolean {
  return a.url === b.url && a.title === b.title && a.visible === b.visible;
}

type HistoryMethod = 'pushState' | 'replaceState';

export class PageMeta {
  private installed = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private last: PageInfo | null = null;
  private lastReportAt = Number.NEGATIVE_INFINITY;
  private titleObserver: MutationObserver | null = null;
  private readonly restores: Array<() => void> = [];
  private readonly changed = safe('page change', () => this.schedule());

  constructor(private readonly onChange: (page: PageInfo) => void) {}

  /** The page now; also what later changes are compared with. */
  current(): PageInfo {
    this.last = readPage();
    return this.last;
  }

  install(): void {
    if (this.installed) {
      return;
    }
    this.installed = true;
    this.hookHistory('pushState');
    this.hookHistory('replaceState');
    this.listen(window, 'popstate');
    this.listen(window, 'hashchange');
    this.listen(document, 'visibilitychange');
    this.watchTitle();
  }

  uninstall(): void {
    this.installed = false;
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.titleObserver?.disconnect();
    this.titleObserver = null;
    while (this.restores.length > 0) {
      this.restores.pop()?.();
    }
  }

  private schedule(): void {
    if (!this.installed || this.timer !== null) {
      return;
    }
    this.timer = setTimeout(
      safe('page report', () => {
        this.timer = null;
        const page = readPage();
        if (this.last === null || !samePage(page, this.last)) {
          this.last = page;
          this.lastReportAt = Date.now();
          this.onChange(page);
        }
      }),
      Math.max(COALESCE_MS, this.lastReportAt + MIN_REPORT_INTERVAL_MS - Date.now()),
    );
  }

  private listen(target: Window | Document, type: string): void {
    target.addEventListener(type, this.changed);
    this.restores.push(() => target.removeEventListener(type, this.changed));
  }

  /**
   * Wraps `history[method]`. The page's own call runs exactly as before — its result and its
   * exceptions are untouched — and only then is a report scheduled. If someone wrapped the method
   * after us, ours is left in place (disarmed) rather than unwinding their wrapper.
   */
  private hookHistory(method: HistoryMethod): void {
    const original = history[method];
    if (typeof original !== 'function') {
      return;
    }
    let armed = true;
    const changed = this.changed;
    const wrapper = function (this: History, ...args: Parameters<History['pushState']>): void {
      original.apply(this, args);
      if (armed) {
        changed();
      }
    };
    history[method] = wrapper;
    this.restores.push(() => {
      armed = false;
      if (history[method] === wrapper) {
        history[method] = original;
      }
    });
  }

  private watchTitle(): void {
    if (typeof MutationObserver === 'undefined') {
      return;
    }
    const head = document.head ?? document.documentElement;
    if (!head) {
      return;
    }
    const observer = new MutationObserver(this.changed);
    observer.observe(head, { subtree: true, childList: true, characterData: true });
    this.titleObserver = observer;
  }
}
