/** Listeners for the public events. A listener that throws is reported once and does not stop the others. */

import { warnOnce } from './safe';
import type { TandemEvent, TandemListener } from './types';

export class Emitter {
  private readonly listeners = new Map<TandemEvent, Set<TandemListener>>();

  on(event: TandemEvent, listener: TandemListener): () => void {
    if (typeof listener !== 'function') {
      return () => undefined;
    }
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => this.off(event, listener);
  }

  off(event: TandemEvent, listener: TandemListener): void {
    this.listeners.get(event)?.delete(listener);
  }

  emit(event: TandemEvent): void {
    const set = this.listeners.get(event);
    if (!set) {
      return;
    }
    for (const listener of Array.from(set)) {
      try {
        listener();
      } catch (error) {
        warnOnce(`listener:${event}`, `a '${event}' listener threw`, error);
      }
    }
  }
}
