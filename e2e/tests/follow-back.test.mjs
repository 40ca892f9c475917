// Issue 16 (reliability): a watched session that ended because its user went away is followed by
// the console. When the same session comes back (its tab reconnects after the grace, or the user
// opens the site again in the same browser), the console joins it again by itself, in the same
// place in the grid. A session an administrator ended is not followed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openDemo, openConsole, join, inReplay, liveView } from '../lib/browser.mjs';

const GRACE_MS = 1000;
/** The console's first ask after an end comes within this (webapp/src/follow-back.ts, FOLLOW_BACK.initialMs). */
const FIRST_ASK_WITHIN_MS = 2000;
const suite = nodeAndBrowser({ env: { TANDEM_ROOMS_EMPTY_GRACE_MS: String(GRACE_MS), TANDEM_ROOMS_RECONNECT_GRACE_MS: String(GRACE_MS) } });

const badge = (consolePage, room) => liveView(consolePage, room).locator('[data-testid="badge"]').getAttribute('data-badge');
const endNote = (consolePage, room) => liveView(consolePage, room).locator('[data-testid="end-note"]');
const notesInReplay = (consolePage, room) => inReplay(consolePage, room, (doc) => doc.querySelector('#notes')?.value);
const shownRooms = (consolePage) => consolePage.locator('[data-testid="live-view"]').evaluateAll((views) => views.map((v) => v.dataset.room));

/** The `join` frames a console page sends, with the room and when. */
function joinsSent(page) {
  const joins = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      const frame = typeof payload === 'string' && payload.startsWith('{') ? JSON.parse(payload) : null;
      if (frame?.t === 'join') joins.push({ room: frame.room, at: Date.now() });
    }),
  );
  return joins;
}

async function typeAndSee(demo, consolePage, room, text) {
  await demo.fill('#notes', text);
  await until(async () => (await notesInReplay(consolePage, room)) === text, { timeoutMs: 20_000, what: `"${text}" in the replay of ${room}` });
}

test('a session whose user left and came back is joined again by the console, in the same place', async () => {
  const userContext = await suite.browser.newContext();
  const { page: first, sessionId } = await openDemo(userContext, suite.node.origin, 'returning-user');
  const staying = await openDemo(await suite.browser.newContext(), suite.node.origin, 'staying-user');
  const consolePage = await openConsole(await suite.browser.newContext({ viewport: { width: 1400, height: 900 } }), suite.node.origin);
  await join(consolePage, sessionId);
  await join(consolePage, staying.sessionId);
  await typeAndSee(first, consolePage, sessionId, 'before leaving');

  await first.close();
  await until(async () => (await badge(consolePage, sessionId)) === 'user left', { what: 'the view to say the user left' });
  assert.match(await endNote(consolePage, sessionId).textContent(), /Waiting for them to come back/);

  // the session list shows only the other user: the console's timed asks find the session, not the list
  await consolePage.fill('#session-search', 'staying-user');
  await consolePage.locator(`[data-testid="session-row"][data-room="${sessionId}"]`).waitFor({ state: 'detached' });
  const { page: back, sessionId: resumed } = await openDemo(userContext, suite.node.origin, 'returning-user');
  assert.equal(resumed, sessionId, 'the same browser goes on with its session');
  await typeAndSee(back, consolePage, sessionId, 'after coming back');
  assert.equal(await badge(consolePage, sessionId), 'live');
  assert.equal(await endNote(consolePage, sessionId).isHidden(), true, 'the end note went with the end');
  assert.deepEqual(await shownRooms(consolePage), [sessionId, staying.sessionId], 'the view came back in its place, once');
  assert.equal(await consolePage.locator(`[data-testid="session-row"][data-room="${sessionId}"]`).count(), 0, 'it was not in the list');
});

test('a session an administrator ended is not followed, while one whose user left is', async () => {
  const endedContext = await suite.browser.newContext();
  const leavingContext = await suite.browser.newContext();
  const ended = await openDemo(endedContext, suite.node.origin, 'ended-user');
  const leaving = await openDemo(leavingContext, suite.node.origin, 'leaving-user');
  let joins = [];
  const consolePage = await openConsole(await suite.browser.newContext({ viewport: { width: 1400, height: 900 } }), suite.node.origin, (page) => {
    joins = joinsSent(page);
  });
  await join(consolePage, ended.sessionId);
  await join(consolePage, leaving.sessionId);
  await until(async () => (await notesInReplay(consolePage, leaving.sessionId)) !== undefined, { what: 'the snapshot of the control session' });

  const token = (await (await fetch(`${suite.node.origin}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(AGENT),
  })).json()).token;
  const endedAt = Date.now();
  const terminated = await fetch(`${suite.node.origin}/api/admin/sessions/${ended.sessionId}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
  assert.equal(terminated.status, 204);
  await until(async () => /administrator ended/.test(await endNote(consolePage, ended.sessionId).textContent()), { what: 'the view to say an administrator ended it' });
  await ended.page.close();
  await leaving.page.close();
  await until(async () => /Waiting for them to come back/.test(await endNote(consolePage, leaving.sessionId).textContent()), { what: 'the control session to be followed' });

  // both users come back: the same browsers, the same sessions
  const endedBack = await openDemo(endedContext, suite.node.origin, 'ended-user');
  assert.equal(endedBack.sessionId, ended.sessionId);
  await consolePage.locator(`[data-testid="session-row"][data-room="${ended.sessionId}"]`).waitFor();
  // the control comes back into the session list, which the console follows at once
  const leavingBack = await openDemo(leavingContext, suite.node.origin, 'leaving-user');
  await typeAndSee(leavingBack.page, consolePage, leaving.sessionId, 'the control came back');
  assert.ok(Date.now() - endedAt >= FIRST_ASK_WITHIN_MS, 'long enough for a first ask of the ended session');

  assert.deepEqual(joins.filter((j) => j.room === ended.sessionId && j.at >= endedAt), [], 'the console asked for the session an administrator ended');
  assert.ok(joins.filter((j) => j.room === leaving.sessionId).length >= 2, 'the control session was joined again');
  assert.equal(await badge(consolePage, ended.sessionId), 'user left');
  assert.match(await endNote(consolePage, ended.sessionId).textContent(), /administrator ended/);
});
