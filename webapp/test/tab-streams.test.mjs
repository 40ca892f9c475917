// The live view's stream rules (src/tab-streams.ts): duplicates, a gap, a new snapshot, tabs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TabStreams, chooseTab } from '../dist-units/tab-streams.mjs';

const META = 4;
const FULL = 2;
const INCREMENTAL = 3;

const meta = (timestamp) => ({ type: META, timestamp, data: { href: 'https://shop.example/', width: 800, height: 600 } });
const full = (timestamp) => ({ type: FULL, timestamp, data: {} });
const change = (timestamp) => ({ type: INCREMENTAL, timestamp, data: { source: 0 } });

/** An `events` frame of tab `tab`. */
const batch = (tab, seq, d, snapshot = false) => ({ t: 'events', room: 'room-1', tab, seq, snapshot, d });
const snapshotBatch = (tab, seq, timestamp) => batch(tab, seq, [meta(timestamp), full(timestamp)], true);
const tabInfo = (tabId, { visible = false, connected = true } = {}) => ({ tabId, url: `https://shop.example/${tabId}`, title: tabId, visible, connected });
const timestamps = (streams, tab) => streams.history(tab).all().map((e) => e.timestamp);

test('a batch whose seq is not above the last one is a duplicate and changes nothing', () => {
  const streams = new TabStreams();
  assert.deepEqual(streams.take(snapshotBatch('a', 1, 10)), { kind: 'taken', gap: false, restart: true, from: 0 });
  assert.deepEqual(streams.take(batch('a', 2, [change(11)])), { kind: 'taken', gap: false, restart: false, from: 0 });
  // the server resends its buffer after a re-join
  assert.deepEqual(streams.take(snapshotBatch('a', 1, 10)), { kind: 'duplicate' });
  assert.deepEqual(streams.take(batch('a', 2, [change(11)])), { kind: 'duplicate' });
  assert.deepEqual(streams.take(batch('a', 0, [change(99)])), { kind: 'duplicate' });
  assert.equal(streams.lastSeq('a'), 2);
  assert.deepEqual(timestamps(streams, 'a'), [10, 10, 11]);
});

test('a gap is taken and reported; a snapshot that skips ahead is not a gap', () => {
  const streams = new TabStreams();
  streams.take(snapshotBatch('a', 1, 10));
  assert.deepEqual(streams.take(batch('a', 4, [change(20)])), { kind: 'taken', gap: true, restart: false, from: 0 });
  assert.equal(streams.lastSeq('a'), 4);
  assert.deepEqual(streams.take(batch('a', 3, [change(15)])), { kind: 'duplicate' }, 'a late batch behind the gap');
  assert.deepEqual(streams.take(snapshotBatch('a', 9, 30)), { kind: 'taken', gap: false, restart: true, from: 0 });
  assert.deepEqual(streams.take(batch('a', 10, [change(31)])).gap, false);
  assert.deepEqual(timestamps(streams, 'a'), [10, 10, 20, 30, 30, 31]);
});

test('the first batch of a tab is never a gap, whatever its seq', () => {
  const streams = new TabStreams();
  assert.equal(streams.take(batch('a', 7, [change(1)])).gap, false);
});

test('batches before the first snapshot are counted but not replayable', () => {
  const streams = new TabStreams();
  assert.deepEqual(streams.take(batch('a', 1, [change(1), change(2)])), { kind: 'unplayable', gap: false });
  assert.equal(streams.lastSeq('a'), 1);
  assert.equal(streams.history('a').empty, true);
  assert.deepEqual(streams.take(batch('a', 2, [])), { kind: 'unplayable', gap: false });
  assert.deepEqual(streams.take(snapshotBatch('a', 3, 5)), { kind: 'taken', gap: false, restart: true, from: 0 });
});

test('a checkout inside a batch is a new snapshot: a Replayer without one starts at its Meta event', () => {
  const streams = new TabStreams();
  const d = [change(1), change(2), meta(3), full(3), change(4)];
  assert.deepEqual(streams.take(batch('a', 1, d)), { kind: 'taken', gap: false, restart: true, from: 2 });
  assert.deepEqual(timestamps(streams, 'a'), [3, 3, 4]);
  // with a snapshot already there, the whole batch is played (its own checkout included)
  assert.deepEqual(streams.take(batch('a', 2, [change(5), meta(6), full(6)])), { kind: 'taken', gap: false, restart: true, from: 0 });
  assert.deepEqual(streams.history('a').current.map((e) => e.timestamp), [6, 6]);
});

test('a new snapshot starts a new segment; the old one stays for time travel', () => {
  const streams = new TabStreams();
  streams.take(snapshotBatch('a', 1, 10));
  streams.take(batch('a', 2, [change(11)]));
  assert.equal(streams.take(snapshotBatch('a', 3, 20)).restart, true);
  const history = streams.history('a');
  assert.deepEqual(history.current.map((e) => e.timestamp), [20, 20]);
  assert.deepEqual(history.range(), { from: 10, to: 20 });
});

test('every tab has its own seq and history', () => {
  const streams = new TabStreams();
  streams.take(snapshotBatch('a', 1, 10));
  streams.take(batch('a', 2, [change(11)]));
  assert.equal(streams.take(snapshotBatch('b', 1, 12)).kind, 'taken', 'seq 1 of tab b is not a duplicate of tab a');
  assert.equal(streams.lastSeq('a'), 2);
  assert.equal(streams.lastSeq('b'), 1);
  assert.deepEqual(timestamps(streams, 'b'), [12, 12]);
  assert.equal(streams.history('c'), null);
  assert.equal(streams.lastSeq('c'), 0);
});

test('held: the last seq of each tab that can play on, what a join again names; a tab without a snapshot is left out', () => {
  const streams = new TabStreams();
  assert.deepEqual(streams.held(), {});
  streams.take(snapshotBatch('a', 1, 10));
  streams.take(batch('a', 2, [change(11)]));
  streams.take(batch('b', 7, [change(12)]));
  assert.deepEqual(streams.held(), { a: 2 }, 'b has only batches before a snapshot: it must be sent whole');
  streams.take(snapshotBatch('b', 8, 13));
  assert.deepEqual(streams.held(), { a: 2, b: 8 });
});

test('tabs are numbered in the order first listed; a tab gone is forgotten', () => {
  const streams = new TabStreams();
  streams.take(snapshotBatch('b', 1, 10)); // events may come before the room lists the tab
  streams.list([tabInfo('a'), tabInfo('b')]);
  assert.equal(streams.number('a'), 1);
  assert.equal(streams.number('b'), 2);
  streams.list([tabInfo('b'), tabInfo('c'), tabInfo('a')]);
  assert.deepEqual(['a', 'b', 'c'].map((t) => streams.number(t)), [1, 2, 3]);
  streams.list([tabInfo('c')]);
  assert.equal(streams.number('b'), undefined);
  assert.equal(streams.history('b'), null, 'the stream of a closed tab is let go');
  assert.equal(streams.lastSeq('b'), 0);
  streams.list([tabInfo('c'), tabInfo('a')]);
  assert.equal(streams.number('a'), 4, 'a tab that comes back is a new tab strip entry');
});

test('a tab not listed yet keeps its stream when the list changes', () => {
  const streams = new TabStreams();
  streams.list([tabInfo('a')]);
  streams.take(snapshotBatch('new', 1, 10));
  streams.list([tabInfo('a')]);
  assert.equal(streams.lastSeq('new'), 1);
});

test('the shown tab: the agent’s pick, else the visible one, else the one shown, else a connected one', () => {
  const tabs = [tabInfo('a', { connected: false }), tabInfo('b'), tabInfo('c', { visible: true })];
  assert.deepEqual(chooseTab(tabs, 'b', 'c'), { tab: 'b', pinned: 'b' });
  assert.deepEqual(chooseTab(tabs, 'gone', 'b'), { tab: 'c', pinned: null }, 'a pick whose tab closed is dropped');
  assert.deepEqual(chooseTab(tabs, null, 'b'), { tab: 'c', pinned: null });
  const twoVisible = [tabInfo('a', { visible: true, connected: false }), tabInfo('b', { visible: true })];
  assert.equal(chooseTab(twoVisible, null, null).tab, 'b', 'a connected visible tab first');
  assert.equal(chooseTab([tabInfo('a', { visible: true, connected: false })], null, null).tab, 'a');
  const noneVisible = [tabInfo('a', { connected: false }), tabInfo('b'), tabInfo('c')];
  assert.equal(chooseTab(noneVisible, null, 'c').tab, 'c', 'the user is switching tabs: stay');
  assert.equal(chooseTab(noneVisible, null, 'gone').tab, 'b');
  assert.equal(chooseTab([tabInfo('a', { connected: false })], null, null).tab, 'a');
  assert.deepEqual(chooseTab([], 'a', 'a'), { tab: null, pinned: null });
});
