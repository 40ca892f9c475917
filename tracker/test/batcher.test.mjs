import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Batcher } from '../dist/units/batcher.mjs';

/** Timers driven by the test. */
function manualTimers() {
  const pending = new Set();
  return {
    set(fn) {
      const handle = { fn };
      pending.add(handle);
      return handle;
    },
    clear(handle) {
      pending.delete(handle);
    },
    fire() {
      for (const handle of [...pending]) {
        pending.delete(handle);
        handle.fn();
      }
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
