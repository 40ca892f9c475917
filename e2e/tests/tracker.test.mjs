// Issue: tracker SDK. Real Chromium, real node: masking, tabs, reconnect, console capture and
// host-page safety, each asserted on what the node received and relayed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openDemo, openConsole, join, inReplay, watchErrors } from '../lib/browser.mjs';
import { rawAgent, consoleEntries } from '../lib/wire.mjs';
import { startProxy } from '../lib/proxy.mjs';

const suite = nodeAndBrowser();

/** Seqs of one tab as an agent received them. */
async function seqsOf(agent, room) {
  return (await agent.frames('events')).filter((f) => f.room === room).map((f) => f.seq);
}

test('passwords and data-tandem-mask fields never leave the page', async () => {
  const user = await suite.browser.newContext();
  const { page: demo, sessionId } = await openDemo(user, suite.node.origin, 'masking-user');
  await demo.fill('#password', 'before-join-pw-4711');
  await demo.fill('#card', '4111 before join 9999');

  const agent = await rawAgent(await suite.browser.newContext(), suite.node.origin);
  await agent.join(sessionId);
  await until(async () => (await agent.frames('events')).length > 0, { what: 'the snapshot' });
  await demo.fill('#password', 'after-join-pw-0815');
  await demo.fill('#card', '5500 after join 0004');
  await demo.fill('#name', 'marker-after-secrets');
  await until(async () => (await agent.texts()).some((t) => t.includes('marker-after-secrets')), {
    what: 'the input typed after the secrets',
  });

  const relayed = (await agent.texts()).join('\n');
  for (const secret of ['before-join-pw-4711', 'after-join-pw-0815', '4111 before join 9999', '5500 after join 0004', 'ACC-7781-2291']) {
    assert.ok(!relayed.includes(secret), `${secret} reached the server`);
  }
});

test('two tabs of one browser context are one session with two tabs', async () => {
  const user = await suite.browser.newContext();
  const first = await openDemo(user, suite.node.origin, 'two-tab-user');
  const second = await openDemo(user, suite.node.origin, 'two-tab-user');
  assert.equal(second.sessionId, first.sessionId);

  const agent = await rawAgent(await suite.browser.newContext(), suite.node.origin);
  const session = await until(async () => {
    const s = await agent.session(first.sessionId);
    return s && s.tabs.length === 2 ? s : undefined;
  }, { what: 'a session with two tabs' });
  const tabIds = await Promise.all([first.page, second.page].map((p) => p.evaluate(() => window.Tandem.getTabId())));
  assert.deepEqual(session.tabs.map((t) => t.tabId).sort(), [...tabIds].sort());
  assert.notEqual(tabIds[0], tabIds[1]);
});

test('a dropped connection mid-stream resumes with no gap and no duplicate', async () => {
  const proxy = await startProxy(suite.node.port);
  const user = await suite.browser.newContext();
  try {
    const { page: demo, sessionId } = await openDemo(user, proxy.origin, 'reconnect-user');
    const agent = await rawAgent(await suite.browser.newContext(), suite.node.origin);
    await agent.join(sessionId);
    await until(async () => (await agent.frames('events')).length > 0, { what: 'the snapshot' });

    await demo.fill('#notes', 'typed before the cut');
    await until(async () => (await agent.texts()).some((t) => t.includes('typed before the cut')), { what: 'input before the cut' });
    assert.ok(proxy.cut() > 0, 'no connection to cut');
    await demo.fill('#name', 'typed while disconnected');
    await demo.fill('#notes', 'typed after that');
    await until(async () => (await agent.texts()).some((t) => t.includes('typed after that')), {
      timeoutMs: 20_000,
      what: 'what was typed while disconnected, after the reconnect',
    });
    assert.ok((await agent.texts()).some((t) => t.includes('typed while disconnected')));

    const seqs = await seqsOf(agent, sessionId);
    assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i), `gap or duplicate in ${seqs}`);
    const snapshots = (await agent.frames('events')).filter((f) => f.snapshot).length;
    assert.equal(snapshots, 1, 'the reconnect needed a second full snapshot');
  } finally {
    await user.close();
    await proxy.close();
  }
});

test('an agent who joins while the tab is away gets one snapshot when it is back', async () => {
  const proxy = await startProxy(suite.node.port);
  const user = await suite.browser.newContext();
  try {
    const { page: demo, sessionId } = await openDemo(user, proxy.origin, 'away-user');
    const agent = await rawAgent(await suite.browser.newContext(), suite.node.origin);
    const tabConnected = async () => (await agent.session(sessionId))?.tabs.some((tab) => tab.connected);
    await until(tabConnected, { what: 'the tab in the session list' });
    assert.ok(proxy.hold() > 0, 'no connection to cut');
    await until(async () => (await tabConnected()) === false, { what: 'the node to see the tab gone' });
    await agent.join(sessionId);
    proxy.release();
    await demo.fill('#notes', 'typed once the tab is back');
    await until(async () => (await agent.texts()).some((t) => t.includes('typed once the tab is back')), {
      timeoutMs: 20_000,
      what: 'the stream, once the tab is back',
    });

    const seqs = await seqsOf(agent, sessionId);
    assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i), `gap or duplicate in ${seqs}`);
    const snapshots = (await agent.frames('events')).filter((f) => f.snapshot).length;
    assert.equal(snapshots, 1, 'the welcome and the start each got a snapshot');
  } finally {
    await user.close();
    await proxy.close();
  }
});

test('console.error and an uncaught exception reach the agent with level, arguments and timestamp', async () => {
  const user = await suite.browser.newContext();
  const { page: demo, sessionId } = await openDemo(user, suite.node.origin, 'console-user');
  const agent = await rawAgent(await suite.browser.newContext(), suite.node.origin);
  await agent.join(sessionId);
  await until(async () => (await agent.frames('events')).length > 0, { what: 'the snapshot' });
  const clickedAt = Date.now();

  await demo.click('#log-button');
  await demo.click('#throw-button');

  const entries = await until(async () => {
    const found = consoleEntries(await agent.events(sessionId));
    return found.some((e) => e.payload.join(' ').includes('Demo uncaught error')) ? found : undefined;
  }, { what: 'the uncaught error among console entries' });
  const logged = entries.find((e) => e.level === 'error' && e.payload.join(' ').includes('demo error: payment service slow'));
  assert.ok(logged, 'console.error did not arrive');
  assert.ok(logged.payload.some((arg) => arg.includes('timeout after 3000 ms')), 'the Error argument was lost');
  const uncaught = entries.find((e) => e.payload.join(' ').includes('Demo uncaught error'));
  assert.equal(uncaught.level, 'error');
  for (const entry of [logged, uncaught]) {
    assert.ok(entry.timestamp >= clickedAt - 5_000 && entry.timestamp <= Date.now(), `bad timestamp ${entry.timestamp}`);
  }
});

test('a page with shadow DOM, a same-origin iframe and 10,000 nodes keeps working and is replayed', async () => {
  const user = await suite.browser.newContext();
  const page = await user.newPage();
  const errors = watchErrors(page);
  await page.goto(`${suite.node.origin}/demo/stress.html`);
  const sessionId = await until(() => page.evaluate(() => window.Tandem.getSessionId()), { what: 'a session id' });
  assert.ok((await page.evaluate(() => document.getElementsByTagName('*').length)) >= 10_000);

  const consolePage = await openConsole(await suite.browser.newContext(), suite.node.origin);
  await join(consolePage, sessionId);
  await until(async () => (await inReplay(consolePage, sessionId, (doc) => doc.querySelectorAll('#many span').length)) === 5000, {
    timeoutMs: 20_000,
    what: '10,000 list nodes in the replay',
  });
  await until(() => inReplay(consolePage, sessionId, (doc) => doc.querySelector('#host')?.shadowRoot?.textContent.includes('Inside the shadow root')), {
    what: 'the shadow root in the replay',
  });
  await until(() => inReplay(consolePage, sessionId, (doc) => doc.querySelector('#child')?.contentDocument?.body?.textContent.includes('Inside the iframe')), {
    what: 'the iframe content in the replay',
  });

  await page.click('#ping');
  await page.click('#ping');
  assert.equal(await page.textContent('#pong'), '2', 'the host page stopped working');
  await until(async () => (await inReplay(consolePage, sessionId, (doc) => doc.querySelector('#pong').textContent)) === '2', {
    what: 'the page still streaming after the heavy snapshot',
  });
  assert.deepEqual(errors, []);
});
