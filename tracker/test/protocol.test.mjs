import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { capLogEntry } from '../dist/units/console-caps.mjs';
import { IDENTITY_BUDGET_BYTES, resolveOptions } from '../dist/units/options.mjs';
import { eventsFrame, helloFrame, pageFrame, parseServerFrame, trackerUrl } from '../dist/units/protocol.mjs';
import { ByteBudget, EventBudget } from '../dist/units/rate-limit.mjs';
import { truncateUtf8, utf8Length } from '../dist/units/text.mjs';
import { VERSION } from '../dist/units/version.mjs';

test('VERSION matches package.json', () => {
  assert.equal(VERSION, JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
});

test('the server origin becomes the tracker socket URL', () => {
  assert.equal(trackerUrl('https://tandem.example.com'), 'wss://tandem.example.com/ws/tracker');
  assert.equal(trackerUrl('http://127.0.0.1:8080/'), 'ws://127.0.0.1:8080/ws/tracker');
  assert.equal(trackerUrl('https://example.com/tandem/'), 'wss://example.com/tandem/ws/tracker');
  assert.equal(trackerUrl('wss://example.com'), 'wss://example.com/ws/tracker');
  assert.equal(trackerUrl('/', 'http://localhost:9000/demo/'), 'ws://localhost:9000/ws/tracker');
  assert.equal(trackerUrl('ftp://example.com'), null);
  assert.equal(trackerUrl('not a url'), null);
});

test('hello carries version, ids, page and the optional fields only when present', () => {
  const page = { url: 'http://127.0.0.1/demo/', title: 'Demo', visible: true };
  const bare = JSON.parse(helloFrame({ projectKey: 'k', sessionId: 's-12345678', tabId: 't-12345678', page }));
  assert.deepEqual(bare, { t: 'hello', v: 1, projectKey: 'k', sessionId: 's-12345678', tabId: 't-12345678', page });
  const full = JSON.parse(
    helloFrame({ projectKey: 'k', sessionId: 's-12345678', tabId: 't-12345678', page, userId: 'alice', metadata: { plan: 'pro' } }),
  );
  assert.equal(full.userId, 'alice');
  assert.deepEqual(full.metadata, { plan: 'pro' });
  assert.deepEqual(JSON.parse(pageFrame(page)), { t: 'page', ...page });
});

test('events frames splice the payload in as is', () => {
  const payload = '[{"type":4,"data":{}},{"type":2,"data":{}}]';
  const frame = eventsFrame(7, true, payload);
  assert.deepEqual(JSON.parse(frame), { t: 'events', seq: 7, snapshot: true, d: JSON.parse(payload) });
  assert.ok(frame.endsWith(`"d":${payload}}`));
  assert.equal(JSON.parse(eventsFrame(8, false, '[]')).snapshot, false);
});

test('server frames are read defensively', () => {
  const welcome = parseServerFrame(
    '{"t":"welcome","sessionId":"s-12345678","tabId":"t-12345678","streaming":true,"ackedSeq":4,"heartbeatMs":15000,"limits":{"maxFrameBytes":1000,"maxEventsPerSecond":50,"maxEventBytesPerSecond":9000}}',
  );
  assert.deepEqual(welcome.limits, { maxFrameBytes: 1000, maxEventsPerSecond: 50, maxEventBytesPerSecond: 9000 });
  assert.equal(welcome.streaming, true);
  assert.equal(welcome.ackedSeq, 4);
  const sparse = parseServerFrame('{"t":"welcome"}');
  assert.equal(sparse.streaming, false);
  assert.equal(sparse.ackedSeq, 0);
  assert.equal(sparse.heartbeatMs, 15000);
  assert.equal(sparse.limits.maxFrameBytes, 8 * 1024 * 1024);
  assert.deepEqual(parseServerFrame('{"t":"ack","seq":9}'), { t: 'ack', seq: 9 });
  assert.deepEqual(parseServerFrame('{"t":"start"}'), { t: 'start' });
  assert.deepEqual(parseServerFrame('{"t":"stop","extra":1}'), { t: 'stop' });
  assert.deepEqual(parseServerFrame('{"t":"error","code":"UNKNOWN_PROJECT","message":"no"}'), {
    t: 'error',
    code: 'UNKNOWN_PROJECT',
    message: 'no',
  });
  for (const junk of ['', 'null', '[]', '{"t":"nope"}', '{"t":"ack"}', '{', 42]) {
    assert.equal(parseServerFrame(junk), null, String(junk));
  }
});

test('options: server and projectKey are required; selectors add to the data attributes', () => {
  assert.ok('error' in resolveOptions(undefined));
  assert.ok('error' in resolveOptions({ server: 'ftp://x', projectKey: 'k' }));
  assert.ok('error' in resolveOptions({ server: 'https://x.test', projectKey: ' ' }));
  const valid = () => true;
  const options = resolveOptions({ server: 'https://x.test', projectKey: 'k', maskSelector: '.secret' }, undefined, valid);
  assert.equal(options.url, 'wss://x.test/ws/tracker');
  assert.equal(options.recorder.maskSelector, '[data-tandem-mask], .secret');
  assert.equal(options.recorder.blockSelector, '[data-tandem-block]');
  assert.equal(options.recorder.captureConsole, true);
  const invalid = resolveOptions({ server: 'https://x.test', projectKey: 'k', blockSelector: '!!' }, undefined, () => false);
  assert.equal(invalid.recorder.blockSelector, '[data-tandem-block]');
  assert.equal(invalid.notes.length, 1);
});

test('options: metadata values become strings and userId + metadata fit the server limit', () => {
  const options = resolveOptions(
    { server: 'https://x.test', projectKey: 'k', userId: 'u'.repeat(1000), metadata: { plan: 'pro', seats: 3, big: 'x'.repeat(5000), gone: null } },
    undefined,
    () => true,
  );
  assert.equal(options.userId.length, 256);
  assert.deepEqual(options.metadata, { plan: 'pro', seats: '3' });
  assert.equal(options.notes.length, 1);
  let size = utf8Length(options.userId);
  for (const [k, v] of Object.entries(options.metadata)) size += utf8Length(k) + utf8Length(v);
  assert.ok(size <= IDENTITY_BUDGET_BYTES);
});

test('utf8 length and truncation never split a character', () => {
  assert.equal(utf8Length('abc'), 3);
  assert.equal(utf8Length('é'), 2);
  assert.equal(utf8Length('€'), 3);
  assert.equal(utf8Length('😀'), 4);
  assert.equal(utf8Length('a😀b'), Buffer.byteLength('a😀b'));
  assert.equal(truncateUtf8('a😀b', 4), 'a');
  assert.equal(truncateUtf8('a😀b', 5), 'a😀');
  assert.equal(truncateUtf8('short', 100), 'short');
  const long = 'é'.repeat(1000);
  assert.ok(Buffer.byteLength(truncateUtf8(long, 1001)) <= 1001);
});

test('the event budget holds back batches beyond the rate', () => {
  const budget = new EventBudget(100, 1, 0);
  assert.equal(budget.tryTake(60, 0), true);
  assert.equal(budget.tryTake(60, 0), false);
  assert.equal(budget.waitMs(60, 0), 200);
  assert.equal(budget.tryTake(60, 200), true);
  assert.equal(budget.tryTake(500, 10_000), true, 'a batch larger than the bucket goes when it is full');
});

test('the byte budget lets a batch go unless in debt, and the debt holds the next one back', () => {
  const budget = new ByteBudget(1000, 1, 0);
  assert.equal(budget.waitMs(0), 0);
  budget.take(3000, 0);
  assert.equal(budget.waitMs(0), 2001, 'a batch larger than the bucket went, leaving 2000 bytes of debt');
  assert.equal(budget.waitMs(1000), 1001);
  assert.equal(budget.waitMs(2001), 0);
  budget.take(1, 2001);
  assert.equal(budget.waitMs(60_000), 0, 'the bucket refills to its capacity, not beyond');
  budget.take(1000, 60_000);
  assert.ok(budget.waitMs(60_000) > 0, 'a full bucket holds one second');
});

test('console entries are capped and stay valid JSON for the replayer', () => {
  const entry = {
    level: 'log',
    trace: Array.from({ length: 50 }, (_, i) => `frame ${i} ${'x'.repeat(1000)}`),
    payload: [JSON.stringify('y'.repeat(10_000)), ...Array.from({ length: 30 }, (_, i) => JSON.stringify(i))],
  };
  const capped = capLogEntry(entry);
  assert.equal(capped.trace.length, 20);
  assert.ok(capped.trace.every((line) => line.length <= 301));
  assert.equal(capped.payload.length, 21);
  for (const arg of capped.payload) JSON.parse(arg);
  assert.ok(JSON.parse(capped.payload[0]).startsWith('y'.repeat(2000) + '…'));
  assert.equal(JSON.parse(capped.payload[20]), '… 11 more arguments');
  const small = { level: 'warn', trace: ['a'], payload: ['"hi"', '{"a":1}'] };
  assert.deepEqual(capLogEntry(small), small);
});
