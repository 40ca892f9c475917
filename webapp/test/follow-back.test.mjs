// How the console follows a session that ended while watched (src/follow-back.ts): when it asks
// again, that it stops when told, and that it gives up once its time is over. A clock of its own,
// so no test waits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FollowBack } from '../dist-units/follow-back.mjs';

const POLICY = { initialMs: 2_000, maxMs: 30_000, forMs: 10 * 60_000 };

/** Timers that run only when the test moves the time on. */
function fakeClock() {
  let now = 0;
  let timers = [];
  return {
    now: () => now,
    after(delayMs, run) {
      const timer = { at: now + delayMs, run };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
    /** Runs every timer due within `ms`, in order. */
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.run();
      }
      now = until;
    },
    get pending() {
      return timers.length;
    },
  };
}

function following() {
  const clock = fakeClock();
  const asks = [];
  const gaveUp = [];
  const follow = new FollowBack((room) => asks.push({ room, at: clock.now() }), (room) => gaveUp.push(room), POLICY, clock);
  return { clock, asks, gaveUp, follow };
}

test('asks again after a delay that grows while the session is not back, within the policy', () => {
  const { clock, asks, follow } = following();
  follow.start('s-1');
  assert.equal(asks.length, 0, 'not at once: the user has just gone');
  const delays = [];
  for (let attempt = 0; attempt < 8; attempt++) {
    const from = clock.now();
    clock.advance(POLICY.maxMs);
    assert.equal(asks.length, attempt + 1, `ask ${attempt + 1}`);
    delays.push(asks.at(-1).at - from);
    follow.missed('s-1');
  }
  delays.forEach((delay, attempt) => {
    const ceiling = Math.min(POLICY.maxMs, POLICY.initialMs * 2 ** attempt);
    assert.ok(delay >= ceiling / 2 && delay < ceiling, `delay ${attempt}: ${delay} of ${ceiling}`);
  });
});

test('one ask at a time: a missed ask while the next one is already due changes nothing', () => {
  const { clock, asks, follow } = following();
  follow.start('s-1');
  follow.missed('s-1');
  follow.missed('s-1');
  assert.equal(clock.pending, 1);
  clock.advance(POLICY.initialMs);
  assert.equal(asks.length, 1);
});

test('stops asking once stopped (the session is back, or its view was closed)', () => {
  const { clock, asks, follow } = following();
  follow.start('s-1');
  follow.start('s-2');
  follow.stop('s-1');
  assert.equal(follow.has('s-1'), false);
  clock.advance(POLICY.maxMs);
  assert.deepEqual(asks.map((a) => a.room), ['s-2']);
  follow.stopAll();
  follow.missed('s-2');
  clock.advance(POLICY.forMs);
  assert.equal(asks.length, 1);
  assert.equal(clock.pending, 0);
});

test('gives up once its time is over, and says so once', () => {
  const { clock, asks, gaveUp, follow } = following();
  follow.start('s-1');
  while (gaveUp.length === 0 && clock.now() <= POLICY.forMs + POLICY.maxMs) {
    clock.advance(POLICY.maxMs);
    follow.missed('s-1');
  }
  assert.deepEqual(gaveUp, ['s-1']);
  assert.ok(asks.at(-1).at >= POLICY.forMs - POLICY.maxMs, `asked until near the end: ${asks.at(-1).at}`);
  assert.equal(follow.has('s-1'), false);
  follow.missed('s-1');
  clock.advance(POLICY.maxMs);
  assert.deepEqual(gaveUp, ['s-1']);
  assert.equal(clock.pending, 0);
});

test('a session seen live again is asked for at once; one not followed, or already asked for, is not', () => {
  const { clock, asks, follow } = following();
  follow.seen('s-1');
  assert.equal(asks.length, 0, 'not followed');
  follow.start('s-1');
  follow.seen('s-1');
  assert.deepEqual(asks, [{ room: 's-1', at: 0 }]);
  assert.equal(clock.pending, 0, 'the turn it replaced is gone');
  follow.seen('s-1');
  assert.equal(asks.length, 1, 'an ask is already on its way');
  follow.missed('s-1');
  assert.equal(clock.pending, 1, 'missed: the next turn');
});
