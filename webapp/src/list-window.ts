/**
 * The console's window of the session list, as the node serves it (docs/protocol.md, "The session
 * list"): the console asks for a search, a sort and a page, gets that page whole, then only how it
 * changed. Frames for an older request are dropped until the whole window of the newest arrives.
 * The entries are ordered here by the same keys the node sorts on, which a session never changes.
 */

import { parseSession } from './protocol';
import type { ListChangedFrame, ListFrame, ListSort, Session } from './protocol';

/** Sessions on one page of the list (the bench's agents ask for the same first page). */
export const PAGE_SIZE = 10;

export interface ListQuery {
  search: string;
  sort: ListSort;
  offset: number;
  limit: number;
}

export const FIRST_PAGE: ListQuery = { search: '', sort: 'newest', offset: 0, limit: PAGE_SIZE };

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function newestFirst(a: Session, b: Session): number {
  return b.startedAt - a.startedAt || compareText(a.room, b.room);
}

const ORDERS: Record<ListSort, (a: Session, b: Session) => number> = {
  newest: newestFirst,
  oldest: (a, b) => a.startedAt - b.startedAt || compareText(a.room, b.room),
  user: (a, b) => {
    const userA = a.userId ?? '';
    const userB = b.userId ?? '';
    return Number(userA === '') - Number(userB === '') || compareText(userA, userB) || newestFirst(a, b);
  },
};

export class ListWindow {
  private readonly entries = new Map<string, Session>();
  private id = 0;
  private synced = false;
  private current: ListQuery = FIRST_PAGE;
  private count = 0;

  get query(): ListQuery {
    return this.current;
  }

  /** How many sessions match the query in all, as of the last frame applied. */
  get total(): number {
    return this.count;
  }

  /** The frame asking for `query`; frames answering an earlier one are ignored from now on. */
  ask(query: ListQuery): ListFrame {
    this.current = query;
    this.id += 1;
    this.synced = false;
    return { t: 'list', id: this.id, ...query };
  }

  /** Applies a frame; false if it belongs to an earlier request and was ignored. */
  apply(frame: ListChangedFrame): boolean {
    if (frame.window !== undefined) {
      if (frame.id !== this.id) {
        return false;
      }
      this.entries.clear();
      for (const session of frame.window) {
        this.entries.set(session.room, session);
      }
      this.synced = true;
    } else if (!this.synced) {
      return false;
    } else {
      for (const room of frame.removed) {
        this.entries.delete(room);
      }
      for (const session of frame.added) {
        this.entries.set(session.room, session);
      }
      for (const delta of frame.changed) {
        const before = this.entries.get(delta.room);
        const after = before ? parseSession({ ...before, ...delta }) : null;
        if (after) {
          this.entries.set(after.room, after);
        }
      }
    }
    this.count = frame.total;
    return true;
  }

  /** The window's sessions in the query's order. */
  sessions(): Session[] {
    return [...this.entries.values()].sort(ORDERS[this.current.sort]);
  }

  /** Forgets the window (logout). */
  clear(): void {
    this.entries.clear();
    this.count = 0;
    this.synced = false;
  }
}
