// Issue 5, acceptance 1: a video call. The agent asks; the user sees the agent's name; a declined
// call sends no media; an accepted one gets both sides remote video whose frames keep coming; either
// side ends it, and then the peer connections are closed, the camera released, the call UI gone.
// With two tabs open, the call runs in the one that accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join as joinPath } from 'node:path';
import { artifacts, until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openDemo, openConsole, join, liveView, watchErrors } from '../lib/browser.mjs';
import { assistPanel } from '../lib/assist.mjs';
import { anyInboundCallMedia, callFramesPerPeer, callTornDown, framesKeepComing, recordMedia, userMediaCalls } from '../lib/media.mjs';

const suite = nodeAndBrowser();

/** A user on the demo page and an agent watching it, both with their media recorded. */
async function watchedDemo(user) {
  const userContext = await suite.browser.newContext();
  const agentContext = await suite.browser.newContext();
  await recordMedia(userContext);
  await recordMedia(agentContext);
  const { page: demo, sessionId } = await openDemo(userContext, suite.node.origin, user);
  const errors = watchErrors(demo);
  const agent = await openConsole(agentContext, suite.node.origin);
  await join(agent, sessionId);
  const view = liveView(agent, sessionId);
  return { demo, agent, view, errors, close: () => Promise.all([userContext.close(), agentContext.close()]) };
}

async function startCall({ demo, view }) {
  await view.locator('[data-testid="request-call"]').click();
  const prompt = assistPanel(demo).getByText('Demo Agent asks to');
  await prompt.waitFor({ timeout: 10_000 });
  return prompt;
}

const callPanel = (demo) => demo.locator('[data-tandem-call]');

test('a declined call sends no media; the user saw who asked', async () => {
  const s = await watchedDemo('call-decline');
  const prompt = await startCall(s);
  assert.match(await prompt.textContent(), /Demo Agent asks to .*call/i);
  await assistPanel(s.demo).getByRole('button', { name: 'Decline' }).click();

  await until(async () => /declined/.test(await s.view.locator('[data-testid="call-status"]').textContent()), { what: 'the console to hear of the decline' });
  assert.equal(await userMediaCalls(s.demo), 0, 'the user page asked for the camera');
  assert.equal(await userMediaCalls(s.agent), 0, 'the console asked for the camera');
  assert.equal(await anyInboundCallMedia(s.demo), false, 'media reached the user page');
  assert.equal(await anyInboundCallMedia(s.agent), false, 'media reached the console');
  assert.equal(await callPanel(s.demo).count(), 0, 'a call panel is on the user page');
  assert.equal(await s.view.locator('[data-testid="call"]').getAttribute('data-call'), 'none');
  assert.deepEqual(s.errors, []);
  await s.close();
});

test('an accepted call streams both ways, and the agent hangs up', async () => {
  const s = await watchedDemo('call-agent-ends');
  await startCall(s);
  await assistPanel(s.demo).getByRole('button', { name: 'Accept' }).click();

  await callPanel(s.demo).getByText('Demo Agent').waitFor({ timeout: 10_000 });
  await framesKeepComing(s.demo, 15, "the agent's video on the user page");
  await framesKeepComing(s.agent, 15, "the user's video in the console");
  assert.equal(await s.view.locator('[data-testid="call"]').getAttribute('data-call'), 'live');
  await s.agent.screenshot({ path: joinPath(artifacts, 'call-agent.png') });
  await s.demo.screenshot({ path: joinPath(artifacts, 'call-user.png') });

  // mute and camera toggles reach the other side
  await s.view.locator('[data-testid="call-mute"]').click();
  await callPanel(s.demo).getByText('Demo Agent (muted)').waitFor({ timeout: 10_000 });
  await callPanel(s.demo).locator('[data-action="camera"]').click();
  await s.view.getByText('User (camera off)').waitFor({ timeout: 10_000 });

  await s.view.locator('[data-testid="call-hangup"]').click();
  await until(() => callTornDown(s.agent), { what: "the console's call to be torn down" });
  await until(() => callTornDown(s.demo), { what: "the user page's call to be torn down" });
  await until(async () => (await callPanel(s.demo).count()) === 0, { what: 'the call panel to leave the user page' });
  assert.deepEqual(s.errors, []);
  await s.close();
});

test('the user hangs up, and a call also ends when the user leaves the page', async () => {
  const s = await watchedDemo('call-user-ends');
  await startCall(s);
  await assistPanel(s.demo).getByRole('button', { name: 'Accept' }).click();
  await framesKeepComing(s.agent, 10, "the user's video in the console");
  await callPanel(s.demo).locator('[data-action="hangup"]').click();
  await until(() => callTornDown(s.demo), { what: "the user page's call to be torn down" });
  await until(() => callTornDown(s.agent), { what: "the console's call to be torn down" });
  await until(async () => /ended/.test(await s.view.locator('[data-testid="call-status"]').textContent()), { what: 'the console to say the call ended' });

  // a second call, then the user's tab goes away
  await s.view.locator('[data-testid="request-call"]').click();
  await assistPanel(s.demo).getByRole('button', { name: 'Accept' }).click();
  await framesKeepComing(s.agent, 10, "the user's video in the second call");
  await s.demo.close();
  await until(() => callTornDown(s.agent), { timeoutMs: 20_000, what: "the console's call to end with the user's tab" });
  assert.equal(await s.view.locator('[data-testid="call"]').getAttribute('data-call'), 'none');
  await s.close();
});

test('a call accepted in one of two tabs runs in that tab only', async () => {
  const userContext = await suite.browser.newContext();
  const agentContext = await suite.browser.newContext();
  await recordMedia(userContext);
  await recordMedia(agentContext);
  const first = await openDemo(userContext, suite.node.origin, 'call-two-tabs');
  const second = await openDemo(userContext, suite.node.origin, 'call-two-tabs');
  assert.equal(second.sessionId, first.sessionId);
  const errors = [watchErrors(first.page), watchErrors(second.page)];
  const agent = await openConsole(agentContext, suite.node.origin);
  await join(agent, first.sessionId);
  const view = liveView(agent, first.sessionId);

  await view.locator('[data-testid="request-call"]').click();
  await assistPanel(first.page).getByText('Demo Agent asks to').waitFor({ timeout: 10_000 });
  await assistPanel(second.page).getByText('Demo Agent asks to').waitFor({ timeout: 10_000 });
  await assistPanel(second.page).getByRole('button', { name: 'Accept' }).click();

  await framesKeepComing(second.page, 15, "the agent's video in the tab that accepted");
  await framesKeepComing(agent, 15, "the user's video in the console");
  // the same grant settled the other tab's prompt, so by now that tab has decided
  await assistPanel(first.page).getByText('Demo Agent asks to').waitFor({ state: 'detached' });
  assert.equal(await userMediaCalls(first.page), 0, 'the other tab asked for the camera');
  assert.equal(await callPanel(first.page).count(), 0, 'the other tab shows a call');
  assert.equal(await view.locator('[data-testid="call-video"][data-peer="user"]').count(), 1);
  assert.equal((await callFramesPerPeer(agent)).length, 1, 'the console has one call connection, to the tab that accepted');
  assert.deepEqual(errors.flat(), []);
  await Promise.all([userContext.close(), agentContext.close()]);
});
