// Issue #5, acceptance 5: annotations. Nothing is on the user's page before the agent draws (and
// nothing may be drawn before the grant); after it, the stroke's pixels are on the user's overlay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openDemo, openConsole, join, inReplay, liveView, watchErrors } from '../lib/browser.mjs';
import { rawAgent } from '../lib/wire.mjs';
import { assistPanel, consentState, nthError } from '../lib/assist.mjs';

// STUN on a free port: another node may hold the default one
const suite = nodeAndBrowser({ env: { TANDEM_STUN_PORT: '0' } });
const VIEWPORT = { width: 1000, height: 600 };

/** Red pixels on the overlay canvas inside the rectangle (CSS pixels), or null without an overlay. */
function redPixels(demo, box) {
  return demo.evaluate((box) => {
    const canvas = document.querySelector('[data-tandem-annotation]')?.shadowRoot?.querySelector('canvas');
    if (!canvas) return null;
    const ratio = canvas.width / window.innerWidth;
    const data = canvas.getContext('2d').getImageData(box.x * ratio, box.y * ratio, box.width * ratio, box.height * ratio).data;
    let red = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 100 && data[i] > 150 && data[i + 1] < 100) red++;
    }
    return red;
  }, box);
}

test("a stroke drawn after the grant appears on the user's overlay; nothing before", async () => {
  const { page: demo, sessionId } = await openDemo(await suite.browser.newContext({ viewport: VIEWPORT }), suite.node.origin, 'annotate-user');
  const errors = watchErrors(demo);
  const agent = await rawAgent(await suite.browser.newContext(), suite.node.origin);
  await agent.join(sessionId);
  const tab = await demo.evaluate(() => window.Tandem.getTabId());
  const stroke = (id) => ({
    t: 'annotate', room: sessionId, tab, done: true,
    stroke: { id, points: [[100, 200], [200, 210], [300, 220], [400, 230]], color: '#e11d48', width: 8 },
  });

  assert.equal(await redPixels(demo, { x: 0, y: 0, width: 1000, height: 600 }), null, 'no overlay before anything was drawn');
  await agent.send(stroke('before-grant'));
  assert.match((await nthError(agent, 'CONSENT_REQUIRED', 1)).message, /live 'annotate' grant/);
  assert.equal(await redPixels(demo, { x: 0, y: 0, width: 1000, height: 600 }), null, 'a refused stroke draws nothing');
  assert.equal(await suite.node.metric('tandem_consent_total', { kind: 'annotate', outcome: 'refused' }), 1);

  await agent.send({ t: 'consent', room: sessionId, kind: 'annotate', action: 'request' });
  await assistPanel(demo).getByText('Demo Agent asks to draw on your screen').waitFor();
  await assistPanel(demo).getByRole('button', { name: 'Accept' }).click();
  await consentState(agent, sessionId, 'annotate', 'granted');
  assert.equal(await redPixels(demo, { x: 0, y: 0, width: 1000, height: 600 }), null, 'still nothing before the first stroke');

  await agent.send(stroke('after-grant'));
  const drawn = await until(() => redPixels(demo, { x: 90, y: 190, width: 320, height: 50 }), { what: 'the stroke on the overlay' });
  assert.ok(drawn > 500, `only ${drawn} red pixels along the stroke`);
  assert.equal(await redPixels(demo, { x: 500, y: 300, width: 400, height: 250 }), 0, 'pixels away from the stroke stay clear');
  const hit = await demo.evaluate(() => document.elementFromPoint(200, 210)?.closest('[data-tandem-annotation]'));
  assert.equal(hit, null, 'the overlay takes no pointer events');
  await until(async () => (await redPixels(demo, { x: 90, y: 190, width: 320, height: 50 })) === 0, { timeoutMs: 15_000, what: 'the stroke to fade' });
  assert.deepEqual(errors, []);
});

test("the console's draw mode sends strokes in the user's viewport coordinates", async () => {
  const { page: demo, sessionId } = await openDemo(await suite.browser.newContext({ viewport: VIEWPORT }), suite.node.origin, 'console-draw-user');
  const consolePage = await openConsole(await suite.browser.newContext({ viewport: { width: 1400, height: 900 } }), suite.node.origin);
  await join(consolePage, sessionId);
  const view = liveView(consolePage, sessionId);
  await until(() => inReplay(consolePage, sessionId, (doc) => !!doc.querySelector('#counter')), { what: 'the snapshot' });

  await view.getByTestId('request-annotate').click();
  await assistPanel(demo).getByRole('button', { name: 'Accept' }).click();
  await view.locator('[data-testid="annotate-state"][data-state="granted"]').waitFor();
  await view.getByTestId('request-annotate').click();
  await view.locator('[data-testid="assist-layer"][data-mode="draw"]').waitFor();

  // from the user's viewport point (200, 300) to (500, 300), through the fitted replay's scale
  const toConsole = (x, y) => consolePage.evaluate(({ room, x, y }) => {
    const iframe = document.querySelector(`[data-testid="live-view"][data-room="${room}"] [data-testid="replay"] iframe`);
    const box = iframe.getBoundingClientRect();
    const scale = box.width / iframe.offsetWidth;
    return { x: box.left + x * scale, y: box.top + y * scale };
  }, { room: sessionId, x, y });
  const start = await toConsole(200, 300);
  const end = await toConsole(500, 300);
  await consolePage.mouse.move(start.x, start.y);
  await consolePage.mouse.down();
  await consolePage.mouse.move(end.x, end.y, { steps: 12 });
  await consolePage.mouse.up();

  const drawn = await until(() => redPixels(demo, { x: 210, y: 290, width: 280, height: 20 }), { what: "the console's stroke on the user's page" });
  assert.ok(drawn > 300, `only ${drawn} red pixels along the stroke`);
  assert.equal(await redPixels(demo, { x: 200, y: 400, width: 300, height: 150 }), 0, 'the stroke is where it was drawn');
});
