// The console's socket (src/connection.ts): hello, reconnects with backoff, rejoining, the list
// window across reconnects, and the errors that end it. Sockets, timers and the online event are
// fakes handed in through ConnectionHost: the tests decide when anything happens.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgentConnection, RECONNECT } from '../dist-units/connection.mjs';
import { PROTOCOL_VERSION, SERVICE_RESTART_CLOSE } from '../dist-units/protocol.mjs';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

class FakeSocket {
  readyState = CONNECTING;
  sent = [];
  closedWith = null;
  onopen = null;
  onmessage = null;
  onclose = null;
  onerror = null;

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  close(code, reason) {
    this.closedWith = { code, reason };
    this.readyState = CLOSED;
  }

  /** The server accepted the socket. */
  open() {
    this.readyState = OPEN;
    this.onopen?.({});
  }

  receive(frame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  /** The socket dropped (or never opened). */
  drop(code = 1006) {
    this.readyState = CLOSED;
    this.onclose?.({ code, reason: '' });
  }

  types() {
    return this.sent.map((frame) => frame.t);
  }
}

/** A ConnectionHost whose sockets, timers and online event the test drives. */
class FakeHost {
  sockets = [];
  timers = [];
  onlineListeners = new Set();
  failNextSocket = false;
  clock = 1_000_000;

  constructor(random = () => 0) {
    this.random = random;
  }

  socket() {
    if (this.failNextSocket) {
      this.failNextSocket = false;
      throw new SyntaxError('refused by the browser');
    }
    const socket = new FakeSocket();
    this.sockets.push(socket);
    return socket;
  }

  later(task, ms) {
    const timer = { task, ms, at: this.clock + ms, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  now() {
    return this.clock;
  }

  /** Moves the clock by `ms` and runs, in order, the timers that fall due meanwhile (each at its time). */
  advance(ms) {
    const end = this.clock + ms;
    for (;;) {
      const due = this.pending().filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.clock = Math.max(this.clock, due.at);
      due.fired = true;
      due.task();
    }
    this.clock = end;
  }

  whenOnline(listener) {
    this.onlineListeners.add(listener);
    return () => this.onlineListeners.delete(listener);
  }

  get latest() {
    return this.sockets.at(-1);
  }

  pending() {
    return this.timers.filter((t) => !t.cancelled && !t.fired);
  }

  /** Runs the one pending timer (a reconnect) and returns its delay. */
  fire() {
    const pending = this.pending();
    assert.equal(pending.length, 1, `one pending timer, found ${pending.length}`);
    const [timer] = pending;
    timer.fired = true;
    timer.task();
    return timer.ms;
  }

  online() {
    for (const listener of this.onlineListeners) {
      listener();
    }
  }
}

/** A listener that records every call; `held` answers what `heldSeqs` gives for the room (nothing by default). */
function recorder(heldSeqs = {}) {
  const calls = [];
  const listener = new Proxy(
    {},
    {
      get: (_, method) => (...args) => {
        calls.push([method, ...args]);
        return method === 'held' ? (heldSeqs[args[0]] ?? {}) : undefined;
      },
    },
  );
  return { calls, listener, of: (method) => calls.filter(([m]) => m === method).map(([, ...args]) => args) };
}

const welcome = { t: 'welcome', agent: { id: 'ag-1', name: 'Ann', roles: ['agent'] } };
const session = (room) => ({ room, projectId: 'shop', startedAt: 1, state: 'idle', tabs: [], agents: [] });

function connect({ random, expired = () => false, held = {} } = {}) {
  const host = new FakeHost(random);
  const record = recorder(held);
  const tokens = { current: 'token-1' };
  const connection = new AgentConnection(() => tokens.current, record.listener, expired, host);
  return { host, record, tokens, connection };
}

/** Opens the newest socket and welcomes it (with `frame`, the plain welcome by default). */
function welcomeLatest(host, frame = welcome) {
  const socket = host.latest;
  socket.open();
  socket.receive(frame);
  return socket;
}

/** A welcome that says how long the console is to wait for an answer. */
const answering = { ...welcome, replyTimeoutMs: 4_000 };

test('says hello with the token, then asks for the list and joins its rooms once welcomed', () => {
  const { host, record, connection } = connect();
  connection.join('room-a'); // before the socket is up: joined once welcomed
  connection.start();
  assert.equal(host.sockets.length, 1);
  const socket = host.latest;
  socket.open();
  assert.deepEqual(socket.sent, [{ t: 'hello', v: PROTOCOL_VERSION, token: 'token-1' }]);
  assert.equal(connection.ready, false, 'not ready before the welcome');
  socket.receive(welcome);
  assert.equal(connection.ready, true);
  assert.equal(connection.status, 'open');
  assert.deepEqual(record.of('status'), [['open']]);
  assert.deepEqual(record.of('welcome'), [[welcome.agent]]);
  assert.deepEqual(socket.types(), ['hello', 'list', 'join']);
  assert.deepEqual(socket.sent[2], { t: 'join', room: 'room-a' });
  connection.join('room-b');
  assert.deepEqual(socket.sent.at(-1), { t: 'join', room: 'room-b' });
});

test('reconnect delays double from 250–500 ms up to 7.5–15 s, and start over after a welcome', () => {
  const low = connect({ random: () => 0 });
  low.connection.start();
  const delays = [];
  for (let i = 0; i < 7; i++) {
    low.host.latest.drop();
    delays.push(low.host.fire());
  }
  assert.deepEqual(delays, [250, 500, 1000, 2000, 4000, 7500, 7500]);
  assert.equal(low.host.sockets.length, 8, 'one new socket per delay');
  assert.deepEqual(low.record.of('status'), [['reconnecting']]);
  welcomeLatest(low.host);
  low.host.latest.drop();
  assert.equal(low.host.fire(), 250, 'a welcomed socket starts the backoff over');

  const high = connect({ random: () => 0.999_999_9 });
  high.connection.start();
  const highDelays = [];
  for (let i = 0; i < 6; i++) {
    high.host.latest.drop();
    highDelays.push(high.host.fire());
  }
  assert.deepEqual(highDelays, [499, 999, 1999, 3999, 7999, 14_999]);
  assert.equal(RECONNECT.maxMs, 15_000);
});

test('a service restart close skips the backoff reached so far', () => {
  const { host, connection } = connect();
  connection.start();
  host.latest.drop();
  host.fire();
  host.latest.drop();
  host.fire();
  host.latest.drop();
  assert.equal(host.fire(), 1000);
  host.latest.open();
  host.latest.drop(SERVICE_RESTART_CLOSE);
  assert.equal(host.fire(), 250);
});

test('a socket the browser refuses to create is retried with the backoff', () => {
  const { host, connection } = connect();
  host.failNextSocket = true;
  connection.start();
  assert.equal(host.sockets.length, 0);
  assert.equal(connection.status, 'reconnecting');
  assert.equal(host.fire(), 250);
  assert.equal(host.sockets.length, 1);
});

test('a join again names the last seq held of each tab, so the node sends only what follows; a room with none is joined plainly', () => {
  const held = { 'room-a': { 'tab-0001': 42, 'tab-0002': 7 } };
  const { host, connection } = connect({ held });
  connection.start();
  const first = welcomeLatest(host);
  connection.join('room-a');
  connection.join('room-b');
  first.drop();
  host.fire();
  const second = welcomeLatest(host);
  assert.deepEqual(
    second.sent.filter((f) => f.t === 'join'),
    [{ t: 'join', room: 'room-a', since: { 'tab-0001': 42, 'tab-0002': 7 } }, { t: 'join', room: 'room-b' }],
  );
});

test('after a reconnect: hello with the newest token, the list asked again, the rooms joined again', () => {
  const { host, record, tokens, connection } = connect();
  connection.start();
  const first = welcomeLatest(host);
  connection.join('room-a');
  connection.join('room-b');
  connection.join('room-c');
  connection.leave('room-b');
  first.receive({ t: 'ended', room: 'room-c', reason: 'user_left' });
  const firstList = first.sent.find((f) => f.t === 'list');
  first.receive({ t: 'listChanged', total: 1, id: firstList.id, window: [session('room-a')], added: [], changed: [], removed: [] });
  assert.deepEqual(record.of('sessions').map(([sessions, total]) => [sessions.map((s) => s.room), total]), [[['room-a'], 1]]);

  tokens.current = 'token-2';
  first.drop();
  assert.equal(connection.ready, false);
  assert.equal(connection.status, 'reconnecting');
  assert.equal(connection.sendFrame({ t: 'leave', room: 'room-a' }), false, 'nothing is sent without a socket');
  host.fire();
  const second = welcomeLatest(host);
  assert.deepEqual(second.sent[0], { t: 'hello', v: PROTOCOL_VERSION, token: 'token-2' });
  const secondList = second.sent.find((f) => f.t === 'list');
  assert.ok(secondList.id > firstList.id, 'the list is asked again, under a new id');
  assert.deepEqual(
    second.sent.filter((f) => f.t === 'join').map((f) => f.room),
    ['room-a'],
    'not the room left, nor the room that ended',
  );
  assert.deepEqual(record.of('status'), [['open'], ['reconnecting'], ['open']]);

  // a delta for the old request's window is dropped; the new window is taken
  second.receive({ t: 'listChanged', total: 2, added: [session('late')], changed: [], removed: [] });
  assert.equal(record.of('sessions').length, 1);
  second.receive({ t: 'listChanged', total: 0, id: secondList.id, window: [], added: [], changed: [], removed: [] });
  assert.deepEqual(record.of('sessions').at(-1).slice(0, 2), [[], 0]);
});

test('a refused join is not asked again after a reconnect; a NOT_JOINED error changes nothing', () => {
  const { host, record, connection } = connect();
  connection.start();
  const first = welcomeLatest(host);
  connection.join('room-a');
  connection.join('room-full');
  first.receive({ t: 'error', code: 'ROOM_FULL', message: 'full', room: 'room-full' });
  first.receive({ t: 'error', code: 'NOT_JOINED', message: 'not joined', room: 'room-a' });
  assert.deepEqual(record.of('error').map(([frame]) => frame.code), ['ROOM_FULL', 'NOT_JOINED']);
  assert.deepEqual(connection.rooms, ['room-a']);
  first.drop();
  host.fire();
  const second = welcomeLatest(host);
  assert.deepEqual(second.sent.filter((f) => f.t === 'join').map((f) => f.room), ['room-a']);
});

test('back online: a pending reconnect happens at once', () => {
  const { host, connection } = connect();
  connection.start();
  welcomeLatest(host);
  host.online();
  assert.equal(host.sockets.length, 1, 'online while connected opens nothing');
  host.latest.drop();
  assert.equal(host.pending().length, 1);
  host.online();
  assert.equal(host.sockets.length, 2, 'a new socket without waiting out the delay');
  assert.equal(host.pending().length, 0, 'the delay is cancelled');
});

for (const code of ['UNAUTHORIZED', 'AGENT_REVOKED', 'TOKEN_REVOKED']) {
  test(`${code} ends the connection for good: no reconnect`, () => {
    const { host, record, connection } = connect();
    connection.start();
    const socket = welcomeLatest(host);
    socket.receive({ t: 'error', code, message: 'no' });
    assert.deepEqual(record.of('unauthorized'), [[code, 'no']]);
    assert.equal(connection.status, 'closed');
    assert.deepEqual(socket.closedWith, { code: 1000, reason: 'logout' });
    socket.drop();
    host.online();
    assert.equal(host.pending().length, 0);
    assert.equal(host.sockets.length, 1);
    assert.equal(host.onlineListeners.size, 0, 'the online listener is removed');
  });
}

test('TOKEN_EXPIRED ends it only when no fresher token is at hand', () => {
  let expired = false;
  const { host, record, tokens, connection } = connect({ expired: () => expired });
  connection.start();
  const first = welcomeLatest(host);
  // a fresher token came too late for this socket: the close that follows reconnects with it
  tokens.current = 'token-2';
  first.receive({ t: 'error', code: 'TOKEN_EXPIRED', message: 'expired' });
  assert.deepEqual(record.of('unauthorized'), []);
  assert.deepEqual(record.of('error'), []);
  first.drop();
  host.fire();
  const second = welcomeLatest(host);
  assert.equal(second.sent[0].token, 'token-2');
  expired = true;
  second.receive({ t: 'error', code: 'TOKEN_EXPIRED', message: 'expired' });
  assert.deepEqual(record.of('unauthorized'), [['TOKEN_EXPIRED', 'expired']]);
  assert.equal(connection.status, 'closed');
});

test('a token expired before a reconnect: no socket is opened with it', () => {
  let expired = false;
  const { host, record, connection } = connect({ expired: () => expired });
  connection.start();
  welcomeLatest(host).drop();
  expired = true;
  host.fire();
  assert.equal(host.sockets.length, 1);
  assert.deepEqual(record.of('unauthorized'), [['TOKEN_EXPIRED', 'Your session has expired.']]);
  assert.equal(connection.status, 'closed');
});

test('close() stops for good: the pending reconnect is cancelled', () => {
  const { host, record, connection } = connect();
  connection.start();
  welcomeLatest(host).drop();
  assert.equal(host.pending().length, 1);
  connection.close();
  assert.equal(host.pending().length, 0);
  assert.equal(connection.status, 'closed');
  assert.deepEqual(record.of('status').at(-1), ['closed']);
  host.online();
  assert.equal(host.sockets.length, 1);
});

test('a history frame hands its batches on as events frames, oldest first', () => {
  const { host, record, connection } = connect();
  connection.start();
  const socket = welcomeLatest(host);
  const batch = (seq) => ({ t: 'events', room: 'room-a', tab: 'tab-1', seq, snapshot: seq === 1, d: [{ type: 3, timestamp: seq, data: {} }] });
  socket.receive({ t: 'history', room: 'room-a', tab: 'tab-1', batches: [batch(1), batch(2), batch(3)] });
  socket.receive(batch(4));
  assert.deepEqual(record.of('events').map(([frame]) => [frame.room, frame.tab, frame.seq, frame.snapshot]), [
    ['room-a', 'tab-1', 1, true],
    ['room-a', 'tab-1', 2, false],
    ['room-a', 'tab-1', 3, false],
    ['room-a', 'tab-1', 4, false],
  ]);
});

test('frames the console does not understand are ignored; a late frame of a dropped socket too', () => {
  const { host, record, connection } = connect();
  connection.start();
  const first = welcomeLatest(host);
  first.onmessage({ data: 'not json' });
  first.receive({ t: 'no-such-frame' });
  first.receive({ t: 'events', room: 'r' }); // fields missing
  assert.equal(record.calls.filter(([m]) => m !== 'status' && m !== 'welcome').length, 0);
  const onclose = first.onclose;
  first.drop();
  host.fire();
  onclose({ code: 1006, reason: '' }); // the old socket's close, once more
  assert.equal(host.pending().length, 0, 'only the current socket schedules a reconnect');
});

test('a node that stops answering: a heartbeat after a quiet half of replyTimeoutMs, the socket given up after the whole, and a new one joins the rooms again', () => {
  const { host, record, connection } = connect();
  connection.join('room-a');
  connection.start();
  const socket = welcomeLatest(host, answering);

  host.advance(1_999);
  assert.equal(socket.types().includes('heartbeat'), false, 'a heartbeat before a quiet half');
  host.advance(1);
  assert.equal(socket.types().at(-1), 'heartbeat');
  host.advance(1_999);
  assert.equal(connection.ready, true, 'given up before replyTimeoutMs');
  host.advance(1);
  assert.equal(connection.ready, false);
  assert.deepEqual(socket.closedWith, { code: 1000, reason: 'no answer from the server' });
  assert.deepEqual(record.of('status').at(-1), ['reconnecting']);

  host.fire();
  const next = welcomeLatest(host);
  assert.notEqual(next, socket);
  assert.deepEqual(next.types(), ['hello', 'list', 'join']);
});

test('a server that answers keeps the socket: its heartbeats answered, or its frames coming anyway', () => {
  const { host, connection } = connect();
  connection.start();
  const socket = welcomeLatest(host, answering);
  const heartbeats = () => socket.types().filter((t) => t === 'heartbeat').length;
  let answered = 0;
  for (let second = 0; second < 60; second++) {
    host.advance(1_000);
    if (heartbeats() > answered) {
      socket.receive({ t: 'heartbeat' });
      answered = heartbeats();
    }
  }
  assert.equal(connection.ready, true);
  assert.equal(host.sockets.length, 1);
  assert.ok(answered >= 20, 'a quiet console says heartbeat every half replyTimeoutMs');

  for (let tenth = 0; tenth < 600; tenth++) {
    host.advance(100);
    socket.receive({ t: 'refreshed', expiresAt: 1 });
  }
  assert.equal(connection.ready, true);
});

test('a console that was asleep gives the server the whole replyTimeoutMs from when it wakes', () => {
  const { host, connection } = connect();
  connection.start();
  const socket = welcomeLatest(host, answering);
  host.clock += 60_000; // the tab slept: its timers did not run
  host.advance(1);
  assert.equal(connection.ready, true, 'given up for the time the console slept');
  host.advance(3_000);
  assert.equal(connection.ready, true);
  host.advance(1_500);
  assert.equal(connection.ready, false);
});

test('a welcome without replyTimeoutMs (a server that does not answer heartbeats): no heartbeat, never given up', () => {
  const { host, connection } = connect();
  connection.start();
  const socket = welcomeLatest(host);
  assert.equal(host.pending().length, 0, 'nothing to look at');
  assert.equal(connection.ready, true);
  assert.deepEqual(socket.types(), ['hello', 'list']);
});
