import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Outbox } from '../dist/units/outbox.mjs';

const batch = (seq, { snapshot = false, bytes = 100, events = 1 } = {}) => ({ seq, snapshot, frame: `#${seq}`, bytes, events });

function drain(outbox) {
  const sent = [];
  for (let next = outbox.nextUnsent(); next; next = outbox.nextUnsent()) {
    sent.push(next.seq);
    outbox.markSent();
  }
  return sent;
}

test('batches are written once, in order, and kept until acked', () => {
  const outbox = new Outbox({ maxBatches: 10, maxBytes: 10_000 });
  for (const seq of [1, 2, 3]) assert.equal(outbox.add(batch(seq, { snapshot: seq === 1 })), true);
  assert.deepEqual(drain(outbox), [1, 2, 3]);
  assert.deepEqual(drain(outbox), []);
  assert.deepEqual(outbox.seqs(), [1, 2, 3]);
  outbox.ack(2);
  assert.deepEqual(outbox.seqs(), [3]);
  assert.equal(outbox.bytes, 100);
  outbox.ack(7);
  assert.equal(outbox.size, 0);
  assert.equal(outbox.bytes, 0);
});

test('an ack keeps the unsent position right', () => {
  const outbox = new Outbox({ maxBatches: 10, maxBytes: 10_000 });
  for (const seq of [1, 2, 3, 4]) outbox.add(batch(seq));
  outbox.markSent();
  outbox.markSent();
  outbox.ack(1);
  assert.equal(outbox.nextUnsent().seq, 3);
  outbox.ack(3);
  assert.equal(outbox.nextUnsent().seq, 4);
});

test('after a reconnect only batches above ackedSeq are resent, oldest first', () => {
  const outbox = new Outbox({ maxBatches: 10, maxBytes: 10_000 });
  for (const seq of [5, 6, 7, 8]) outbox.add(batch(seq, { snapshot: seq === 5 }));
  drain(outbox);
  outbox.rewind();
  assert.equal(outbox.resume(6), true);
  assert.deepEqual(drain(outbox), [7, 8]);
});

test('resume reports a gap unless the rest continues the server stream or starts with a snapshot', () => {
  const gap = new Outbox({ maxBatches: 10, maxBytes: 10_000 });
  gap.add(batch(10));
  gap.add(batch(11));
  assert.equal(gap.resume(3), false, 'server holds 3, we hold 10.. without a snapshot');

  const fromSnapshot = new Outbox({ maxBatches: 10, maxBytes: 10_000 });
  fromSnapshot.add(batch(10, { snapshot: true }));
  fromSnapshot.add(batch(11));
  assert.equal(fromSnapshot.resume(0), true, 'a snapshot makes the stream whole again');
  assert.deepEqual(drain(fromSnapshot), [10, 11]);

  const empty = new Outbox({ maxBatches: 10, maxBytes: 10_000 });
  assert.equal(empty.resume(42), true);
});

test('a snapshot supersedes every batch before it', () => {
  const outbox = new Outbox({ maxBatches: 10, maxBytes: 10_000 });
  outbox.add(batch(1, { snapshot: true }));
  outbox.add(batch(2));
  outbox.add(batch(3, { snapshot: true }));
  outbox.add(batch(4));
  assert.deepEqual(outbox.seqs(), [3, 4]);
  assert.equal(outbox.bytes, 200);
});

test('exceeding the batch count drops everything and asks for a snapshot', () => {
  const outbox = new Outbox({ maxBatches: 3, maxBytes: 10_000 });
  assert.equal(outbox.add(batch(1, { snapshot: true })), true);
  assert.equal(outbox.add(batch(2)), true);
  assert.equal(outbox.add(batch(3)), true);
  assert.equal(outbox.add(batch(4)), false);
  assert.equal(outbox.size, 0);
  assert.equal(outbox.bytes, 0);
  assert.equal(outbox.nextUnsent(), undefined);
});

test('exceeding the byte bound drops everything and asks for a snapshot', () => {
  const outbox = new Outbox({ maxBatches: 100, maxBytes: 250 });
  assert.equal(outbox.add(batch(1, { snapshot: true })), true);
  assert.equal(outbox.add(batch(2)), true);
  assert.equal(outbox.add(batch(3)), false);
  assert.equal(outbox.size, 0);
});

test('a snapshot over the bounds by itself is still kept (it replaces the backlog)', () => {
  const outbox = new Outbox({ maxBatches: 100, maxBytes: 250 });
  assert.equal(outbox.add(batch(1, { snapshot: true, bytes: 1000 })), true);
  assert.deepEqual(outbox.seqs(), [1]);
  assert.equal(outbox.add(batch(2)), false);
});

test('a snapshot is held until the server acknowledges it, written or not', () => {
  const outbox = new Outbox();
  assert.equal(outbox.holdsSnapshot, false);
  outbox.add({ seq: 1, snapshot: true, frame: 's', bytes: 1, events: 1 });
  outbox.add({ seq: 2, snapshot: false, frame: 'i', bytes: 1, events: 1 });
  assert.equal(outbox.holdsSnapshot, true);
  outbox.markSent();
  assert.equal(outbox.holdsSnapshot, true, 'written but not acknowledged');
  outbox.ack(1);
  assert.equal(outbox.holdsSnapshot, false, 'the server holds it');
});
