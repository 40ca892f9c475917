// The session-list reducer (src/list-window.ts): the `list` request and the node's `listChanged`
// frames, whole windows and deltas.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIRST_PAGE, ListWindow } from '../dist-units/list-window.mjs';

const session = (room, startedAt, extra = {}) => ({
  room,
  projectId: 'shop',
  userId: null,
  metadata: {},
  startedAt,
  state: 'idle',
  tabs: [],
  agents: [],
  ...extra,
});
const windowFrame = (id, sessions, total = sessions.length) => ({ t: 'listChanged', total, id, window: sessions, added: [], changed: [], removed: [] });
const delta = ({ total, added = [], changed = [], removed = [] }) => ({ t: 'listChanged', total, added, changed, removed });
const rooms = (list) => list.sessions().map((s) => s.room);

test('each request gets a new id and carries its query', () => {
  const list = new ListWindow();
  assert.deepEqual(list.ask(FIRST_PAGE), { t: 'list', id: 1, search: '', sort: 'newest', offset: 0, limit: 10 });
  const query = { search: 'alice', sort: 'user', offset: 20, limit: 10 };
  assert.deepEqual(list.ask(query), { t: 'list', id: 2, ...query });
  assert.deepEqual(list.query, query);
});

test('a whole window answering the newest request replaces the entries, sorted newest first', () => {
  const list = new ListWindow();
  const { id } = list.ask(FIRST_PAGE);
  assert.equal(list.apply(windowFrame(id, [session('old', 1), session('new', 3), session('b', 2), session('a', 2)], 57)), true);
  assert.deepEqual(rooms(list), ['new', 'a', 'b', 'old'], 'equal start times are ordered by room id');
  assert.equal(list.total, 57);
  assert.equal(list.apply(windowFrame(id, [session('only', 9)], 1)), true);
  assert.deepEqual(rooms(list), ['only']);
});

test('frames for an earlier request are dropped until the newest window arrives', () => {
  const list = new ListWindow();
  const first = list.ask(FIRST_PAGE);
  list.apply(windowFrame(first.id, [session('a', 1)], 1));
  const second = list.ask({ ...FIRST_PAGE, search: 'b' });
  // a delta still about the first request's window, then the first request's window resent
  assert.equal(list.apply(delta({ total: 2, added: [session('x', 5)] })), false);
  assert.equal(list.apply(windowFrame(first.id, [session('a', 1), session('x', 5)], 2)), false);
  assert.deepEqual(rooms(list), ['a']);
  assert.equal(list.total, 1);
  assert.equal(list.apply(windowFrame(second.id, [session('b', 2)], 1)), true);
  assert.deepEqual(rooms(list), ['b']);
  assert.equal(list.apply(delta({ total: 2, added: [session('b2', 3)] })), true);
  assert.deepEqual(rooms(list), ['b2', 'b']);
});

test('a delta before any window is dropped', () => {
  const list = new ListWindow();
  list.ask(FIRST_PAGE);
  assert.equal(list.apply(delta({ total: 1, added: [session('a', 1)] })), false);
  assert.deepEqual(rooms(list), []);
  assert.equal(list.total, 0);
});

test('a delta adds, removes and changes entries, and sets the total', () => {
  const list = new ListWindow();
  const { id } = list.ask(FIRST_PAGE);
  list.apply(windowFrame(id, [session('a', 1), session('b', 2), session('c', 3)], 3));
  const applied = list.apply(
    delta({
      total: 3,
      added: [session('d', 4)],
      removed: ['b'],
      changed: [
        { room: 'a', state: 'streaming', agents: [{ id: 'ag-1', name: 'Ann' }] },
        { room: 'gone', state: 'streaming' },
      ],
    }),
  );
  assert.equal(applied, true);
  assert.deepEqual(rooms(list), ['d', 'c', 'a']);
  const a = list.sessions().find((s) => s.room === 'a');
  assert.equal(a.state, 'streaming');
  assert.deepEqual(a.agents, [{ id: 'ag-1', name: 'Ann' }]);
  assert.equal(a.startedAt, 1, 'fields not in the delta are kept');
  assert.equal(list.sessions().some((s) => s.room === 'gone'), false, 'a change to an entry not in the window adds nothing');
  assert.equal(list.total, 3);
});

test('a session removed and added back in one delta stays, with its new fields', () => {
  const list = new ListWindow();
  const { id } = list.ask(FIRST_PAGE);
  list.apply(windowFrame(id, [session('a', 1)], 1));
  list.apply(delta({ total: 1, removed: ['a'], added: [session('a', 1, { state: 'disconnected' })] }));
  assert.deepEqual(list.sessions().map((s) => [s.room, s.state]), [['a', 'disconnected']]);
});

test('the window is ordered by the query’s sort: oldest, or by user with anonymous sessions last', () => {
  const list = new ListWindow();
  const entries = [session('n1', 1), session('u-bob', 2, { userId: 'bob' }), session('u-al', 3, { userId: 'alice' }), session('n2', 4)];
  let { id } = list.ask({ ...FIRST_PAGE, sort: 'oldest' });
  list.apply(windowFrame(id, entries));
  assert.deepEqual(rooms(list), ['n1', 'u-bob', 'u-al', 'n2']);
  ({ id } = list.ask({ ...FIRST_PAGE, sort: 'user' }));
  list.apply(windowFrame(id, entries));
  assert.deepEqual(rooms(list), ['u-al', 'u-bob', 'n2', 'n1']);
});

test('clear forgets the window: a delta needs a new window first', () => {
  const list = new ListWindow();
  const { id } = list.ask(FIRST_PAGE);
  list.apply(windowFrame(id, [session('a', 1)], 1));
  list.clear();
  assert.deepEqual(rooms(list), []);
  assert.equal(list.total, 0);
  assert.equal(list.apply(delta({ total: 1, added: [session('b', 2)] })), false);
});
