// A node that freezes (SIGSTOP: a long pause, a machine or network gone without a reset) keeps its
// tracker sockets open and answers nothing, so the browser would not notice for minutes. Real
// Chromium, the real tracker and console, two nodes in their own JVMs, the page reaching them
// through a balancer: the tracker gives the silent socket up after `replyTimeoutMs`, connects again
// through the balancer (which, as on a failed readiness probe, now sends it to the other node), and
// the agent watches the page go on while the first node is still frozen.
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

test("the page of a frozen node's tab goes on through the other node", async () => {
  const cluster = await startCluster({ TANDEM_REPLY_TIMEOUT_MS: String(REPLY_TIMEOUT_MS) });
  const [frozen, live] = cluster.nodes;
  const balancer = await startProxy(frozen.port);
  try {
    const { page: demo, sessionId } = await openDemo(await browser.newContext(), balancer.origin, 'frozen-node-user');
    const errors = watchErrors(demo);
    const consolePage = await openConsole(await browser.newContext({ viewport: { width: 1400, height: 900 } }), live.origin);
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
});
