// Issue: walking skeleton. A user types on the demo page; the agent sees it in the live replay.
// While no agent watches, the tracker sends no DOM events (counted by the server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join as joinPath } from 'node:path';
import { until, artifacts } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openDemo, openConsole, join, inReplay, watchErrors } from '../lib/browser.mjs';

const suite = nodeAndBrowser();

const trackerFrames = (type) => suite.node.metric('tandem_frames_in_total', { endpoint: 'tracker', type });

test('typed text on the demo page appears in the agent console, and nothing streams before the join', async () => {
  const user = await suite.browser.newContext();
  const agent = await suite.browser.newContext();
  const { page: demo, sessionId } = await openDemo(user, suite.node.origin);
  const demoErrors = watchErrors(demo);

  await demo.fill('#notes', 'typed while nobody watches');
  const heartbeatsBefore = await trackerFrames('heartbeat');
  await until(async () => (await trackerFrames('heartbeat')) >= heartbeatsBefore + 2, {
    what: 'two more tracker heartbeats while idle',
  });
  assert.equal(await trackerFrames('events'), 0, 'an idle tracker sent DOM events');

  const consolePage = await openConsole(agent, suite.node.origin);
  await join(consolePage, sessionId);
  await until(() => inReplay(consolePage, sessionId, (doc) => !!doc.querySelector('#name')), {
    what: 'the demo form in the replay',
  });
  assert.ok((await trackerFrames('events')) > 0, 'no events after the join');

  await demo.fill('#name', 'Hello from the user');
  await until(() => inReplay(consolePage, sessionId, (doc) => doc.querySelector('#name').value === 'Hello from the user'), {
    what: 'the typed name in the replay',
  });

  await demo.click('#add-item');
  const items = await demo.locator('#items li').count();
  await until(async () => (await inReplay(consolePage, sessionId, (doc) => doc.querySelectorAll('#items li').length)) === items, {
    what: 'the added list item in the replay',
  });

  await demo.screenshot({ path: joinPath(artifacts, 'skeleton-user.png') });
  await consolePage.screenshot({ path: joinPath(artifacts, 'skeleton-agent.png') });
  assert.deepEqual(demoErrors, []);
});
