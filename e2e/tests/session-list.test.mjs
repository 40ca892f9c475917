// Issue #14: the console's session list is a window the node serves. Real Chromium, real node:
// twelve live sessions, a page of ten with its total, paging, and a search by user id that the node runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openConsole } from '../lib/browser.mjs';

const suite = nodeAndBrowser();
const SESSIONS = 12;

/** Opens `count` tabs' tracker sockets from a page of the node's origin, each its own session and user; they stay open. */
async function openTabs(context, origin, count) {
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.evaluate(async (n) => {
    window.__tabs = [];
    await Promise.all(Array.from({ length: n }, (_, i) => new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://${location.host}/ws/tracker`);
      window.__tabs.push(ws);
      ws.onopen = () => ws.send(JSON.stringify({
        t: 'hello', v: 1, projectKey: 'demo-key', sessionId: `list-e2e-${String(i).padStart(2, '0')}`,
        sessionSecret: `secret-of-list-e2e-session-${i}-kept-here`, tabId: `list-e2e-tab-${i}`, userId: `shopper-${i}`,
        page: { url: `https://shop.example/item/${i}`, title: `Item ${i}`, visible: true },
      }));
      ws.onmessage = (message) => (JSON.parse(message.data).t === 'welcome' ? resolve() : reject(new Error(message.data)));
    })));
  }, count);
  return page;
}

const rows = (consolePage) => consolePage.locator('[data-testid="session-row"]');
const total = (consolePage) => consolePage.textContent('[data-testid="session-total"]');
const rooms = (consolePage) => rows(consolePage).evaluateAll((items) => items.map((item) => item.getAttribute('data-room')));

test('the console pages through the sessions and finds one by user id, searched on the node', async () => {
  await openTabs(await suite.browser.newContext(), suite.node.origin, SESSIONS);
  const consolePage = await openConsole(await suite.browser.newContext(), suite.node.origin);

  await until(async () => (await total(consolePage)) === `1–10 of ${SESSIONS}`, { what: 'the first page of ten' });
  assert.equal(await rows(consolePage).count(), 10);
  const firstPage = await rooms(consolePage);
  assert.equal(await consolePage.isDisabled('[data-testid="page-previous"]'), true);

  await consolePage.click('[data-testid="page-next"]');
  await until(async () => (await total(consolePage)) === `11–12 of ${SESSIONS}`, { what: 'the second page' });
  assert.equal(await rows(consolePage).count(), 2);
  const secondPage = await rooms(consolePage);
  assert.deepEqual([...firstPage, ...secondPage].sort(), Array.from({ length: SESSIONS }, (_, i) => `list-e2e-${String(i).padStart(2, '0')}`));
  assert.equal(await consolePage.isDisabled('[data-testid="page-next"]'), true);

  await consolePage.click('[data-testid="page-previous"]');
  await until(async () => (await total(consolePage)) === `1–10 of ${SESSIONS}`, { what: 'the first page again' });
  assert.deepEqual(await rooms(consolePage), firstPage);

  await consolePage.fill('#session-search', 'Shopper-7');
  await until(async () => (await total(consolePage)) === '1–1 of 1', { what: 'one session found' });
  assert.deepEqual(await rooms(consolePage), ['list-e2e-07']);
  assert.match(await rows(consolePage).first().textContent(), /shopper-7/);

  await consolePage.fill('#session-search', 'no-such-shopper');
  await until(async () => (await total(consolePage)) === '0', { what: 'nothing found' });
  assert.match(await consolePage.textContent('.session-empty'), /No session matches the search/);

  await consolePage.fill('#session-search', '');
  await until(async () => (await rows(consolePage).count()) === 10, { what: 'the first page after the search is cleared' });
});
