// Issue #18, part 2: support codes. Real Chromium, real nodes, the real tracker and console: the
// user reads a code off the page (the tracker's widget, or Tandem.showSupportCode()), the agent types
// it in the console's support code box and watches that session, on one node and across two nodes
// of a loopback cluster; a wrong code, a code past its lifetime and repeated wrong codes are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { artifacts, startCluster, startNode, until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { inReplay, liveView, openConsole, watchErrors } from '../lib/browser.mjs';
import { rawAgent } from '../lib/wire.mjs';

// the site's pages are served by the test (route.fulfill): Chromium's Local Network Access checks
// would take them for public pages and refuse their connection to the node on loopback
const suite = nodeAndBrowser({ browserArgs: ['--disable-features=LocalNetworkAccessChecks'] });
const screenshots = joinPath(artifacts, 'screenshots');
mkdirSync(screenshots, { recursive: true });

let pages = 0;

/** A page of "the site" at `origin`, the tracker started with `options`, in a browser context of its own. */
async function openSite(origin, options = {}) {
  const page = await (await suite.browser.newContext({ viewport: { width: 900, height: 420 } })).newPage();
  const url = `${origin}/site/support-${++pages}.html`;
  await page.route(url, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme billing</title>
<style>body{margin:0;font:16px/1.5 system-ui,sans-serif}header{background:#1e3a8a;color:#fff;padding:14px 24px;font-size:20px}main{padding:24px}</style>
<script src="/tracker.js"></script></head>
<body><header>Acme billing</header><main><h1 id="heading">Your invoices</h1><p>Need help? Call us and read out your support code.</p>
<label>Invoice number <input id="invoice"></label></main>
<script>Tandem.start(Object.assign({ server: location.origin, projectKey: 'demo-key', userId: 'caller-${pages}' }, ${JSON.stringify(options)}));</script>
</body></html>`,
  }));
  await page.goto(url);
  const sessionId = await until(() => page.evaluate(() => window.Tandem.getSessionId()), { what: 'a session id' });
  return { page, sessionId };
}

/** The support code panel on the user's page (it lives in an open shadow root, which Playwright's CSS locators pierce). */
const widget = (page) => page.locator('[data-tandem-support] .w');

/** The code the panel shows, once it shows one, as the user reads it: six digits. */
async function shownCode(page, other = null) {
  const digits = widget(page).locator('.d');
  return until(async () => {
    const text = (await digits.isVisible()) ? (await digits.textContent()).replace(/\s/g, '') : '';
    return /^[0-9]{6}$/.test(text) && text !== other ? text : null;
  }, { timeoutMs: 20_000, what: other ? `a code other than ${other}` : 'a code in the panel' });
}

/** Types `code` in the console's support code box and submits it with Enter; resolves when it has been sent. */
async function typeCode(consolePage, code) {
  await consolePage.fill('#support-code', code);
  await consolePage.press('#support-code', 'Enter');
}

/** The box's answer to the code just sent (the status leaves "Checking the code…"). */
async function boxAnswer(consolePage) {
  const status = consolePage.locator('#support-code-status');
  return until(async () => {
    const kind = await status.getAttribute('data-kind');
    return kind !== 'info' && kind !== null ? { kind, text: await status.textContent() } : null;
  }, { what: 'the support code box to answer' });
}

/** Types the code and measures until the live view of `room` shows the user's page (its first replayed DOM). */
async function redeemAndWatch(consolePage, code, room) {
  await consolePage.fill('#support-code', `${code.slice(0, 3)} ${code.slice(3)}`);
  const submitted = Date.now();
  await consolePage.press('#support-code', 'Enter');
  await until(() => inReplay(consolePage, room, (doc) => doc.querySelector('#heading')?.textContent), { what: 'the replayed page' });
  const elapsed = Date.now() - submitted;
  assert.deepEqual(await consolePage.evaluate(() => window.__tandemConsole.joinedRooms()), [room]);
  assert.match(await consolePage.textContent('#support-code-status'), /Code accepted: joining caller-/);
  return elapsed;
}

/** What has focus on the user's page, inside the tracker's shadow roots. */
const focusedInWidget = (page) => page.evaluate(() => {
  const active = document.activeElement;
  if (!active || !active.hasAttribute('data-tandem-support')) return null;
  const inner = active.shadowRoot.activeElement;
  return inner ? { role: inner.getAttribute('role'), text: inner.textContent } : null;
});

test('the user reads the code off the widget, the agent types it in the console and watches that session', async () => {
  const consolePage = await openConsole(await suite.browser.newContext(), suite.node.origin);
  const { page, sessionId } = await openSite(suite.node.origin, { supportWidget: true });
  const errors = watchErrors(page);

  const button = widget(page).getByRole('button', { name: 'Support code' });
  await button.focus();
  await page.keyboard.press('Enter');
  const panel = widget(page).getByRole('dialog', { name: 'Your support code' });
  await panel.waitFor();
  const code = await shownCode(page);
  assert.equal((await focusedInWidget(page))?.role, 'dialog', 'the panel takes focus as it opens');
  assert.match(await panel.locator('.r').textContent(), /^Valid for [0-5]:[0-5][0-9]$/);
  await until(async () => (await widget(page).locator('[aria-live]').textContent()) === `Your support code: ${code.split('').join(' ')}`,
    { what: 'the code read out through the live region' });
  await page.screenshot({ path: joinPath(screenshots, 'support-code.png') });

  const elapsed = await redeemAndWatch(consolePage, code, sessionId);
  console.log(`support code → watching (one node): ${elapsed} ms from Enter to the first replayed DOM`);
  await liveView(consolePage, sessionId).waitFor();
  await consolePage.screenshot({ path: joinPath(screenshots, 'support-code-console.png') });

  // Esc closes the panel and gives focus back to the button; the page's own API gives the same live code
  await panel.focus();
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached' });
  assert.equal((await focusedInWidget(page))?.text, 'Support code');
  assert.equal(await page.evaluate(() => window.Tandem.getSupportCode()), code);
  assert.deepEqual(errors, []);
});

test('a wrong code is refused with the server\'s words, and repeated wrong codes are throttled', async () => {
  const consolePage = await openConsole(await suite.browser.newContext(), suite.node.origin);
  const { page, sessionId } = await openSite(suite.node.origin);
  const right = await page.evaluate(() => window.Tandem.getSupportCode());
  const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');

  await typeCode(consolePage, '12345');
  assert.deepEqual(await boxAnswer(consolePage), { kind: 'error', text: 'A support code has 6 digits.' });

  // five wrong codes (supportCodes.maxFailures) are each refused as such
  for (let i = 1; i <= 5; i++) {
    await typeCode(consolePage, wrong);
    const answer = await boxAnswer(consolePage);
    assert.equal(answer.kind, 'error');
    assert.match(answer.text, /^Wrong or expired code\. no live session has this support code/, `wrong code #${i}`);
  }
  // the sixth is throttled, and so is the right code now
  for (const code of [wrong, right]) {
    await typeCode(consolePage, code);
    const answer = await boxAnswer(consolePage);
    assert.equal(answer.kind, 'error');
    assert.match(answer.text, /^Too many wrong codes\. more than 5 wrong support codes; try again in \d+ s$/);
  }
  assert.deepEqual(await consolePage.evaluate(() => window.__tandemConsole.joinedRooms()), []);
  assert.equal(await liveView(consolePage, sessionId).count(), 0);
});

test('a code past its lifetime is refused; the widget shows a new one, which works', async () => {
  const TTL_MS = 4000;
  const node = await startNode({ TANDEM_SUPPORT_CODES_TTL_MS: String(TTL_MS) });
  try {
    const consolePage = await openConsole(await suite.browser.newContext(), node.origin);
    const witness = await rawAgent(await suite.browser.newContext(), node.origin);
    const { page, sessionId } = await openSite(node.origin);
    const errors = watchErrors(page);
    await page.evaluate(() => window.Tandem.showSupportCode());
    const old = await shownCode(page);
    // the code was good: another agent redeems it while it lives (a code stays good for its whole life)
    await witness.send({ t: 'redeem', code: old });
    const redeemed = await until(async () => (await witness.frames('redeemed'))[0], { what: 'the witness\'s redeemed' });
    assert.equal(redeemed.room, sessionId);

    // the panel asks for a new code once the old one has expired on the page's count, which starts after the node's
    const fresh = await shownCode(page, old);
    await typeCode(consolePage, old);
    const answer = await boxAnswer(consolePage);
    assert.equal(answer.kind, 'error');
    assert.match(answer.text, /^Wrong or expired code\. no live session has this support code \(wrong, or expired\)/);
    assert.deepEqual(await consolePage.evaluate(() => window.__tandemConsole.joinedRooms()), []);

    await redeemAndWatch(consolePage, fresh, sessionId);
    assert.deepEqual(errors, []);
  } finally {
    await node.stop();
  }
});

test('the tab on one node of a cluster, the agent on the other: the code leads there', async () => {
  const cluster = await startCluster();
  try {
    const [trackerNode, agentNode] = cluster.nodes;
    const consolePage = await openConsole(await suite.browser.newContext(), agentNode.origin);
    const { page, sessionId } = await openSite(trackerNode.origin, { supportWidget: true });
    const errors = watchErrors(page);
    await widget(page).getByRole('button', { name: 'Support code' }).click();
    const code = await shownCode(page);
    // the user reads the code out: by then the other node lists the session
    await consolePage.locator(`[data-testid="session-row"][data-room="${sessionId}"]`).waitFor({ timeout: 10_000 });

    const elapsed = await redeemAndWatch(consolePage, code, sessionId);
    console.log(`support code → watching (across two nodes): ${elapsed} ms from Enter to the first replayed DOM`);
    await page.fill('#invoice', 'INV-2041');
    await until(async () => (await inReplay(consolePage, sessionId, (doc) => doc.querySelector('#invoice')?.value)) === 'INV-2041', {
      what: 'the live page across nodes',
    });
    assert.deepEqual(errors, []);
  } finally {
    await cluster.stop();
  }
});
