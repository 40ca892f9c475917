// The tab's support codes: one question on the welcomed socket however many wait, asked again on
// the next socket if the answer was lost, a live code handed out again, refusals and silence
// passed on as rejections.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseServerFrame, SUPPORT_CODE_FRAME } from '../dist/units/protocol.mjs';
import { ANSWER_TIMEOUT_MS, REUSE_MIN_MS, SupportCodes } from '../dist/units/support-code.mjs';

/** A socket that is welcomed or not, and the frames written to it. */
function socket(ready = true) {
  const wire = { ready, sent: [] };
  wire.send = (frame) => {
    if (!wire.ready) return false;
    wire.sent.push(frame);
    return true;
  };
  return wire;
}

const answer = (code, expiresInMs) => parseServerFrame(JSON.stringify({ t: 'supportCode', code, expiresAt: 1, expiresInMs }));

test('the answer frame is read only with six digits and a lifetime', () => {
  assert.deepEqual(answer('012345', 300000), { t: 'supportCode', code: '012345', expiresInMs: 300000 });
  assert.equal(answer('12345', 300000), null);
  assert.equal(answer('1234567', 300000), null);
  assert.equal(answer('12345a', 300000), null);
  assert.equal(answer('123456', -1), null);
  assert.equal(parseServerFrame('{"t":"supportCode","code":"123456"}'), null);
  assert.deepEqual(JSON.parse(SUPPORT_CODE_FRAME), { t: 'supportCode' });
});

test('callers waiting together share one question and one answer', async () => {
  const wire = socket();
  let now = 1_000;
  const codes = new SupportCodes(wire.send, () => now);
  const both = Promise.all([codes.get(), codes.get()]);
  assert.equal(wire.sent.length, 1);
  codes.answer(answer('424242', 300_000));
  const [first, second] = await both;
  assert.equal(first.code, '424242');
  assert.equal(first.expiresAt, 301_000, "counted from the answer's arrival on this page's clock");
  assert.equal(second, first);
});

test('a live code is handed out again while enough of it is left, else a new one is asked for', async () => {
  const wire = socket();
  let now = 0;
  const codes = new SupportCodes(wire.send, () => now);
  const first = codes.get();
  codes.answer(answer('111111', 300_000));
  await first;
  now = 300_000 - REUSE_MIN_MS;
  assert.equal((await codes.get()).code, '111111');
  assert.equal(wire.sent.length, 1);

  now += 1;
  const renewed = codes.get();
  assert.equal(wire.sent.length, 2, 'too little left: a new code');
  codes.answer(answer('222222', 300_000));
  assert.equal((await renewed).code, '222222');

  codes.forget();
  const another = codes.get();
  assert.equal(wire.sent.length, 3, 'a new session: its own code');
  codes.close();
  await assert.rejects(another, /stopped/);
});

test('a short-lived code is handed out again only for the first half of its life', async () => {
  const wire = socket();
  let now = 0;
  const codes = new SupportCodes(wire.send, () => now);
  const first = codes.get();
  codes.answer(answer('333333', 10_000));
  await first;
  now = 5_000;
  assert.equal((await codes.get()).code, '333333');
  now = 5_001;
  const renewed = codes.get();
  assert.equal(wire.sent.length, 2);
  codes.close();
  await assert.rejects(renewed, /stopped/);
});

test('a question waits for a welcomed socket, and is asked again on a new one if the answer was lost', async () => {
  const wire = socket(false);
  const codes = new SupportCodes(wire.send);
  const waiting = codes.get();
  assert.equal(wire.sent.length, 0);
  wire.ready = true;
  codes.connected();
  assert.equal(wire.sent.length, 1);
  codes.connected();
  assert.equal(wire.sent.length, 2, 'the socket closed before the answer: asked again');
  codes.answer(answer('444444', 60_000));
  assert.equal((await waiting).code, '444444');
  codes.connected();
  assert.equal(wire.sent.length, 2, 'nobody waits: nothing asked');
});

test("the server's refusal reaches the caller with its code and message", async () => {
  const wire = socket();
  const codes = new SupportCodes(wire.send);
  const waiting = codes.get();
  codes.refused('SUPPORT_CODE_UNAVAILABLE', 'ask again in a moment');
  await assert.rejects(waiting, { message: 'SUPPORT_CODE_UNAVAILABLE: ask again in a moment' });
  const again = codes.get();
  assert.equal(wire.sent.length, 2, 'asking again asks the server again');
  codes.close();
  await assert.rejects(again, /stopped/);
});

test('stopping rejects whoever waits; an answer that never comes is given up', async (t) => {
  const codes = new SupportCodes(socket().send);
  const stopped = codes.get();
  codes.close();
  await assert.rejects(stopped, /stopped/);

  t.mock.timers.enable({ apis: ['setTimeout'] });
  const silent = codes.get();
  t.mock.timers.tick(ANSWER_TIMEOUT_MS);
  await assert.rejects(silent, /SUPPORT_CODE_TIMEOUT/);
});

test('the support code button is off unless the site turns it on', async () => {
  const { resolveOptions } = await import('../dist/units/options.mjs');
  const base = { server: 'https://x.test', projectKey: 'k' };
  assert.equal(resolveOptions(base, undefined, () => true, () => true).supportWidget, false);
  assert.equal(resolveOptions({ ...base, supportWidget: 'yes' }, undefined, () => true, () => true).supportWidget, false);
  assert.equal(resolveOptions({ ...base, supportWidget: true }, undefined, () => true, () => true).supportWidget, true);
});
