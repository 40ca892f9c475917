import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PreJoinBuffer } from '../dist/units/pre-join-buffer.mjs';

const snapshot = (name) => ({ snapshot: true, payload: `["${name}"]`, events: 1 });
const incremental = (name) => ({ snapshot: false, payload: `["${name}"]`, events: 1 });
const names = (batches) => batches.map((batch) => JSON.parse(batch.payload)[0]);

function clocked(limits) {
  const clock = { now: 0 };
  return { clock, buffer: new PreJoinBuffer(limits, () => clock.now) };
}

test('incremental batches before the first snapshot are dropped: nothing to replay them on', () => {
  const { buffer } = clocked({ windowMs: 1000, maxChars: 1000 });
  assert.equal(buffer.add(incremental('early')), 'dropped');
  assert.equal(buffer.add(snapshot('s1')), 'kept');
  assert.equal(buffer.add(incremental('a')), 'kept');
  assert.deepEqual(names(buffer.drain()), ['s1', 'a']);
  assert.equal(buffer.size, 0, 'drain empties the buffer');
});

test('keeps the newest segment that starts at least the window ago, and nothing older', () => {
  const { clock, buffer } = clocked({ windowMs: 1000, maxChars: 10_000 });
  buffer.add(snapshot('s1'));
  buffer.add(incremental('a'));
  clock.now = 600;
  buffer.add(snapshot('s2'));
  buffer.add(incremental('b'));
  clock.now = 1200;
  buffer.add(snapshot('s3'));
  // s2 started 600 ms ago: s1 is still needed to reach back 1000 ms
  assert.deepEqual(names(buffer.drain()), ['s1', 'a', 's2', 'b', 's3']);

  buffer.add(snapshot('s1'));
  clock.now = 1700;
  buffer.add(snapshot('s2'));
  clock.now = 2700;
  buffer.add(incremental('c'));
  // s2 started exactly the window ago: it reaches back far enough alone
  assert.deepEqual(names(buffer.drain()), ['s2', 'c']);
});

test('over its size bound it drops the oldest segments first, and empties itself if one segment alone is over', () => {
  const { buffer } = clocked({ windowMs: 60_000, maxChars: 20 });
  buffer.add(snapshot('s1'));
  buffer.add(incremental('a'));
  buffer.add(snapshot('s2'));
  assert.equal(buffer.add(incremental('b')), 'kept');
  assert.deepEqual(names(buffer.drain()), ['s2', 'b']);

  buffer.add(snapshot('s1'));
  assert.equal(buffer.add(incremental('a long batch of events')), 'overflow');
  assert.equal(buffer.size, 0);
  assert.equal(buffer.add(incremental('c')), 'dropped', 'only a new snapshot starts the buffer again');
});
