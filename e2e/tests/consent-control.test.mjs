// Issue #5, acceptance 4: remote control. Real Chromium for the user's page and for the console,
// a real node between them. Before the user's grant and after the user ends it (Stop, Esc), the
// same frames are refused by the server and the page does not change. A tab or a console that was
// away is brought back to what the server holds: nothing that ended while it was gone stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openDemo, openConsole, join, inReplay, liveView, watchErrors } from '../lib/browser.mjs';
import { rawAgent } from '../lib/wire.mjs';
import { startProxy } from '../lib/proxy.mjs';
import { assistPanel, consentState, mirrorId, nthError } from '../lib/assist.mjs';

// STUN on a free port: another node may hold the default one
const suite = nodeAndBrowser({ env: { TANDEM_STUN_PORT: '0' } });
const VIEWPORT = { width: 1000, height: 500 };

const pageState = (demo) =>
  demo.evaluate(() => ({ count: document.querySelector('#count').textContent, name: document.querySelector('#name').value, scrollY: Math.round(window.scrollY) }));
const refusedControl = () => suite.node.metric('tandem_consent_total', { kind: 'control', outcome: 'refused' });

test('the agent controls the page only while the user allows it', async () => {
  const user = await suite.browser.newContext({ viewport: VIEWPORT });
  const { page: demo, sessionId } = await openDemo(user, suite.node.origin, 'control-user');
  const errors = watchErrors(demo);
  const agent = await rawAgent(await suite.browser.newContext(), suite.node.origin);
  await agent.join(sessionId);
  const counter = await mirrorId(agent, sessionId, 'counter');
  const name = await mirrorId(agent, sessionId, 'name');
  const receipt = await mirrorId(agent, sessionId, 'receipt');
  const tab = await demo.evaluate(() => window.Tandem.getTabId());
  const control = (fields) => agent.send({ t: 'control', room: sessionId, tab, ...fields });
  const before = await pageState(demo);
  const refusedAtStart = await refusedControl();

  // before any grant: refused by the server, nothing happens on the page
  await control({ action: 'click', node: counter });
  const first = await nthError(agent, 'CONSENT_REQUIRED', 1);
  assert.equal(first.room, sessionId);
  assert.match(first.message, /live 'control' grant/);
  await until(async () => (await refusedControl()) === refusedAtStart + 1, { what: 'the refusal counted' });

  // the user is asked, by the agent's name, and accepts
  await agent.send({ t: 'consent', room: sessionId, kind: 'control', action: 'request' });
  await assistPanel(demo).getByText('Demo Agent asks to take control of your screen').waitFor();
  await assistPanel(demo).getByRole('button', { name: 'Accept' }).click();
  assert.equal((await consentState(agent, sessionId, 'control', 'granted')).by, 'user');
  await assistPanel(demo).getByText('Demo Agent is controlling').waitFor();
  assert.deepEqual(await pageState(demo), before, 'the refused click did nothing');

  await control({ action: 'click', node: counter });
  await until(async () => (await pageState(demo)).count === '1', { what: "the agent's click to count" });
  await control({ action: 'click', node: name });
  await control({ action: 'input', node: name, text: 'typed by the agent' });
  await until(async () => (await pageState(demo)).name === 'typed by the agent', { what: "the agent's text in the input" });
  await control({ action: 'scroll', x: 0, y: 300 });
  await until(async () => (await pageState(demo)).scrollY >= 290, { what: "the agent's scroll" });
  await control({ action: 'scroll', x: 0, y: 0 });
  await until(async () => (await pageState(demo)).scrollY === 0, { what: 'the page back at the top' });
  // a visit elsewhere is not run; one within the page's origin is (frames run in order)
  await control({ action: 'visit', url: 'https://example.com/' });
  await control({ action: 'visit', url: `${new URL(demo.url()).pathname}${new URL(demo.url()).search}#basket` });
  await until(() => demo.url().endsWith('#basket'), { what: 'the same-origin visit' });
  assert.equal(new URL(demo.url()).origin, suite.node.origin);
  // Enter in a field submits its form, as the key would
  await control({ action: 'click', node: name });
  await control({ action: 'key', key: 'Enter' });
  await demo.locator('#items li', { hasText: 'Order for typed by the agent' }).waitFor();
  // a file input is left to the user: neither a click nor a value reaches it
  const warnings = [];
  demo.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  await control({ action: 'click', node: receipt });
  await control({ action: 'input', node: receipt, text: 'C:\\fakepath\\statement.pdf' });
  await until(() => warnings.some((w) => w.includes('file inputs are left to the user')), { what: 'the tab to refuse the file input' });
  assert.deepEqual(await demo.evaluate(() => [document.querySelector('#receipt').files.length, document.activeElement?.id]), [0, 'name'],
    'the file input was neither filled nor focused');

  // the user presses Stop: the same click is refused again
  await assistPanel(demo).getByRole('button', { name: 'Stop' }).click();
  assert.equal((await consentState(agent, sessionId, 'control', 'ended')).by, 'user');
  const granted = await pageState(demo);
  await control({ action: 'click', node: counter });
  await nthError(agent, 'CONSENT_REQUIRED', 2);

  // granted again, then Esc ends it
  await agent.send({ t: 'consent', room: sessionId, kind: 'control', action: 'request' });
  await assistPanel(demo).getByRole('button', { name: 'Accept' }).click();
  await until(async () => (await agent.frames('consent')).filter((f) => f.kind === 'control' && f.state === 'granted').length === 2, { what: 'the second grant' });
  // the tab hears of the grant on its own socket: its banner (and its Esc key) may come a moment after the agent's frame
  await assistPanel(demo).getByText('Demo Agent is controlling').waitFor();
  await demo.keyboard.press('Escape');
  await until(async () => (await agent.frames('consent')).filter((f) => f.kind === 'control' && f.state === 'ended').length === 2, { what: 'Esc to end the grant' });
  await control({ action: 'click', node: counter });
  await control({ action: 'input', node: name, text: 'after the end' });
  await nthError(agent, 'CONSENT_REQUIRED', 4);

  assert.deepEqual(await pageState(demo), granted, 'nothing changed after the user ended control');
  assert.equal(await refusedControl(), refusedAtStart + 4);
  await assistPanel(demo).waitFor({ state: 'detached' });
  const relayed = (await agent.texts()).join('\n');
  assert.ok(!relayed.includes('asks to take control') && !relayed.includes('is controlling'), "the prompt's content is not recorded");
  assert.deepEqual(errors, []);
});

test("the console's clicks, typing and wheel on the replay reach the user's page", async () => {
  // tall enough that the counter and the name field are both in view, short enough to scroll
  const { page: demo, sessionId } = await openDemo(await suite.browser.newContext({ viewport: { width: 1000, height: 950 } }), suite.node.origin, 'console-control-user');
  const consolePage = await openConsole(await suite.browser.newContext({ viewport: { width: 1400, height: 900 } }), suite.node.origin);
  await join(consolePage, sessionId);
  const view = liveView(consolePage, sessionId);
  await until(() => inReplay(consolePage, sessionId, (doc) => !!doc.querySelector('#counter')), { what: 'the snapshot' });

  await view.getByTestId('request-control').click();
  await view.locator('[data-testid="control-state"][data-state="requested"]').waitFor();
  await assistPanel(demo).getByText('Demo Agent asks to take control of your screen').waitFor();
  await assistPanel(demo).getByRole('button', { name: 'Accept' }).click();
  await view.locator('[data-testid="control-state"][data-state="granted"]').waitFor();
  const layer = view.getByTestId('assist-layer');
  await layer.waitFor();

  const at = (selector) => consolePage.evaluate(({ room, selector }) => {
    const iframe = document.querySelector(`[data-testid="live-view"][data-room="${room}"] [data-testid="replay"] iframe`);
    const frameBox = iframe.getBoundingClientRect();
    const scale = frameBox.width / iframe.offsetWidth;
    const box = iframe.contentDocument.querySelector(selector).getBoundingClientRect();
    return { x: frameBox.left + (box.left + box.width / 2) * scale, y: frameBox.top + (box.top + box.height / 2) * scale };
  }, { room: sessionId, selector });

  let point = await at('#counter');
  await consolePage.mouse.click(point.x, point.y);
  await until(async () => (await pageState(demo)).count === '1', { what: "the console's click on the user's page" });

  point = await at('#name');
  await consolePage.mouse.click(point.x, point.y);
  await consolePage.keyboard.type('hi there');
  await until(async () => (await pageState(demo)).name === 'hi there', { what: "the console's typing in the user's input" });

  // a longer page, so there is room to scroll
  await demo.evaluate(() => document.body.append(Object.assign(document.createElement('div'), { id: 'spacer', style: 'height: 1500px' })));
  await until(() => inReplay(consolePage, sessionId, (doc) => !!doc.querySelector('#spacer')), { what: 'the spacer in the replay' });
  await consolePage.mouse.move(point.x, point.y);
  await consolePage.mouse.wheel(0, 250);
  await until(async () => (await pageState(demo)).scrollY > 100, { what: "the console's wheel to scroll the user's page" });

  await view.getByTestId('stop-assist').click();
  await view.locator('[data-testid="control-state"][data-state="ended"]').waitFor();
  assert.equal(await layer.isVisible(), false, 'no control layer after Stop');
});

test('a grant that ends while the tab is away leaves no banner and no control when it is back', async () => {
  const proxy = await startProxy(suite.node.port);
  const user = await suite.browser.newContext({ viewport: VIEWPORT });
  try {
    const { page: demo, sessionId } = await openDemo(user, proxy.origin, 'away-control-user');
    const errors = watchErrors(demo);
    const agent = await rawAgent(await suite.browser.newContext(), suite.node.origin);
    await agent.join(sessionId);
    const counter = await mirrorId(agent, sessionId, 'counter');
    const tab = await demo.evaluate(() => window.Tandem.getTabId());
    for (const [kind, banner] of [['control', 'Demo Agent is controlling'], ['annotate', 'Demo Agent can draw on your screen']]) {
      await agent.send({ t: 'consent', room: sessionId, kind, action: 'request' });
      await assistPanel(demo).getByRole('button', { name: 'Accept' }).click();
      await consentState(agent, sessionId, kind, 'granted');
      await assistPanel(demo).getByText(banner).waitFor();
    }

    const tabConnected = async () => (await agent.session(sessionId))?.tabs.some((t) => t.connected);
    assert.ok(proxy.hold() > 0, 'no connection to cut');
    await until(async () => (await tabConnected()) === false, { what: 'the node to see the tab gone' });
    await agent.send({ t: 'consent', room: sessionId, kind: 'control', action: 'end' });
    assert.equal((await consentState(agent, sessionId, 'control', 'ended')).by, 'agent');
    proxy.release();
    await until(tabConnected, { timeoutMs: 20_000, what: 'the tab back' });

    await assistPanel(demo).getByText('Demo Agent is controlling').waitFor({ state: 'detached' });
    await assistPanel(demo).getByText('Demo Agent can draw on your screen').waitFor();
    const count = (await pageState(demo)).count;
    await agent.send({ t: 'control', room: sessionId, tab, action: 'click', node: counter });
    await nthError(agent, 'CONSENT_REQUIRED', 1);
    assert.equal((await pageState(demo)).count, count, 'the click after the end did nothing');
    assert.deepEqual(errors, []);
  } finally {
    await user.close();
    await proxy.close();
  }
});

test('a console that loses its connection shows what the server ended, and asks again', async () => {
  const proxy = await startProxy(suite.node.port);
  const agentContext = await suite.browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const { page: demo, sessionId } = await openDemo(await suite.browser.newContext({ viewport: VIEWPORT }), suite.node.origin, 'away-console-user');
    const consolePage = await openConsole(agentContext, proxy.origin);
    await join(consolePage, sessionId);
    const view = liveView(consolePage, sessionId);
    await view.getByTestId('request-control').click();
    await assistPanel(demo).getByRole('button', { name: 'Accept' }).click();
    await view.locator('[data-testid="control-state"][data-state="granted"]').waitFor();

    assert.ok(proxy.hold() > 0, 'no connection to cut');
    // the node ends the grant of an agent whose last console left
    await assistPanel(demo).getByText('Demo Agent is controlling').waitFor({ state: 'detached' });
    await view.locator('[data-badge="reconnecting"]').waitFor();
    proxy.release();
    await view.locator('[data-badge="live"]').waitFor({ timeout: 20_000 });
    await view.locator('[data-testid="control-state"][data-state="none"]').waitFor({ state: 'attached' });
    assert.equal(await view.getByTestId('request-control').textContent(), 'Request control');
    assert.equal(await view.getByTestId('assist-layer').isVisible(), false, 'no control layer without a grant');

    await view.getByTestId('request-control').click();
    await assistPanel(demo).getByText('Demo Agent asks to take control of your screen').waitFor();
  } finally {
    await agentContext.close();
    await proxy.close();
  }
});
