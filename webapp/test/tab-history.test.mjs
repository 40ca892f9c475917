// The time-travel window: what a tab's history keeps (src/tab-history.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HISTORY_MAX_EVENTS, HISTORY_WINDOW_MS, TabHistory } from '../dist-units/tab-history.mjs';

const META = 4;
const FULL = 2;
const INCREMENTAL = 3;
const MINUTE = 60_000;

const meta = (timestamp) => ({ type: META, timestamp, data: { href: 'https://shop.example/', width: 800, height: 600 } });
const full = (timestamp) => ({ type: FULL, timestamp, data: {} });
const change = (timestamp) => ({ type: INCREMENTAL, timestamp, data: { source: 0 } });
/** A checkpoint: Meta, FullSnapshot, then `changes` incremental events a millisecond apart. */
const checkpoint = (timestamp, changes = 1) => [meta(timestamp), full(timestamp), ...Array.from({ length: changes }, (_, i) => change(timestamp + i + 1))];

test('events before the first snapshot are dropped: nothing to replay them on', () => {
  const history = new TabHistory();
  history.append([change(1), change(2)], false);
  assert.equal(history.empty, true);
  assert.equal(history.range(), null);
  history.append([change(3), ...checkpoint(10)], false);
  assert.deepEqual(history.all().map((e) => e.timestamp), [10, 10, 11]);
  assert.deepEqual(history.range(), { from: 10, to: 11 });
});

test('a snapshot batch or a Meta event starts a new segment; the live Replayer gets the newest', () => {
  const history = new TabHistory();
  history.append(checkpoint(0, 2), true);
  history.append([change(5)], false);
  // a `snapshot: true` batch starts a segment at its first event even without a Meta first
  history.append([full(100), change(101)], true);
  assert.deepEqual(history.current.map((e) => e.timestamp), [100, 101]);
  history.append([change(150), ...checkpoint(200)], false); // a checkout inside a batch
  assert.deepEqual(history.current.map((e) => e.timestamp), [200, 200, 201]);
  assert.deepEqual(history.all().map((e) => e.timestamp), [0, 0, 1, 2, 5, 100, 101, 150, 200, 200, 201]);
  assert.deepEqual(history.range(), { from: 0, to: 201 });
});

test('the window reaches back to the newest checkpoint at least ten minutes old, and no further', () => {
  assert.equal(HISTORY_WINDOW_MS, 10 * MINUTE);
  const history = new TabHistory();
  history.append(checkpoint(0), true);
  history.append(checkpoint(5 * MINUTE), true);
  history.append(checkpoint(12 * MINUTE), true);
  // the newest event is at 12 min: the 5-minute checkpoint is not ten minutes old, so the one at 0 stays
  assert.equal(history.range().from, 0);
  history.append([change(15 * MINUTE - 1)], false);
  assert.equal(history.range().from, 0, 'a millisecond short of ten minutes');
  history.append([change(15 * MINUTE)], false);
  // now the 5-minute checkpoint is exactly ten minutes old: the segment before it goes
  assert.equal(history.range().from, 5 * MINUTE);
  assert.equal(history.all().filter((e) => e.type === META).length, 2);
  history.append([change(15 * MINUTE + 1000)], false);
  assert.equal(history.range().from, 5 * MINUTE, 'the 12-minute checkpoint is not ten minutes old yet');
});

test('the newest segment is never cut, however old its start', () => {
  const history = new TabHistory();
  history.append(checkpoint(0), true);
  for (let minute = 1; minute <= 30; minute++) {
    history.append([change(minute * MINUTE)], false);
  }
  assert.deepEqual(history.range(), { from: 0, to: 30 * MINUTE });
  assert.equal(history.all().length, 3 + 30);
});

test('at most HISTORY_MAX_EVENTS events: whole segments go, oldest first, never the newest', () => {
  assert.equal(HISTORY_MAX_EVENTS, 50_000);
  const perSegment = 20_000;
  const history = new TabHistory();
  for (let i = 0; i < 3; i++) {
    history.append(checkpoint(i * 100_000, perSegment - 2), true);
  }
  // 60,000 events in three segments within the time window: the oldest whole segment goes
  assert.equal(history.all().length, 2 * perSegment);
  assert.equal(history.range().from, 100_000);

  const huge = new TabHistory();
  huge.append(checkpoint(0, HISTORY_MAX_EVENTS + 10), true);
  assert.equal(huge.all().length, HISTORY_MAX_EVENTS + 12, 'one segment over the cap is kept whole');
});
