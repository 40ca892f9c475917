// A node that freezes (SIGSTOP: a long pause, a machine or network gone without a reset) keeps its
// sockets open and answers nothing, so a browser would not notice for minutes. Real Chromium, the
// real tracker and console, two nodes in their own JVMs, and a balancer in front of them that, as
// on a failed readiness probe, sends new connections to the other node once the first freezes:
// the tracker, or the console, gives the silent socket up after `replyTimeoutMs`, connects again
// through the balancer, and the agent watches the page go on while the first node is still frozen.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, until } from '../lib/node.mjs';
import { startProxy } from '../lib/proxy.mjs';
import { inReplay, join, launch, openConsole, openDemo, watchErrors } from '../lib/browser.mjs';

const REPLY_TIMEOUT_MS = 4_000;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * The page and the console, each on the node `through` says (the balancer, which points at the node
 * that will freeze, or the other node); the agent watches a click, the node freezes, and the
 * clicks made after it must reach the console while it stays frozen.
 */
async function watchThroughAFreeze(through) {
  const cluster = await startCluster({ TANDEM_REPLY_TIMEOUT_MS: String(REPLY_TIMEOUT_MS) });
  const [frozen, live] = cluster.nodes;
  const balancer = await startProxy(frozen.port);
  const origin = (who) => (through[who] === 'balancer' ? balancer.origin : live.origin);
  try {
    const { page: demo, sessionId } = await openDemo(await browser.newContext(), origin('page'), 'frozen-node-user');
    const errors = watchErrors(demo);
    const consolePage = await openConsole(await browser.newContext({ viewport: { width: 1400, height: 900 } }), origin('console'));
    await join(consolePage, sessionId);
    const items = () => inReplay(consolePage, sessionId, (doc) => doc.querySelectorAll('#items li').length);
    await demo.click('#add-item');
    const before = await demo.locator('#items li').count();
    await until(async () => (await items()) === before, { what: 'the live page through the node about to freeze' });

    frozen.freeze();
    balancer.sendTo(live.port);
    await demo.click('#add-item');
    await demo.click('#add-item');
    await until(async () => (await items()) === before + 2, {
      timeoutMs: 3 * REPLY_TIMEOUT_MS + 20_000,
      what: 'the clicks made after the freeze, in the console, while the node is still frozen',
    });
    assert.deepEqual(errors, []);
  } finally {
    await balancer.close();
    await cluster.stop();
  }
}

test("the page of a frozen node's tab goes on through the other node", () =>
  watchThroughAFreeze({ page: 'balancer', console: 'live' }));

test('a console whose node froze watches on through the other node', () =>
  watchThroughAFreeze({ page: 'live', console: 'balancer' }));
