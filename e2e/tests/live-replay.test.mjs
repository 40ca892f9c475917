// Issue #15, "Live means live": the console applies page changes as soon as they arrive, and only
// the pointer's path is smoothed. Real Chromium for the user's page and the console, a real node.
// - A pointer path is drawn at the pace it was made: from one painted frame to the next the
//   replayed pointer moves on by one sampled position, never skipping one unless the frame was late.
// - A fast burst of DOM changes, spread over many batches, arrives complete and in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openDemo, openConsole, join, inReplay } from '../lib/browser.mjs';

const suite = nodeAndBrowser();

/**
 * Counts in `window.__sentBatches` the `events` frames the tracker sends, and keeps in
 * `window.__sentPositions` every pointer position in them: x, y and the user's time.
 */
function watchSent(context) {
  return context.addInitScript(() => {
    window.__sentBatches = 0;
    window.__sentPositions = [];
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      if (typeof data === 'string' && data.startsWith('{"t":"events"')) {
        window.__sentBatches++;
        for (const event of JSON.parse(data).d) {
          if (event.type === 3 && event.data.source === 1) {
            for (const p of event.data.positions) window.__sentPositions.push({ x: p.x, y: p.y, at: event.timestamp + p.timeOffset });
          }
        }
      }
      return send.call(this, data);
    };
  });
}

/** Starts noting, in the console, where the replayed pointer is painted: one entry per change of its position. */
function watchReplayedPointer(consolePage, room) {
  return consolePage.evaluate((room) => {
    const mouse = document.querySelector(`[data-testid="live-view"][data-room="${room}"] [data-testid="replay"] .replayer-mouse`);
    window.__painted = [];
    new MutationObserver(() => {
      window.__painted.push({ x: parseFloat(mouse.style.left), y: parseFloat(mouse.style.top), at: performance.now() });
    }).observe(mouse, { attributes: true, attributeFilter: ['style'] });
  }, room);
}

test('a pointer path replays at its pace, with no jump larger than the sampling step', async () => {
  const user = await suite.browser.newContext({ viewport: { width: 1000, height: 600 } });
  await watchSent(user);
  const { page: demo, sessionId } = await openDemo(user, suite.node.origin, 'pointer-user');
  const consolePage = await openConsole(await suite.browser.newContext({ viewport: { width: 1400, height: 900 } }), suite.node.origin);
  await join(consolePage, sessionId);
  await until(() => inReplay(consolePage, sessionId, (doc) => doc.querySelector('#name') !== null), { what: 'the replay' });
  await watchReplayedPointer(consolePage, sessionId);

  // 600 px in about 3 s, a move every 10 ms; rrweb keeps one position per 50 ms
  await demo.evaluate(
    () =>
      new Promise((resolve) => {
        let x = 100;
        const timer = setInterval(() => {
          x += 2;
          document.body.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: 200, bubbles: true }));
          if (x >= 700) {
            clearInterval(timer);
            // one position more, after rrweb's 50 ms: the end of the path is always sent
            setTimeout(() => {
              document.body.dispatchEvent(new MouseEvent('mousemove', { clientX: 703, clientY: 200, bubbles: true }));
              resolve();
            }, 60);
          }
        }, 10);
      }),
  );
  const sent = await until(async () => {
    const positions = await demo.evaluate(() => window.__sentPositions);
    return positions.length > 0 && positions[positions.length - 1].x === 703 && positions;
  }, { what: 'the tracker to send the whole path' });
  const last = sent[sent.length - 1].x;
  await until(async () => (await consolePage.evaluate(() => window.__painted.at(-1)?.x)) === last, { what: 'the replayed pointer to reach the end', timeoutMs: 20_000 });
  const painted = await consolePage.evaluate(() => window.__painted);

  const index = new Map(sent.map((p, i) => [p.x, i]));
  assert.ok(painted.length >= sent.length / 2, `${painted.length} painted positions for ${sent.length} sent`);
  for (const p of painted) {
    assert.ok(index.has(p.x) && p.y === 200, `the pointer was painted at (${p.x}, ${p.y}), where the user's never was`);
  }
  // From one painted frame to the next the pointer moves on by one sampled position; only a frame
  // that came late (the console busy) may pass over more, one per 40 ms it took (rrweb samples a
  // position per 50 ms at the most, and the console draws a late path at most 1.18 times faster).
  for (let j = 1; j < painted.length; j++) {
    const from = index.get(painted[j - 1].x);
    const to = index.get(painted[j].x);
    const frame = painted[j].at - painted[j - 1].at;
    assert.ok(to >= from, `the pointer went back from position ${from} to ${to}`);
    assert.ok(to - from <= 1 + Math.floor(frame / 40), `a jump from position ${from} to ${to} in a ${frame.toFixed(1)} ms frame`);
  }
});

test('a fast burst of DOM changes arrives complete and in order', async () => {
  const user = await suite.browser.newContext();
  await watchSent(user);
  const { page: demo, sessionId } = await openDemo(user, suite.node.origin, 'burst-user');
  const consolePage = await openConsole(await suite.browser.newContext(), suite.node.origin);
  await join(consolePage, sessionId);
  await demo.evaluate(() => {
    const list = document.createElement('ol');
    list.id = 'burst';
    const count = document.createElement('output');
    count.id = 'burst-count';
    document.body.append(list, count);
  });
  await until(() => inReplay(consolePage, sessionId, (doc) => doc.querySelector('#burst-count') !== null), { what: 'the burst list in the replay' });
  // what the replay's list and counter go through, change by change
  await inReplay(consolePage, sessionId, (doc) => {
    const view = doc.defaultView.parent;
    view.__added = [];
    view.__counts = [];
    const list = doc.querySelector('#burst');
    const count = doc.querySelector('#burst-count');
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.target === list) for (const node of record.addedNodes) view.__added.push(Number(node.textContent));
        else view.__counts.push(Number(count.textContent));
      }
    }).observe(doc.body, { childList: true, subtree: true, characterData: true });
  });

  // 1,000 changes, one per task, as fast as the page runs them: many batches of the tracker
  const N = 1000;
  const batchesBefore = await demo.evaluate(() => window.__sentBatches);
  await demo.evaluate(
    (n) =>
      new Promise((resolve) => {
        const list = document.querySelector('#burst');
        const count = document.querySelector('#burst-count');
        const channel = new MessageChannel();
        let i = 0;
        channel.port1.onmessage = () => {
          const item = document.createElement('li');
          item.textContent = String(i);
          list.append(item);
          count.textContent = String(i);
          i++;
          if (i < n) channel.port2.postMessage(null);
          else resolve();
        };
        channel.port2.postMessage(null);
      }),
    N,
  );
  await until(async () => (await consolePage.evaluate(() => window.__added.length)) >= N, { what: 'every item in the replay', timeoutMs: 20_000 });
  const batches = (await demo.evaluate(() => window.__sentBatches)) - batchesBefore;
  assert.ok(batches >= 10, `the burst went out in ${batches} batches: too few to show their order`);
  const { added, counts } = await consolePage.evaluate(() => ({ added: window.__added, counts: window.__counts }));
  assert.deepEqual(added, Array.from({ length: N }, (_, i) => i), 'items missing, repeated or out of order');
  assert.equal(counts.at(-1), N - 1);
  for (let i = 1; i < counts.length; i++) assert.ok(counts[i] >= counts[i - 1], `the counter went back from ${counts[i - 1]} to ${counts[i]}`);
  assert.deepEqual(
    await inReplay(consolePage, sessionId, (doc) => [...doc.querySelectorAll('#burst li')].map((li) => Number(li.textContent))),
    Array.from({ length: N }, (_, i) => i),
  );
});
