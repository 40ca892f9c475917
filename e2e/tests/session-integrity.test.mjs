// Issue #13, acceptance 1 and 2: the attack that used to work. Anyone on the site holds the public
// project key (it is in the page) and may learn the room id (every agent sees it). A second browser
// context opens its own tracker socket with the victim's session id and tries to answer the agent's
// request, or to take over the victim's own tab. The node refuses both: only the browser session
// that started the session holds its secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openDemo } from '../lib/browser.mjs';
import { rawAgent } from '../lib/wire.mjs';
import { assistPanel, mirrorId, nthError } from '../lib/assist.mjs';

const suite = nodeAndBrowser({ env: { TANDEM_STUN_PORT: '0' } });

/** In the attacker's own page on the site: a tracker socket of its own, saying hello as `hello` says. */
async function forgeTab(page, hello) {
  await page.evaluate((frame) => {
    window.__forged = { frames: [], closed: null };
    const ws = new WebSocket(`ws://${location.host}/ws/tracker`);
    ws.onopen = () => ws.send(JSON.stringify(frame));
    ws.onmessage = (message) => {
      const received = JSON.parse(message.data);
      window.__forged.frames.push(received);
      // whatever asks the user, the forged tab says yes
      if (received.t === 'consent' && received.action === 'request') {
        ws.send(JSON.stringify({ t: 'consent', agent: received.agent, kind: received.kind, action: 'accept' }));
      }
    };
    ws.onclose = (event) => (window.__forged.closed = event.code);
  }, hello);
  return until(() => page.evaluate(() => window.__forged.closed !== null && window.__forged), { what: 'the forged socket to be closed' });
}

function helloFor(sessionId, tabId, sessionSecret) {
  const hello = { t: 'hello', v: 1, projectKey: 'demo-key', sessionId, tabId, page: { url: 'http://evil/', title: 'Forged', visible: true } };
  return sessionSecret === undefined ? hello : { ...hello, sessionSecret };
}

async function audit(origin, sessionId) {
  const login = await fetch(`${origin}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(AGENT),
  });
  const { token } = await login.json();
  const response = await fetch(`${origin}/api/admin/audit?sessionId=${sessionId}&kind=session.proof`, { headers: { authorization: `Bearer ${token}` } });
  return (await response.json()).items;
}

test("another visitor with the room id cannot answer the user's consent request", async () => {
  const { page: victim, sessionId } = await openDemo(await suite.browser.newContext(), suite.node.origin, 'victim');
  const { page: attacker } = await openDemo(await suite.browser.newContext(), suite.node.origin, 'attacker');
  const agent = await rawAgent(await suite.browser.newContext(), suite.node.origin);
  await agent.join(sessionId);
  await mirrorId(agent, sessionId, 'counter');
  const victimUrl = victim.url();
  const victimTab = await victim.evaluate(() => window.Tandem.getTabId());

  await agent.send({ t: 'consent', room: sessionId, kind: 'control', action: 'request' });
  await assistPanel(victim).getByText('Demo Agent asks to take control of your screen').waitFor();
  const forged = await forgeTab(attacker, helloFor(sessionId, 't-forgedTab000000001', 'a-secret-the-attacker-made-up-1'));

  assert.deepEqual(forged.frames.map((f) => `${f.t} ${f.code ?? f.action}`), ['error SESSION_PROOF_FAILED'], 'refused, and never shown the request');
  assert.equal(forged.closed, 1008);
  // the request is still open: asking again is "pending", and control is refused
  await agent.send({ t: 'consent', room: sessionId, kind: 'control', action: 'request' });
  assert.match((await nthError(agent, 'CONSENT_PENDING', 1)).message, /already requested/);
  await agent.send({ t: 'control', room: sessionId, tab: victimTab, action: 'visit', url: `${new URL(victimUrl).pathname}#taken` });
  await nthError(agent, 'CONSENT_REQUIRED', 1);
  assert.equal((await agent.frames('consent')).filter((f) => f.state === 'granted').length, 0, 'nobody granted anything');
  assert.equal(victim.url(), victimUrl, "the victim's page did not move");
  await assistPanel(victim).getByText('Demo Agent asks to take control of your screen').waitFor();
  const rows = await until(() => audit(suite.node.origin, sessionId).then((items) => items.length > 0 && items), { what: 'the attempt in the audit log' });
  assert.equal(rows[0].outcome, 'refused');
});

test("a socket with the user's own tab id and no secret is refused; the real tab keeps streaming", async () => {
  const { page: victim, sessionId } = await openDemo(await suite.browser.newContext(), suite.node.origin, 'victim-2');
  const { page: attacker } = await openDemo(await suite.browser.newContext(), suite.node.origin, 'attacker-2');
  const agent = await rawAgent(await suite.browser.newContext(), suite.node.origin);
  await agent.join(sessionId);
  await mirrorId(agent, sessionId, 'counter');
  const victimTab = await victim.evaluate(() => window.Tandem.getTabId());

  for (const secret of [undefined, 'a-secret-the-attacker-made-up-2']) {
    const forged = await forgeTab(attacker, helloFor(sessionId, victimTab, secret));
    assert.deepEqual(forged.frames.map((f) => f.code), ['SESSION_PROOF_FAILED']);
  }

  const seen = (await agent.events(sessionId)).length;
  await victim.click('#counter');
  const mutationShowingOne = ({ event }) => event.type === 3 && event.data.source === 0 && JSON.stringify(event.data).includes('"1"');
  await until(async () => (await agent.events(sessionId)).slice(seen).some(mutationShowingOne), { what: "the victim's click to stream to the agent" });
  const entry = await agent.session(sessionId);
  assert.deepEqual(entry.tabs.map((t) => [t.tabId, t.connected]), [[victimTab, true]], 'one tab, the real one, connected');
  assert.equal((await agent.frames('error')).length, 0);
  assert.equal(await victim.evaluate(() => window.Tandem.isStreaming()), true);
});
