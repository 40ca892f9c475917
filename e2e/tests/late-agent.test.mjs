// Issue: time travel, acceptance 2. A second agent who joins later is served from the node's
// history: the user's browser takes no new full snapshot, and both agents see the same page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openDemo, openConsole, join, inReplay } from '../lib/browser.mjs';

const suite = nodeAndBrowser();

test('a late agent is served from the history with no new snapshot and sees the same page', async () => {
  const { page: demo, sessionId } = await openDemo(await suite.browser.newContext(), suite.node.origin, 'late-agent-user');
  const snapshotsTaken = () => demo.evaluate(() => window.__tandemSnapshots ?? 0);
  await demo.evaluate(() => {
    // Counts full snapshots the tracker puts on the wire: rrweb FullSnapshot events (type 2) in sent frames.
    const send = WebSocket.prototype.send;
    window.__tandemSnapshots = 0;
    WebSocket.prototype.send = function (data) {
      if (typeof data === 'string' && data.startsWith('{"t":"events"')) {
        window.__tandemSnapshots += (data.match(/\{"type":2,/g) || []).length;
      }
      return send.call(this, data);
    };
  });

  const first = await openConsole(await suite.browser.newContext(), suite.node.origin);
  await join(first, sessionId);
  await demo.fill('#name', 'seen by the first agent');
  await until(async () => (await inReplay(first, sessionId, (doc) => doc.querySelector('#name').value)) === 'seen by the first agent', {
    what: 'the first agent to see the name',
  });
  const before = await snapshotsTaken();

  const second = await openConsole(await suite.browser.newContext(), suite.node.origin);
  await join(second, sessionId);
  await until(async () => (await inReplay(second, sessionId, (doc) => doc.querySelector('#name')?.value)) === 'seen by the first agent', {
    what: 'the late agent to see the same name',
  });
  await demo.fill('#email', 'both@example.com');
  for (const agent of [first, second]) {
    await until(async () => (await inReplay(agent, sessionId, (doc) => doc.querySelector('#email').value)) === 'both@example.com', {
      what: 'both agents to follow the live page',
    });
  }

  assert.equal(await snapshotsTaken(), before, 'the late join made the tracker take a full snapshot');
  const text = (page) => inReplay(page, sessionId, (doc) => doc.querySelector('#items').textContent);
  assert.equal(await text(second), await text(first));
});
