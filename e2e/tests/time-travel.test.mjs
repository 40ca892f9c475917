// Issue: time travel. The user does A, then B, then C before any agent watches; the demo project
// lets the tracker keep a pre-join buffer, so the agent who joins after C can scrub to between A
// and B: the replay shows the state after A and the console panel the logs up to A. "Back to live"
// shows the current state, from the live replay that kept running, and it keeps streaming.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openDemo, openConsole, join, inReplay, liveView } from '../lib/browser.mjs';

const suite = nodeAndBrowser();

/** The user's step: a name typed and a console line logged; returns the user's clock after it. */
async function step(demo, name, log) {
  await demo.fill('#name', name);
  return demo.evaluate((line) => {
    console.log(line);
    return Date.now();
  }, log);
}

/** Waits until the user's clock has passed `time`, so the next step happens strictly later. */
function after(demo, time) {
  return until(async () => (await demo.evaluate(() => Date.now())) > time + 20, { what: 'the clock to move on' });
}

/**
 * Flags `window.__tandemWelcomed` once the tracker's socket has received `welcome` (it buffers from
 * then on) and counts in `window.__tandemSent` the frames of each type the tracker writes.
 */
function watchTracker(context) {
  return context.addInitScript(() => {
    const Native = window.WebSocket;
    window.__tandemSent = {};
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => {
          if (typeof e.data === 'string' && e.data.startsWith('{"t":"welcome"')) window.__tandemWelcomed = true;
        });
      }
      send(data) {
        const type = /^\{"t":"(\w+)"/.exec(String(data))?.[1] ?? 'other';
        window.__tandemSent[type] = (window.__tandemSent[type] ?? 0) + 1;
        super.send(data);
      }
    };
  });
}

/** `fn(doc)` inside the rewind replay of a live view, like `inReplay` for the live one. */
function inRewind(consolePage, room, fn) {
  return consolePage.evaluate(
    ({ room, source }) => {
      const iframe = document.querySelector(`[data-testid="live-view"][data-room="${room}"] [data-testid="rewind-replay"] iframe`);
      const doc = iframe && iframe.contentDocument;
      if (!doc || !doc.body) return undefined;
      return new Function('doc', `return (${source})(doc);`)(doc);
    },
    { room, source: fn.toString() },
  );
}

/** The steps' console lines ("A done", …) the live view's panel shows now. */
async function shownLogs(view) {
  const lines = await view.locator('[data-testid="console-entry"]:not([hidden]) .console-text').allTextContents();
  return lines.filter((line) => /^[A-Z] done$/.test(line));
}

test('an agent who joins after C rewinds to between A and B, sees the logs up to A, then goes back to live', async () => {
  const user = await suite.browser.newContext();
  await watchTracker(user);
  const { page: demo, sessionId } = await openDemo(user, suite.node.origin, 'time-travel-user');
  await until(() => demo.evaluate(() => window.__tandemWelcomed), { what: "the tracker's welcome" });
  const consolePage = await openConsole(await suite.browser.newContext(), suite.node.origin);
  await after(demo, await demo.evaluate(() => Date.now()));
  const beforeA = await demo.evaluate(() => Date.now());
  const afterA = await step(demo, 'after A', 'A done');
  await after(demo, afterA);
  const beforeB = await demo.evaluate(() => Date.now());
  const afterB = await step(demo, 'after B', 'B done');
  await after(demo, afterB);
  await step(demo, 'after C', 'C done');
  assert.equal(await demo.evaluate(() => window.__tandemSent.events ?? 0), 0, 'page events left the page before an agent joined');

  await join(consolePage, sessionId);
  const view = liveView(consolePage, sessionId);
  await until(async () => (await inReplay(consolePage, sessionId, (doc) => doc.querySelector('#name')?.value)) === 'after C', {
    what: 'the live replay to show C',
  });
  const history = () => consolePage.evaluate((room) => window.__tandemConsole.history(room), sessionId);
  await until(async () => (await history()).from < beforeA, {
    what: 'the history to reach back before A',
  });
  await until(async () => (await shownLogs(view)).includes('C done'), { what: 'the logs of C' });
  assert.equal(await view.getAttribute('data-mode'), 'live');
  assert.ok(await view.locator('[data-testid="back-to-live"]').isDisabled(), 'Back to live is enabled while live');
  // the live replay's iframe, marked: it must be the same one after the return
  await consolePage.evaluate((room) => {
    document.querySelector(`[data-testid="live-view"][data-room="${room}"] [data-testid="replay"] iframe`).__e2eLive = true;
  }, sessionId);

  const between = Math.floor((afterA + beforeB) / 2);
  const scrubber = view.locator('input[data-testid="scrubber"]');
  const span = await scrubber.evaluate((input, room) => ({ min: input.min, max: input.max, history: window.__tandemConsole.history(room) }), sessionId);
  assert.deepEqual([Number(span.min), Number(span.max)], [span.history.from, span.history.to]);
  await scrubber.fill(String(between));

  assert.equal(await view.getAttribute('data-mode'), 'rewind');
  assert.equal(Number(await scrubber.inputValue()), between);
  await until(async () => (await inRewind(consolePage, sessionId, (doc) => doc.querySelector('#name')?.value)) === 'after A', {
    what: 'the rewind replay to show the state after A',
  });
  assert.equal(await view.locator('[data-testid="rewind-replay"] iframe').getAttribute('sandbox'), 'allow-same-origin');
  assert.ok(await view.locator('[data-testid="replay"]').isHidden(), 'the live replay is shown while rewinding');
  assert.deepEqual(await shownLogs(view), ['A done']);

  // the user goes on while the agent looks back: the rewind stays, the hidden live replay follows
  await step(demo, 'during the rewind', 'D done');
  await until(async () => (await inReplay(consolePage, sessionId, (doc) => doc.querySelector('#name')?.value)) === 'during the rewind', {
    what: 'the hidden live replay to follow the user',
  });
  assert.equal(await inRewind(consolePage, sessionId, (doc) => doc.querySelector('#name')?.value), 'after A');
  assert.deepEqual(await shownLogs(view), ['A done']);

  await view.locator('[data-testid="back-to-live"]').click();
  assert.equal(await view.getAttribute('data-mode'), 'live');
  assert.ok(await view.locator('[data-testid="replay"]').isVisible(), 'the live replay is hidden after the return');
  assert.equal(await view.locator('[data-testid="rewind-replay"] iframe').count(), 0, 'the rewind replay is still there');
  assert.equal(await inReplay(consolePage, sessionId, (doc) => doc.querySelector('#name').value), 'during the rewind');
  assert.equal(await inReplay(consolePage, sessionId, (doc) => doc.defaultView.frameElement.__e2eLive), true, 'the live replay was rebuilt');
  // D's log line left the page after its input, possibly in the next batch: wait for it, then check them all
  await until(async () => (await shownLogs(view)).includes('D done'), { what: 'the log of D' });
  assert.deepEqual(await shownLogs(view), ['A done', 'B done', 'C done', 'D done']);

  await step(demo, 'back live', 'E done');
  await until(async () => (await inReplay(consolePage, sessionId, (doc) => doc.querySelector('#name')?.value)) === 'back live', {
    what: 'the live replay to keep streaming',
  });
  await until(async () => (await shownLogs(view)).includes('E done'), { what: 'the console to keep streaming' });
  assert.equal(await consolePage.evaluate(() => performance.getEntriesByType('navigation').length), 1, 'the console reloaded');
});
