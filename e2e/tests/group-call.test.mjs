// Issue 5, acceptance 2: a group call of two agents and the user, as a mesh: every participant
// receives the other two, with frames that keep coming on each of its connections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openDemo, openConsole, join, liveView } from '../lib/browser.mjs';
import { assistPanel } from '../lib/assist.mjs';
import { callFramesPerPeer, recordMedia } from '../lib/media.mjs';

const suite = nodeAndBrowser();

/** A second agent account ("Second Agent"), made through the admin API, logged into a console. */
async function openSecondConsole(context) {
  const origin = suite.node.origin;
  const login = async (username, password) => (await (await fetch(`${origin}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  })).json()).token;
  const admin = await login(AGENT.username, AGENT.password);
  const created = await fetch(`${origin}/api/admin/agents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ id: 'second', name: 'Second Agent', password: 'second-password', roles: ['agent'], projects: ['demo'] }),
  });
  assert.equal(created.status, 201, await created.text());
  const page = await context.newPage();
  await page.goto(`${origin}/console/`);
  await page.fill('#username', 'second');
  await page.fill('#password', 'second-password');
  await page.click('#login-submit');
  await page.waitForSelector('#agent-name');
  return page;
}

async function acceptCall(demo) {
  const prompt = assistPanel(demo).getByRole('alertdialog').filter({ hasText: /asks to start a video call/ });
  await prompt.waitFor({ timeout: 10_000 });
  await prompt.getByRole('button', { name: 'Accept' }).click();
}

/** Waits until the page has `peers` call connections, each of which decodes `more` new frames. */
async function receivesFromEach(page, peers, more, what) {
  const first = await until(async () => {
    const frames = await callFramesPerPeer(page);
    return frames.length === peers && frames.every((n) => n > 0) ? frames : null;
  }, { timeoutMs: 30_000, what: `${what}: ${peers} connections with video` });
  await until(async () => {
    const frames = await callFramesPerPeer(page);
    return frames.length === peers && frames.every((n, i) => n >= first[i] + more);
  }, { timeoutMs: 20_000, what: `${what}: ${more} more frames from each` });
}

test('two agents and the user: each participant receives the other two', async () => {
  const userContext = await suite.browser.newContext();
  const firstContext = await suite.browser.newContext();
  const secondContext = await suite.browser.newContext();
  for (const context of [userContext, firstContext, secondContext]) await recordMedia(context);
  const { page: demo, sessionId } = await openDemo(userContext, suite.node.origin, 'group-call-user');
  const first = await openConsole(firstContext, suite.node.origin);
  const second = await openSecondConsole(secondContext);
  await join(first, sessionId);
  await join(second, sessionId);

  await liveView(first, sessionId).locator('[data-testid="request-call"]').click();
  await acceptCall(demo);
  await receivesFromEach(demo, 1, 10, 'the user with one agent');

  await liveView(second, sessionId).locator('[data-testid="request-call"]').click();
  await acceptCall(demo);
  await receivesFromEach(demo, 2, 10, 'the user');
  await receivesFromEach(first, 2, 10, 'the first agent');
  await receivesFromEach(second, 2, 10, 'the second agent');
  assert.equal(await demo.locator('[data-tandem-call] figure').count(), 2);

  await Promise.all([userContext.close(), firstContext.close(), secondContext.close()]);
});
