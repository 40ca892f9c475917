// Issue 5, acceptance 6: each <canvas> of the user's page reaches the agent as a WebRTC video track
// (no consent: it is page content) and is painted in place in the replay; the frame rate follows
// how often the page draws: the animated canvas streams, the still one drops to about 1 fps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join as joinPath } from 'node:path';
import { artifacts, until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openConsole, join, inReplay, watchErrors } from '../lib/browser.mjs';
import { peerStats, recordMedia } from '../lib/media.mjs';

// The blocked-canvas page is served by the test (route.fulfill): Chromium's Local Network Access
// checks would take it for a public page and refuse its WebSocket to the loopback node.
const suite = nodeAndBrowser({ browserArgs: ['--disable-features=LocalNetworkAccessChecks'] });
const WINDOW_MS = 3000;

/** Frames encoded so far per outbound video stream, on the user's page (the sending side). */
function framesSent(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const pc of window.__media.peers) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((r) => {
        if (r.type === 'outbound-rtp' && r.kind === 'video') out[r.id] = r.framesEncoded ?? 0;
      });
    }
    return out;
  });
}

/** Frames per second of each stream between two samples, slowest first. */
function rates(before, after, seconds) {
  return Object.keys(after).map((key) => (after[key] - (before[key] ?? 0)) / seconds).sort((a, b) => a - b);
}

/** Frames decoded so far per inbound canvas track, on the console (the receiving side). */
async function framesReceived(page) {
  const peers = (await peerStats(page)).filter((p) => p.purpose === 'canvas');
  return Object.assign({}, ...peers.map((p) => p.video));
}

/**
 * What shows in place of a replayed canvas: the video put inside it (the replay runs no scripts, so
 * a canvas shows its children), its on-screen width, and a fingerprint of its current frame.
 */
function replayedCanvas(consolePage, room, id) {
  return inReplay(consolePage, room, (doc, canvasId) => {
    const video = doc.querySelector(`#${canvasId} > video`);
    if (!video || video.videoWidth === 0) return null;
    const scratch = document.createElement('canvas');
    scratch.width = video.videoWidth;
    scratch.height = video.videoHeight;
    const g = scratch.getContext('2d');
    g.drawImage(video, 0, 0);
    const data = g.getImageData(0, 0, scratch.width, scratch.height).data;
    let sum = 0;
    for (let i = 0; i < data.length; i += 397) sum = (sum * 31 + data[i]) % 1_000_000_007;
    return { width: video.getBoundingClientRect().width, pixels: sum };
  }, id);
}

test('an animated canvas streams as changing video, painted in place; a still one drops to a low rate', async () => {
  const userContext = await suite.browser.newContext();
  const agentContext = await suite.browser.newContext();
  await recordMedia(userContext);
  await recordMedia(agentContext);
  const demo = await userContext.newPage();
  const errors = watchErrors(demo);
  await demo.goto(`${suite.node.origin}/demo/canvas.html?user=canvas-user`);
  const sessionId = await until(() => demo.evaluate(() => window.Tandem.getSessionId()), { what: 'a session id' });
  const agent = await openConsole(agentContext, suite.node.origin);
  await join(agent, sessionId);

  await until(async () => Object.values(await framesSent(demo)).filter((n) => n > 0).length === 2, { timeoutMs: 20_000, what: 'both canvases to be sent' });
  await until(async () => Object.values(await framesReceived(agent)).filter((n) => n > 0).length === 2, { timeoutMs: 20_000, what: 'both canvas tracks to arrive' });

  const sent0 = await framesSent(demo);
  const received0 = await framesReceived(agent);
  const start = Date.now();
  // a rate needs a window of time: this waits it out as a measurement, nothing is synchronised on it
  await until(() => Date.now() - start >= WINDOW_MS, { timeoutMs: WINDOW_MS + 1000, intervalMs: 250, what: 'the measuring window' });
  const seconds = (Date.now() - start) / 1000;
  const sentFps = rates(sent0, await framesSent(demo), seconds);
  const receivedFps = rates(received0, await framesReceived(agent), seconds);
  console.log(`sent: ${sentFps.map((f) => f.toFixed(1)).join(', ')} fps; received: ${receivedFps.map((f) => f.toFixed(1)).join(', ')} fps`);
  assert.equal(sentFps.length, 2);
  assert.ok(sentFps[0] <= 1.5, `the still canvas was sent at ${sentFps[0]} fps`);
  assert.ok(sentFps[1] >= 10, `the animated canvas was sent at ${sentFps[1]} fps`);
  assert.equal(receivedFps.length, 2);
  assert.ok(receivedFps[0] <= 1.5, `the slower canvas track arrived at ${receivedFps[0]} fps`);
  assert.ok(receivedFps[1] >= 10, `the faster canvas track arrived at ${receivedFps[1]} fps`);

  // shown in place: the replayed animated canvas changes, the still one shows its chart
  const animated0 = await until(() => replayedCanvas(agent, sessionId, 'animated'), { what: 'a video in the replayed animated canvas' });
  await until(async () => (await replayedCanvas(agent, sessionId, 'animated')).pixels !== animated0.pixels, { what: 'the replayed animated canvas to change' });
  assert.ok(animated0.width >= 100, `the replayed animated canvas is ${animated0.width} px wide`);
  const still = await until(() => replayedCanvas(agent, sessionId, 'still'), { what: 'a video in the replayed still canvas' });
  assert.notEqual(still.pixels, 0, 'the replayed still canvas is blank');
  await agent.screenshot({ path: joinPath(artifacts, 'canvas-agent.png') });
  assert.deepEqual(errors, []);

  await userContext.close();
  await agentContext.close();
});

/**
 * A page whose canvases are all drawn on every frame, one of them open and the others blocked each
 * way a site can block: the attribute on the canvas or around it, the site's own `blockSelector`,
 * and rrweb's `rr-block` class. Served at the node's origin (the demo project allows `self`).
 */
const BLOCKED_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>blocked canvases</title><script src="/tracker.js"></script></head>
<body>
  <canvas id="open" width="160" height="90"></canvas>
  <canvas id="marked" width="160" height="90" data-tandem-block></canvas>
  <div data-tandem-block><canvas id="inside" width="160" height="90"></canvas></div>
  <canvas id="custom" class="card-preview" width="160" height="90"></canvas>
  <canvas id="rrweb" class="rr-block" width="160" height="90"></canvas>
  <script>
    Tandem.start({ server: location.origin, projectKey: 'demo-key', userId: 'blocked-canvas-user', blockSelector: '.card-preview' });
    const contexts = [...document.querySelectorAll('canvas')].map((canvas) => canvas.getContext('2d'));
    (function frame(now) {
      contexts.forEach((g, i) => { g.fillStyle = 'hsl(' + Math.round(now / 10 + i * 60) % 360 + ', 70%, 50%)'; g.fillRect(0, 0, 160, 90); });
      requestAnimationFrame(frame);
    })(0);
  </script>
</body></html>`;

test('a canvas the site blocks never streams as video, whichever way it is blocked', async () => {
  const userContext = await suite.browser.newContext();
  const agentContext = await suite.browser.newContext();
  await recordMedia(userContext);
  await recordMedia(agentContext);
  const pageUrl = `${suite.node.origin}/e2e/blocked-canvases.html`;
  await userContext.route(pageUrl, (route) => route.fulfill({ contentType: 'text/html', body: BLOCKED_PAGE }));
  const user = await userContext.newPage();
  const errors = watchErrors(user);
  await user.goto(pageUrl);
  const sessionId = await until(() => user.evaluate(() => window.Tandem.getSessionId()), { what: 'a session id' });
  const agent = await openConsole(agentContext, suite.node.origin);
  await join(agent, sessionId);

  // every canvas the tracker takes is taken in the same scan, when the console asks: once the open
  // one is sent, any blocked one that slipped through would be sent too
  await until(async () => Object.values(await framesSent(user)).some((n) => n > 0), { timeoutMs: 20_000, what: 'the open canvas to be sent' });
  const tracks = await user.evaluate(() => window.__media.peers
    .filter((pc) => pc.connectionState !== 'closed')
    .flatMap((pc) => pc.getSenders().filter((sender) => sender.track !== null).map((sender) => sender.track.kind)));
  console.log(`video tracks the user's page sends: ${tracks.length} (5 canvases, 4 blocked)`);
  assert.deepEqual(tracks, ['video'], 'only the open canvas may leave the page');
  const frames = await framesSent(user);
  assert.equal(Object.keys(frames).length, 1, `streams sent: ${JSON.stringify(frames)}`);

  await until(() => replayedCanvas(agent, sessionId, 'open'), { timeoutMs: 20_000, what: 'the open canvas in the replay' });
  for (const id of ['marked', 'inside', 'custom', 'rrweb']) {
    assert.equal(await replayedCanvas(agent, sessionId, id), null, `the blocked canvas #${id} shows video in the replay`);
  }
  assert.deepEqual(errors, []);
  await userContext.close();
  await agentContext.close();
});
