// A project's privacy setting reaches the page: with "mask every input" on, a plain text field's
// value never leaves the page, while the demo project (setting off) streams it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { rawAgent } from '../lib/wire.mjs';

const suite = nodeAndBrowser();

/** Creates a project through the admin API as the demo agent (an admin) and returns its key. */
async function createProject(id, privacy) {
  const origin = suite.node.origin;
  const login = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(AGENT),
  });
  const { token } = await login.json();
  const created = await fetch(`${origin}/api/admin/projects`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ id, allowedOrigins: ['self'], privacy }),
  });
  const body = await created.text();
  assert.equal(created.status, 201, body);
  return JSON.parse(body).key;
}

/** Types into a plain text field and reports whether its value reached an agent. */
async function typedValueReachesAgent(projectKey, user, value) {
  const page = await (await suite.browser.newContext()).newPage();
  const query = projectKey ? `&projectKey=${projectKey}` : '';
  await page.goto(`${suite.node.origin}/demo/?user=${user}${query}`);
  const sessionId = await until(() => page.evaluate(() => window.Tandem.getSessionId()), { what: 'a session id' });
  const agent = await rawAgent(await suite.browser.newContext(), suite.node.origin);
  await agent.join(sessionId);
  await until(async () => (await agent.frames('events')).length > 0, { what: 'the snapshot' });
  await page.fill('#name', value);
  await page.fill('#email', 'marker@example.com');
  const inputs = await until(async () => {
    const found = (await agent.events(sessionId)).filter(({ event }) => event.type === 3 && event.data.source === 5);
    return found.length >= 2 ? found : undefined;
  }, { what: 'the input events of both fields' });
  return inputs.some(({ event }) => event.data.text === value) || (await agent.texts()).some((t) => t.includes(value));
}

test('a project that masks every input keeps a plain field\'s value in the page', async () => {
  const key = await createProject('masked-shop', { maskAllInputs: true, preJoinBufferSeconds: 0 });

  const masked = await typedValueReachesAgent(key, 'masked-user', 'plain-value-7431');
  const open = await typedValueReachesAgent(null, 'open-user', 'plain-value-9902');

  assert.equal(masked, false, 'the masked project leaked a typed value');
  assert.equal(open, true, 'the demo project (masking off) did not stream the value: the check proves nothing');
});
