// Issue #13, part 3, in the console: its socket stands only as long as its token, so the console
// renews the token before it expires and hands it to the open socket; when an administrator takes
// a project away or disables the agent, the console drops the view or goes back to its login form
// and says why, instead of reconnecting with a token the server refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openDemo, openConsole, join, inReplay } from '../lib/browser.mjs';

const TOKEN_TTL_SECONDS = 9;
const suite = nodeAndBrowser({ env: { TANDEM_AUTH_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS) } });

const storedAuth = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('tandem.console.auth')));

async function api(method, path, token, body) {
  const response = await fetch(`${suite.node.origin}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

/** A call by the admin, with a token of its own: tokens live only a few seconds on this node. */
async function asAdmin(method, path, body) {
  const token = (await api('POST', '/api/auth/login', null, { username: AGENT.username, password: AGENT.password })).body.token;
  return api(method, path, token, body);
}

/** A console page whose agent signed in with these credentials; counts the sockets it opens. */
async function consoleOf(username, password) {
  const page = await (await suite.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  const sockets = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto(`${suite.node.origin}/console/`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login-submit');
  await page.waitForSelector('#agent-name');
  return { page, sockets };
}

test('the console renews its token on the open socket and keeps watching past the first expiry', async () => {
  const { page: demo, sessionId } = await openDemo(await suite.browser.newContext(), suite.node.origin, 'renew-user');
  const consolePage = await openConsole(await suite.browser.newContext({ viewport: { width: 1400, height: 900 } }), suite.node.origin);
  const sockets = [];
  consolePage.on('websocket', (ws) => sockets.push(ws.url()));
  await join(consolePage, sessionId);
  const first = await storedAuth(consolePage);

  const renewed = await until(async () => {
    const auth = await storedAuth(consolePage);
    return auth.expiresAt > first.expiresAt && auth;
  }, { timeoutMs: TOKEN_TTL_SECONDS * 1000, what: 'a renewed token' });
  assert.notEqual(renewed.token, first.token);

  // past the first token's expiry (and the node's once-a-second check), the same socket still streams
  await until(() => Date.now() > first.expiresAt + 1500, { timeoutMs: TOKEN_TTL_SECONDS * 1000, what: 'the first token to expire' });
  await demo.fill('#name', 'after the first token');
  await until(() => inReplay(consolePage, sessionId, (doc) => doc.querySelector('#name')?.value === 'after the first token'),
    { what: 'the change in the replay' });
  assert.equal(await consolePage.locator('.connection').getAttribute('data-status'), 'open');
  assert.deepEqual(sockets, [], 'the console opened no new socket');
});

test('a project taken away drops its view; a disabled agent is signed out and told why', async () => {
  assert.equal((await asAdmin('POST', '/api/admin/agents', { id: 'zoe', password: 'password-of-zoe', roles: ['agent'], projects: ['demo'] })).status, 201);
  const { sessionId } = await openDemo(await suite.browser.newContext(), suite.node.origin, 'revoked-user');
  const { page, sockets } = await consoleOf('zoe', 'password-of-zoe');
  await join(page, sessionId);

  assert.equal((await asAdmin('PATCH', '/api/admin/agents/zoe', { projects: [] })).status, 200);
  await page.locator(`[data-testid="live-view"][data-room="${sessionId}"]`).waitFor({ state: 'detached', timeout: 2000 });
  await page.locator('#toast', { hasText: 'You no longer have access to this session' }).waitFor();
  await page.locator(`[data-testid="session-row"][data-room="${sessionId}"]`).waitFor({ state: 'detached' });

  assert.equal((await asAdmin('PATCH', '/api/admin/agents/zoe', { disabled: true })).status, 200);
  await page.locator('#login-error', { hasText: 'An administrator disabled your account.' }).waitFor({ timeout: 2000 });
  assert.equal(sockets.length, 1, 'the console did not reconnect with the revoked token');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('tandem.console.auth')), null);
});
