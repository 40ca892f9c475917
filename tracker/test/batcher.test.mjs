import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Batcher } from '../dist/units/batcher.mjs';

/** Timers and a clock driven by the test: `fire()` runs what is pending, `advance(ms)` what falls due. */
function manualTimers() {
  const pending = new Set();
  let now = 1000;
  return {
    set(fn, ms) {
      const handle = { fn, at: now + ms };
      pending.add(handle);
      return handle;
    },
    clear(handle) {
      pending.delete(handle);
    },
    now: () => now,
    fire() {
      for (const handle of [...pending]) {
        pending.delete(handle);
        handle.fn();
      }
    },
    advance(ms) {
      now += ms;
      for (const handle of [...pending].sort((a, b) => a.at - b.at)) {
        if (handle.at <= now && pending.delete(handle)) handle.fn();
      }
    },
    /** Delays of the pending timers from now. */
    get delays() {
      return [...pending].map((handle) => handle.at - now);
    },
    get count() {
      return pending.size;
    },
  };
}

const ev = (n) => JSON.stringify({ type: 3, n });
const meta = JSON.stringify({ type: 4 });
const full = JSON.stringify({ type: 2 });

test('events go out together when the timer fires', () => {
  const timers = manualTimers();
  const out = [];
  const batcher = new Batcher((b) => out.push(b), { flushMs: 100, maxEvents: 64, maxChars: 1e6 }, timers);
  batcher.push(ev(1), false);
  batcher.push(ev(2), false);
  assert.equal(out.length, 0);
  assert.equal(timers.count, 1);
  timers.fire();
  assert.equal(out.length, 1);
  assert.deepEqual(JSON.parse(out[0].payload), [{ type: 3, n: 1 }, { type: 3, n: 2 }]);
  assert.equal(out[0].events, 2);
  assert.equal(out[0].snapshot, false);
});

test('a batch is cut at the event limit', () => {
  const timers = manualTimers();
  const out = [];
  const batcher = new Batcher((b) => out.push(b), { flushMs: 100, maxEvents: 3, maxChars: 1e6 }, timers);
  for (let i = 0; i < 7; i++) batcher.push(ev(i), false);
  assert.deepEqual(out.map((b) => b.events), [3, 3]);
  timers.fire();
  assert.deepEqual(out.map((b) => b.events), [3, 3, 1]);
});

test('a batch is cut at the size limit', () => {
  const out = [];
  const batcher = new Batcher((b) => out.push(b), { flushMs: 100, maxEvents: 100, maxChars: 30 }, manualTimers());
  batcher.push(ev(1), false);
  batcher.push(ev(2), false);
  assert.equal(out.length, 1);
});

test('a snapshot begins a new batch, flagged as a snapshot', () => {
  const timers = manualTimers();
  const out = [];
  const batcher = new Batcher((b) => out.push(b), { flushMs: 100, maxEvents: 64, maxChars: 1e6 }, timers);
  batcher.push(ev(1), false);
  batcher.push(meta, true);
  assert.equal(batcher.holdsSnapshot, true);
  batcher.push(full, false);
  batcher.push(ev(2), false);
  timers.fire();
  assert.equal(batcher.holdsSnapshot, false);
  assert.deepEqual(out.map((b) => [b.snapshot, b.events]), [[false, 1], [true, 3]]);
  assert.deepEqual(JSON.parse(out[1].payload).map((e) => e.type), [4, 2, 3]);
});

test('the first batch of a recording is the snapshot', () => {
  const timers = manualTimers();
  const out = [];
  const batcher = new Batcher((b) => out.push(b), { flushMs: 100, maxEvents: 64, maxChars: 1e6 }, timers);
  batcher.push(meta, true);
  batcher.push(full, false);
  timers.fire();
  batcher.push(ev(1), false);
  timers.fire();
  assert.deepEqual(out.map((b) => b.snapshot), [true, false]);
});

test('discard forgets the gathered events and the timer', () => {
  const timers = manualTimers();
  const out = [];
  const batcher = new Batcher((b) => out.push(b), { flushMs: 100, maxEvents: 64, maxChars: 1e6 }, timers);
  batcher.push(meta, true);
  batcher.discard();
  assert.equal(timers.count, 0);
  batcher.flush();
  assert.equal(out.length, 0);
  batcher.push(ev(1), false);
  batcher.flush();
  assert.equal(out[0].snapshot, false);
});

test('the sink may push again from inside a flush', () => {
  const out = [];
  let batcher;
  batcher = new Batcher(
    (b) => {
      out.push(b);
      if (out.length === 1) batcher.push(meta, true);
    },
    { flushMs: 100, maxEvents: 1, maxChars: 1e6 },
    manualTimers(),
  );
  batcher.push(ev(1), false);
  assert.deepEqual(out.map((b) => b.snapshot), [false, true]);
});

test('the first event after a quiet moment goes out at the end of its task, with what that task emitted', () => {
  const timers = manualTimers();
  const out = [];
  const batcher = new Batcher((b) => out.push(b), { flushMs: 100, maxEvents: 64, maxChars: 1e6 }, timers);
  batcher.push(ev(1), false);
  batcher.push(ev(2), false);
  assert.deepEqual(timers.delays, [0]);
  timers.advance(0);
  assert.deepEqual(out.map((b) => b.events), [2]);
  // quiet for longer than the window: the next one goes at once again
  timers.advance(250);
  batcher.push(ev(3), false);
  assert.deepEqual(timers.delays, [0]);
  timers.advance(0);
  assert.deepEqual(out.map((b) => b.events), [2, 1]);
});

test('a burst after a batch is coalesced until the window after that batch is over', () => {
  const timers = manualTimers();
  const out = [];
  const batcher = new Batcher((b) => out.push({ ...b, at: timers.now() }), { flushMs: 100, maxEvents: 64, maxChars: 1e6 }, timers);
  batcher.push(ev(0), false);
  timers.advance(0); // the leading batch
  for (let i = 1; i <= 9; i++) {
    timers.advance(10);
    batcher.push(ev(i), false);
  }
  assert.deepEqual(out.map((b) => b.events), [1]);
  assert.deepEqual(timers.delays, [10], 'the window ends 100 ms after the leading batch');
  timers.advance(10);
  assert.deepEqual(out.map((b) => b.events), [1, 9]);
  assert.deepEqual(JSON.parse(out[1].payload).map((e) => e.n), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  // a steady stream: one batch per window, every event once and in order
  for (let i = 10; i < 40; i++) {
    timers.advance(10);
    batcher.push(ev(i), false);
  }
  timers.advance(100);
  const gaps = out.slice(1).map((b, i) => b.at - out[i].at);
  assert.ok(gaps.every((gap) => gap >= 100), `batches ${gaps} ms apart`);
  assert.deepEqual(out.flatMap((b) => JSON.parse(b.payload).map((e) => e.n)), Array.from({ length: 40 }, (_, i) => i));
});

test('a snapshot goes out at once, even right after a batch', () => {
  const timers = manualTimers();
  const out = [];
  const batcher = new Batcher((b) => out.push(b), { flushMs: 100, maxEvents: 64, maxChars: 1e6 }, timers);
  batcher.push(ev(1), false);
  timers.advance(0);
  timers.advance(5);
  batcher.push(ev(2), false);
  assert.deepEqual(timers.delays, [95]);
  batcher.push(meta, true);
  batcher.push(full, false);
  assert.deepEqual(out.map((b) => [b.snapshot, b.events]), [[false, 1], [false, 1]], 'the batch before the snapshot is cut off');
  assert.deepEqual(timers.delays, [0]);
  timers.advance(0);
  assert.deepEqual(out.map((b) => [b.snapshot, b.events]), [[false, 1], [false, 1], [true, 2]]);
  // what follows the snapshot waits for the window after it
  batcher.push(ev(3), false);
  assert.deepEqual(timers.delays, [100]);
});
