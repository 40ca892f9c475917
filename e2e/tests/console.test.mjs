// Issue: agent console. Real Chromium, real node: the live list, replay fidelity, the sandbox,
// following tabs, the console panel and watching four sessions at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { until, artifacts } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openDemo, openConsole, join, inReplay, setVisible, liveView } from '../lib/browser.mjs';

const EMPTY_GRACE_MS = 1000;
const suite = nodeAndBrowser({ env: { TANDEM_ROOMS_EMPTY_GRACE_MS: String(EMPTY_GRACE_MS) } });
const screenshots = joinPath(artifacts, 'screenshots');
mkdirSync(screenshots, { recursive: true });

const row = (consolePage, room) => consolePage.locator(`[data-testid="session-row"][data-room="${room}"]`);
const replayValue = (consolePage, room, selector) =>
  inReplay(consolePage, room, (doc, sel) => doc.querySelector(sel)?.value, selector);

test('the list shows a new page and drops a closed one within 2 s, without reload', async () => {
  const consolePage = await openConsole(await suite.browser.newContext(), suite.node.origin);
  const { page: demo, sessionId } = await openDemo(await suite.browser.newContext(), suite.node.origin, 'list-user');
  await row(consolePage, sessionId).waitFor({ timeout: 2000 });

  await demo.close();
  await row(consolePage, sessionId).waitFor({ state: 'detached', timeout: 2000 });
  assert.equal(await consolePage.evaluate(() => performance.getEntriesByType('navigation').length), 1, 'the console reloaded');
});

test('after scripted DOM changes the replay matches the page', async () => {
  const { page: demo, sessionId } = await openDemo(await suite.browser.newContext(), suite.node.origin, 'fidelity-user');
  const consolePage = await openConsole(await suite.browser.newContext(), suite.node.origin);
  await join(consolePage, sessionId);
  await until(() => inReplay(consolePage, sessionId, (doc) => !!doc.querySelector('#items')), { what: 'the snapshot' });

  await demo.fill('#name', 'Ada Lovelace');
  await demo.fill('#email', 'ada@example.com');
  await demo.fill('#notes', 'two lines\nof notes');
  await demo.fill('#password', 'secret-pw');
  await demo.click('#add-item');
  await demo.click('#add-item');
  await demo.locator('#items li button').first().click();
  await demo.click('#counter');
  await demo.evaluate(() => {
    document.querySelector('#counter').setAttribute('data-state', 'clicked');
    document.querySelector('h1, header')?.classList.add('changed');
    window.scrollTo(0, 120);
  });

  const pageState = await demo.evaluate(() => ({
    values: Object.fromEntries(['#name', '#email', '#notes'].map((s) => [s, document.querySelector(s).value])),
    items: [...document.querySelectorAll('#items li')].map((li) => li.textContent.trim()),
    count: document.querySelector('#count').textContent,
    state: document.querySelector('#counter').getAttribute('data-state'),
    scrollY: Math.round(window.scrollY),
  }));
  const replayState = () => inReplay(consolePage, sessionId, (doc) => ({
    values: Object.fromEntries(['#name', '#email', '#notes'].map((s) => [s, doc.querySelector(s).value])),
    items: [...doc.querySelectorAll('#items li')].map((li) => li.textContent.trim()),
    count: doc.querySelector('#count').textContent,
    state: doc.querySelector('#counter').getAttribute('data-state'),
    scrollY: Math.round(doc.scrollingElement.scrollTop),
  }));
  let seen;
  await until(async () => {
    seen = JSON.stringify(await replayState());
    return seen === JSON.stringify(pageState);
  }, { what: `the replay to match ${JSON.stringify(pageState)}` }).catch((e) => {
    throw new Error(`${e.message}; the replay had ${seen}`);
  });
  assert.notEqual(await replayValue(consolePage, sessionId, '#password'), 'secret-pw');

  await demo.screenshot({ path: joinPath(artifacts, 'fidelity-page.png') });
  await consolePage.screenshot({ path: joinPath(artifacts, 'fidelity-replay.png') });
});

test('a recorded page whose scripts would touch the console runs no script there', async () => {
  const user = await suite.browser.newContext();
  const page = await user.newPage();
  await page.goto(`${suite.node.origin}/demo/sandbox.html`);
  await until(async () => (await page.textContent('#status')) === 'loaded', { what: 'the sandbox page to load' });
  const sessionId = await until(() => page.evaluate(() => window.Tandem.getSessionId()), { what: 'a session id' });
  assert.ok(await page.evaluate(() => window.__tandemPwned), 'the scripts did not even run on the user\'s page');

  const consolePage = await openConsole(await suite.browser.newContext(), suite.node.origin);
  await join(consolePage, sessionId);
  await until(async () => (await inReplay(consolePage, sessionId, (doc) => doc.querySelector('#status')?.textContent)) === 'loaded', {
    what: 'the sandbox page in the replay',
  });

  assert.equal(await consolePage.evaluate(() => window.__tandemPwned), undefined);
  const sandbox = await liveView(consolePage, sessionId).locator('[data-testid="replay"] iframe').getAttribute('sandbox');
  assert.ok(sandbox !== null && !sandbox.includes('allow-scripts'), `iframe sandbox is "${sandbox}"`);
});

test('the live view follows the tab the user looks at, until the agent pins one', async () => {
  const user = await suite.browser.newContext();
  const one = await openDemo(user, suite.node.origin, 'tabs-user');
  const two = await openDemo(user, suite.node.origin, 'tabs-user');
  await one.page.fill('#name', 'tab one');
  await two.page.fill('#name', 'tab two');
  const room = one.sessionId;
  const consolePage = await openConsole(await suite.browser.newContext(), suite.node.origin);
  await join(consolePage, room);
  const shows = (value) => until(async () => (await replayValue(consolePage, room, '#name')) === value, { what: `the replay to show "${value}"` });

  await setVisible(one.page, false);
  await setVisible(two.page, true);
  await shows('tab two');
  await setVisible(two.page, false);
  await setVisible(one.page, true);
  await shows('tab one');

  const twoTabId = await two.page.evaluate(() => window.Tandem.getTabId());
  await liveView(consolePage, room).locator(`[data-testid="tab"][data-tab="${twoTabId}"]`).click();
  await shows('tab two');
  await one.page.fill('#name', 'tab one again');
  await two.page.fill('#name', 'tab two, pinned');
  await shows('tab two, pinned');
});

test('the console panel shows the user\'s logs and errors, filterable by level', async () => {
  const { page: demo, sessionId } = await openDemo(await suite.browser.newContext(), suite.node.origin, 'panel-user');
  const consolePage = await openConsole(await suite.browser.newContext(), suite.node.origin);
  await join(consolePage, sessionId);
  const panel = liveView(consolePage, sessionId).locator('[data-testid="console-panel"]');
  await until(() => inReplay(consolePage, sessionId, (doc) => !!doc.querySelector('#log-button')), { what: 'the snapshot' });

  await demo.click('#log-button');
  await demo.click('#throw-button');
  const errors = panel.locator('[data-testid="console-entry"][data-level="error"]');
  await until(async () => (await errors.count()) >= 2, { what: 'two error entries' });
  const errorText = (await errors.allTextContents()).join('\n');
  assert.match(errorText, /demo error: payment service slow/);
  assert.match(errorText, /Demo uncaught error/);
  assert.match((await panel.locator('[data-testid="console-entry"][data-level="log"]').allTextContents()).join('\n'), /demo log/);

  await panel.locator('[data-filter="error"]').click();
  assert.equal(await panel.locator('[data-testid="console-entry"][data-level="log"]:visible').count(), 0);
  assert.ok((await panel.locator('[data-testid="console-entry"][data-level="error"]:visible').count()) >= 2);
});

test('four sessions live at once in a grid; a fifth is refused', async () => {
  const users = [];
  for (let i = 1; i <= 5; i++) {
    users.push(await openDemo(await suite.browser.newContext(), suite.node.origin, `grid-user-${i}`));
  }
  const consolePage = await openConsole(await suite.browser.newContext(), suite.node.origin);
  await until(async () => (await consolePage.locator('[data-testid="session-row"]').count()) >= 5, { what: 'five sessions listed' });
  await consolePage.screenshot({ path: joinPath(screenshots, 'session-list.png') });

  for (const user of users.slice(0, 4)) {
    await join(consolePage, user.sessionId);
  }
  await Promise.all(users.slice(0, 4).map((user, i) => user.page.fill('#name', `grid value ${i + 1}`)));
  for (const [i, user] of users.slice(0, 4).entries()) {
    await until(async () => (await replayValue(consolePage, user.sessionId, '#name')) === `grid value ${i + 1}`, {
      what: `grid session ${i + 1} to update`,
    });
  }
  await consolePage.screenshot({ path: joinPath(screenshots, 'multi-live.png') });

  await row(consolePage, users[4].sessionId).locator('[data-testid="join"]').click();
  await until(async () => (await consolePage.textContent('#toast'))?.trim().length > 0, { what: 'a refusal message' });
  const joined = await consolePage.evaluate(() => window.__tandemConsole.joinedRooms());
  assert.deepEqual([...joined].sort(), users.slice(0, 4).map((u) => u.sessionId).sort());
  assert.equal(await liveView(consolePage, users[4].sessionId).count(), 0);

  for (const user of users.slice(1, 4)) {
    await liveView(consolePage, user.sessionId).locator('[data-testid="leave"]').click();
  }
  await until(async () => (await consolePage.evaluate(() => window.__tandemConsole.joinedRooms())).length === 1, { what: 'one room left' });
  await consolePage.screenshot({ path: joinPath(screenshots, 'live-view.png') });
});
