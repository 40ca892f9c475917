import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { Connection } from '../dist/units/connection.mjs';

const HEARTBEAT_MS = 1_000;
const REPLY_TIMEOUT_MS = 4_000;

/** A WebSocket the test plays the server of: it sees what the tracker writes and answers by hand. */
class FakeSocket {
  readyState = 0;
  bufferedAmount = 0;
  written = [];
  closedByTracker = false;
  onopen = null;
  onmessage = null;
  onclose = null;
  onerror = null;

  send(frame) {
    this.written.push(frame);
  }

  close() {
    this.closedByTracker = true;
  }

  accept() {
    this.readyState = 1;
    this.onopen?.();
  }

  serve(frame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

function welcome(extra = { replyTimeoutMs: REPLY_TIMEOUT_MS }) {
  return {
    t: 'welcome', sessionId: 's-12345678', tabId: 't-12345678', streaming: true, ackedSeq: 0, heartbeatMs: HEARTBEAT_MS,
    limits: { maxFrameBytes: 1000, maxEventsPerSecond: 100, maxEventBytesPerSecond: 10000 },
    privacy: { preJoinBufferSeconds: 0, maskAllInputs: false },
    ...extra,
  };
}

/** A connection whose first socket opened; `sockets` holds every socket it opened, `closes` what it was told of each close. */
function opened() {
  const sockets = [];
  const closes = [];
  const connection = new Connection('ws://127.0.0.1:1/ws/tracker', {
    hello: () => '{"t":"hello"}',
    welcome: () => {},
    message: () => {},
    closed: (info) => closes.push(info),
    tick: () => {},
  }, () => {
    const socket = new FakeSocket();
    sockets.push(socket);
    return socket;
  });
  connection.open();
  sockets[0].accept();
  return { connection, sockets, closes };
}

/** A connection welcomed on its first socket. */
function welcomed(welcomeFrame = welcome()) {
  const opening = opened();
  opening.sockets[0].serve(welcomeFrame);
  return opening;
}

/** Moves the clock in small steps, as a page's timers would run; `each` runs after every step. */
function advance(ms, each = () => {}) {
  for (let step = 0; step < ms; step += 50) {
    mock.timers.tick(50);
    each();
  }
}

const heartbeats = (socket) => socket.written.filter((frame) => frame === '{"t":"heartbeat"}').length;

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 }));
afterEach(() => mock.timers.reset());

test('a batch the server never answers: the socket is given up after replyTimeoutMs and the tracker connects again', () => {
  const { connection, sockets, closes } = welcomed();
  assert.equal(connection.send('{"t":"events","seq":1}', true), true);

  advance(REPLY_TIMEOUT_MS - 500);
  assert.equal(closes.length, 0, 'given up before replyTimeoutMs');

  advance(REPLY_TIMEOUT_MS);
  assert.equal(closes.length, 1);
  assert.equal(closes[0].reason, 'no answer from the server in time');
  assert.equal(sockets[0].closedByTracker, true);

  advance(1_000);
  assert.equal(sockets.length, 2, 'a new socket after the first backoff step (500 ms at most)');
  connection.close();
});

test('a quiet tab whose heartbeats go unanswered is given up too', () => {
  const { connection, sockets, closes } = welcomed();
  advance(HEARTBEAT_MS + REPLY_TIMEOUT_MS + 1_500);
  assert.ok(heartbeats(sockets[0]) >= 1);
  assert.equal(closes.length, 1);
  connection.close();
});

test('a server that answers keeps its socket, however long the tab streams', () => {
  const { connection, sockets, closes } = welcomed();
  let seq = 0;
  advance(30_000, () => {
    if (++seq % 4 === 0) {
      connection.send(`{"t":"events","seq":${seq}}`, true);
      sockets[0].serve({ t: 'ack', seq });
    }
    if (sockets[0].written.at(-1) === '{"t":"heartbeat"}') {
      sockets[0].serve({ t: 'heartbeat' });
    }
  });
  assert.equal(closes.length, 0);
  assert.equal(sockets.length, 1);
  connection.close();
});

test('a large batch still leaving the page is not the server\'s silence; once its bytes stop, it is', () => {
  const { connection, sockets, closes } = welcomed();
  const socket = sockets[0];
  socket.bufferedAmount = 5_000_000;
  connection.send('{"t":"events","seq":1,"snapshot":true}', true);

  advance(3 * REPLY_TIMEOUT_MS, () => {
    socket.bufferedAmount = Math.max(1_000, socket.bufferedAmount - 10_000);
  });
  assert.equal(closes.length, 0, 'given up while the upload was going on');

  advance(2 * REPLY_TIMEOUT_MS);
  assert.equal(closes.length, 1, 'not given up when the bytes stopped leaving');
  connection.close();
});

test('a page that was asleep gives the server a whole replyTimeoutMs from when it wakes', () => {
  const { connection, closes } = welcomed();
  connection.send('{"t":"events","seq":1}', true);
  mock.timers.setTime(Date.now() + 60_000);

  advance(REPLY_TIMEOUT_MS - 1_500);
  assert.equal(closes.length, 0, 'given up for the time the page slept');

  advance(REPLY_TIMEOUT_MS);
  assert.equal(closes.length, 1);
  connection.close();
});

test('a server whose welcome has no replyTimeoutMs (it does not answer heartbeats) is never given up', () => {
  const { replyTimeoutMs, ...older } = welcome();
  assert.equal(replyTimeoutMs, REPLY_TIMEOUT_MS);
  const { connection, sockets, closes } = welcomed(older);
  connection.send('{"t":"events","seq":1}', true);
  advance(60_000);
  assert.ok(heartbeats(sockets[0]) >= 10);
  assert.equal(closes.length, 0);
  connection.close();
});

test('a tab shown again reconnects at once instead of waiting out its backoff; a hidden one waits', () => {
  // the page's window and document, as far as the connection listens to them
  const page = { window: new EventTarget(), document: Object.assign(new EventTarget(), { visibilityState: 'hidden' }) };
  globalThis.window = page.window;
  globalThis.document = page.document;
  try {
    const { connection, sockets } = welcomed();
    sockets[0].onclose({ code: 1006, reason: '' });
    page.document.dispatchEvent(new Event('visibilitychange'));
    assert.equal(sockets.length, 1, 'a hidden tab waits out its backoff');

    page.document.visibilityState = 'visible';
    page.document.dispatchEvent(new Event('visibilitychange'));
    assert.equal(sockets.length, 2, 'shown again: connected at once');

    connection.close();
    sockets[1].onclose?.({ code: 1000, reason: '' });
    page.document.dispatchEvent(new Event('visibilitychange'));
    assert.equal(sockets.length, 2, 'a closed connection does not listen any more');
  } finally {
    delete globalThis.window;
    delete globalThis.document;
  }
});

/** A connection whose first socket was refused with `code` and closed with `closeCode`, never welcomed. */
function refused(code, closeCode) {
  const opening = opened();
  opening.sockets[0].serve({ t: 'error', code, message: 'refused' });
  opening.sockets[0].onclose({ code: closeCode, reason: code });
  return opening;
}

test('a hello that reached the server too late (HELLO_TIMEOUT, 1013) is tried again within the ordinary backoff', () => {
  const { connection, sockets } = refused('HELLO_TIMEOUT', 1013);
  advance(10_000);
  assert.equal(sockets.length, 2);
  connection.close();
});

test('a policy refusal (1008: an origin not allowed) waits minutes, not the ordinary backoff', () => {
  const { connection, sockets } = refused('ORIGIN_NOT_ALLOWED', 1008);
  advance(60_000);
  assert.equal(sockets.length, 1);
  mock.timers.tick(5 * 60_000);
  assert.equal(sockets.length, 2);
  connection.close();
});
