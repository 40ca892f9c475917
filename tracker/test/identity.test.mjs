import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ID_PATTERN, Identity, MemoryStore, SESSION_KEY, TAB_KEY, isValidId, newId } from '../dist/units/identity.mjs';

test('ids are 8-64 characters of [A-Za-z0-9_-]', () => {
  assert.equal(isValidId('abcdefgh'), true);
  assert.equal(isValidId('a'.repeat(64)), true);
  assert.equal(isValidId('A-b_9xyZ'), true);
  assert.equal(isValidId('abcdefg'), false, 'too short');
  assert.equal(isValidId('a'.repeat(65)), false, 'too long');
  assert.equal(isValidId('abcd efgh'), false);
  assert.equal(isValidId('abcdéfgh'), false);
  assert.equal(isValidId('abcd.efgh'), false);
  assert.equal(isValidId(12345678), false);
  assert.equal(isValidId(null), false);
});

test('new ids are valid and distinct', () => {
  const seen = new Set();
  for (let i = 0; i < 1000; i++) {
    const id = newId(i % 2 ? 's-' : 't-');
    assert.match(id, ID_PATTERN);
    assert.equal(id.length, 22);
    seen.add(id);
  }
  assert.equal(seen.size, 1000);
  assert.equal(newId('s-', (n) => new Uint8Array(n).fill(255)), 's-' + '-'.repeat(20));
});

function browser(now = () => 1_000_000) {
  return { local: new MemoryStore(), session: new MemoryStore(), now };
}

test('tabs of one browser share the session id; each tab has its own tab id', () => {
  const local = new MemoryStore();
  const a = new Identity({ local, session: new MemoryStore(), now: () => 1000 });
  const b = new Identity({ local, session: new MemoryStore(), now: () => 2000 });
  assert.equal(a.sessionId, b.sessionId);
  assert.notEqual(a.tabId, b.tabId);
  assert.match(a.sessionId, /^s-/);
  assert.match(a.tabId, /^t-/);
});

test('a page load within the tab keeps the tab id and the seq counter', () => {
  const stores = browser();
  const first = new Identity(stores);
  assert.equal(first.nextSeq(), 1);
  assert.equal(first.nextSeq(), 2);
  const reloaded = new Identity(stores);
  assert.equal(reloaded.tabId, first.tabId);
  assert.equal(reloaded.sessionId, first.sessionId);
  assert.equal(reloaded.lastSeq, 2);
  assert.equal(reloaded.nextSeq(), 3);
});

test('the counter never falls behind what the server holds', () => {
  const identity = new Identity(browser());
  identity.nextSeq();
  identity.advanceTo(40);
  assert.equal(identity.nextSeq(), 41);
  identity.advanceTo(3);
  assert.equal(identity.nextSeq(), 42);
});

test('invalid stored ids are replaced', () => {
  const stores = browser();
  stores.local.setItem(SESSION_KEY, JSON.stringify({ id: 'bad id!', at: 1_000_000 }));
  stores.session.setItem(TAB_KEY, '{not json');
  const identity = new Identity(stores);
  assert.ok(isValidId(identity.sessionId));
  assert.ok(isValidId(identity.tabId));
  assert.equal(identity.lastSeq, 0);
});

test('a session idle for longer than the limit starts over, with a new tab', () => {
  let now = 0;
  const stores = browser(() => now);
  const first = new Identity({ ...stores, sessionIdleMs: 60_000 });
  first.nextSeq();
  now = 59_000;
  const soon = new Identity({ ...stores, sessionIdleMs: 60_000 });
  assert.equal(soon.sessionId, first.sessionId);
  now = 59_000 + 61_000;
  const later = new Identity({ ...stores, sessionIdleMs: 60_000 });
  assert.notEqual(later.sessionId, first.sessionId);
  assert.notEqual(later.tabId, first.tabId);
  assert.equal(later.lastSeq, 0);
});

test('a duplicated tab renews its tab id and starts counting again', () => {
  const identity = new Identity(browser());
  const before = identity.tabId;
  identity.nextSeq();
  identity.renewTab();
  assert.notEqual(identity.tabId, before);
  assert.ok(isValidId(identity.tabId));
  assert.equal(identity.nextSeq(), 1);
});

test('storage that throws degrades to memory', () => {
  const broken = {
    getItem() {
      throw new Error('SecurityError');
    },
    setItem() {
      throw new Error('QuotaExceededError');
    },
  };
  const identity = new Identity({ local: broken, session: broken });
  assert.ok(isValidId(identity.sessionId));
  assert.equal(identity.nextSeq(), 1);
  assert.equal(identity.nextSeq(), 2);
});

test('every tab of a browser session shares a secret of at least 128 bits that a page load keeps', () => {
  const local = new MemoryStore();
  const a = new Identity({ local, session: new MemoryStore(), now: () => 1000 });
  const b = new Identity({ local, session: new MemoryStore(), now: () => 2000 });
  assert.equal(a.sessionSecret, b.sessionSecret);
  assert.match(a.sessionSecret, /^[A-Za-z0-9_-]{22,128}$/);
  assert.ok(!a.sessionSecret.includes(a.sessionId) && !a.sessionId.includes(a.sessionSecret));
  const stores = browser();
  const first = new Identity(stores);
  assert.equal(new Identity(stores).sessionSecret, first.sessionSecret);
});

test('a stored session without a secret (an older tracker) starts over', () => {
  const stores = browser();
  stores.local.setItem(SESSION_KEY, JSON.stringify({ id: 's-olderTrackerSession1', at: 1_000_000 }));
  const identity = new Identity(stores);
  assert.notEqual(identity.sessionId, 's-olderTrackerSession1');
  assert.match(identity.sessionSecret, /^[A-Za-z0-9_-]{22,128}$/);
});

test('a refused session is replaced by a new one, which the other tabs of the browser join', () => {
  const local = new MemoryStore();
  const a = new Identity({ local, session: new MemoryStore() });
  const b = new Identity({ local, session: new MemoryStore() });
  const refused = { id: a.sessionId, secret: a.sessionSecret, tab: a.tabId };
  a.nextSeq();
  a.renewSession();
  assert.notEqual(a.sessionId, refused.id);
  assert.notEqual(a.sessionSecret, refused.secret);
  assert.notEqual(a.tabId, refused.tab);
  assert.equal(a.nextSeq(), 1);
  b.renewSession();
  assert.equal(b.sessionId, a.sessionId, 'the second refused tab joins the first one\'s new session');
  assert.equal(b.sessionSecret, a.sessionSecret);
  assert.equal(new Identity({ local, session: new MemoryStore() }).sessionId, a.sessionId);
});
