// Issue #19, part 1: agents sign in with the company's identity provider (OpenID Connect, code flow
// with PKCE), against a real provider started here; a group claim makes an agent an admin; with
// passwords off the console has no password form and the password login endpoint answers 403; a
// token naming another issuer is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNode, until } from '../lib/node.mjs';
import { launch, openDemo, join, inReplay, cspViolations } from '../lib/browser.mjs';
import { startIdentityProvider, ssoEnv, signInAtProvider } from '../lib/identity-provider.mjs';

let provider;
let node;
let passwordless;
let browser;

before(async () => {
  provider = await startIdentityProvider();
  node = await startNode(ssoEnv(provider));
  passwordless = await startNode(ssoEnv(provider, { TANDEM_AUTH_PASSWORDS: 'false' }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await passwordless?.stop();
  await node?.stop();
  await provider?.stop();
  assert.deepEqual(cspViolations, [], "the console did something its Content-Security-Policy refuses");
});

const storedAuth = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('tandem.console.auth')));

/** A console page that went through "Sign in with Example IdP" and the provider's login page. */
async function signIn(origin, subject, claims) {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(`${origin}/console/`);
  const button = page.locator('#sso-signin');
  assert.equal(await button.textContent(), 'Sign in with Example IdP');
  await button.click();
  await signInAtProvider(page, subject, claims);
  return page;
}

test('an agent signs in through the identity provider and watches a session', async () => {
  const { page: demo, sessionId } = await openDemo(await browser.newContext(), node.origin, 'sso-user');
  const page = await signIn(node.origin, 'subject-ana', { preferred_username: 'ana', name: 'Ana Agent', tandem_projects: ['demo'] });
  await page.locator('#agent-name', { hasText: 'Ana Agent' }).waitFor();
  assert.equal(new URL(page.url()).hash, '', 'the console cleared the sign-in fragment');
  const auth = await storedAuth(page);
  assert.equal(auth.agent.id, 'ana');
  assert.deepEqual(auth.agent.roles, ['agent']);

  await join(page, sessionId);
  await demo.fill('#name', 'seen through sso');
  await until(() => inReplay(page, sessionId, (doc) => doc.querySelector('#name')?.value === 'seen through sso'),
    { what: 'the change in the replay' });
});

test('a group claim makes another agent an admin', async () => {
  const page = await signIn(node.origin, 'subject-ben', { preferred_username: 'ben', name: 'Ben Boss', groups: ['support', 'tandem-admins'] });
  await page.locator('#agent-name', { hasText: 'Ben Boss' }).waitFor();
  const auth = await storedAuth(page);
  assert.deepEqual([...auth.agent.roles].sort(), ['admin', 'agent']);
  const agents = await fetch(`${node.origin}/api/admin/agents`, { headers: { authorization: `Bearer ${auth.token}` } });
  assert.equal(agents.status, 200, 'the admin API lets Ben in');
  const ana = (await agents.json()).find((agent) => agent.id === 'ana');
  assert.deepEqual(ana.roles, ['agent'], 'Ana, without the group, is no admin');
});

test('a token naming another issuer is refused', async () => {
  const page = await signIn(node.origin, 'subject-mal', { preferred_username: 'mal', name: 'Mal', iss: provider.issuer('elsewhere') });
  await page.locator('#login-error', { hasText: 'Single sign-on was refused' }).waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('tandem.console.auth')), null);
  assert.equal(await page.locator('#agent-name').count(), 0);
});

test('with passwords off the password form is gone and the login endpoint answers 403', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${passwordless.origin}/console/`);
  await page.locator('#sso-signin').waitFor();
  assert.equal(await page.locator('#password').count(), 0);
  assert.equal(await page.locator('#username').count(), 0);
  const login = await fetch(`${passwordless.origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo', password: 'e2e-password' }),
  });
  assert.equal(login.status, 403);
  assert.equal((await login.json()).title, 'PASSWORDS_OFF');

  await page.click('#sso-signin');
  await signInAtProvider(page, 'subject-cleo', { preferred_username: 'cleo', name: 'Cleo' });
  await page.locator('#agent-name', { hasText: 'Cleo' }).waitFor();
});
