/**
 * A session that ended because its user or its node went away may come back under the same id: a
 * tab that reconnects after the grace (a page starved of CPU or asleep, a long network cut), or the
 * user opening the site again in the same browser. While its view stays open, the console asks to
 * join it again now and then, so the watch resumes by itself, as it does in a video call when the
 * other side's connection returns. One an administrator ended is not followed.
 */

import { equalJitter } from '../../common/src/backoff';
import type { BackoffPolicy } from '../../common/src/backoff';

export interface FollowBackPolicy extends BackoffPolicy {
  /** How long after the end the console keeps asking. */
  readonly forMs: number;
}

/** 2 s doubling up to 30 s between asks, equal jitter, for 30 minutes. */
export const FOLLOW_BACK: FollowBackPolicy = { initialMs: 2_000, maxMs: 30_000, forMs: 30 * 60_000 };

export interface FollowBackClock {
  now(): number;
  after(delayMs: number, run: () => void): () => void;
}

const REAL_CLOCK: FollowBackClock = {
  now: () => Date.now(),
  after: (delayMs, run) => {
    const timer = setTimeout(run, delayMs);
    return () => clearTimeout(timer);
  },
};

interface Followed {
  attempt: number;
  readonly until: number;
  cancel: (() => void) | null;
}

export class FollowBack {
  private readonly followed = new Map<string, Followed>();

  /**
   * `ask` joins the room again; the console answers each ask with `stop` (joined: the session is
   * back) or `missed` (not there, or no answer). `gaveUp`: the time ran out.
   */
  constructor(
    private readonly ask: (room: string) => void,
    private readonly gaveUp: (room: string) => void,
    private readonly policy: FollowBackPolicy = FOLLOW_BACK,
    private readonly clock: FollowBackClock = REAL_CLOCK,
  ) {}

  /** Starts following `room` (again, if it was): the first ask comes after the first delay. */
  start(room: string): void {
    this.stop(room);
    const followed: Followed = { attempt: 0, until: this.clock.now() + this.policy.forMs, cancel: null };
    this.followed.set(room, followed);
    this.askLater(room, followed);
  }

  /** The last ask found no session, or went unanswered: ask again later, or give up once the time is over. */
  missed(room: string): void {
    const followed = this.followed.get(room);
    if (followed === undefined || followed.cancel !== null) {
      return;
    }
    if (this.clock.now() >= followed.until) {
      this.followed.delete(room);
      this.gaveUp(room);
      return;
    }
    this.askLater(room, followed);
  }

  /** The session was seen live again (in the session list): ask now rather than at the next turn. */
  seen(room: string): void {
    const followed = this.followed.get(room);
    if (followed?.cancel) {
      followed.cancel();
      followed.cancel = null;
      this.ask(room);
    }
  }

  has(room: string): boolean {
    return this.followed.has(room);
  }

  stop(room: string): void {
    this.followed.get(room)?.cancel?.();
    this.followed.delete(room);
  }

  stopAll(): void {
    for (const room of [...this.followed.keys()]) {
      this.stop(room);
    }
  }

  private askLater(room: string, followed: Followed): void {
    followed.cancel = this.clock.after(equalJitter(followed.attempt++, this.policy), () => {
      followed.cancel = null;
      this.ask(room);
    });
  }
}
