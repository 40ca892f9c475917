// The real browsers of the chaos run (scripts/chaos.sh; modules/bench/.../chaos/Browsers.java):
// demo pages whose tracker counts in the page every 500 ms, and consoles watching them, all through
// the run's balancer, so every reconnect lands on whichever node is live. Prints READY once every
// console shows its pages, samples every second until its input closes, then writes a report:
// how far each console's replay lagged its page, whether a counter went backwards, whether the
// room ended for the console ("user left"), and whether each watch caught up at the end. Each
// console's socket openings and closes and the frames that end or refuse a watch (error, ended,
// left) are kept with their time, and each page's tracker sockets and their welcomes and refusals,
// so a watch that ended can be traced to the console or to its page.
import { writeFileSync } from 'node:fs';
import { launch, openDemo, inReplay } from './browser.mjs';
import { until } from './node.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split(/=(.*)/s).slice(0, 2)));
const origin = args.origin;
const pageCount = Number(args.pages ?? 6);
const consoleCount = Number(args.consoles ?? 2);
const CATCH_UP_MS = 30_000;
const JOIN_MS = 120_000;
/** A console more than this far behind its page (two counts) is lagging. */
const LAG_COUNTS = 2;
/** The wire events kept per console or page: its last ones. */
const WIRE_EVENTS = 200;
const AGENT_WIRE = { path: '/ws/agent', received: /^\{"t":"(error|ended|left)"/, sent: /^\{"t":"(join|leave)"/, shown: (text) => text.slice(0, 300) };
// a hello carries the session's secret: only that it was sent is kept
const TRACKER_WIRE = { path: '/ws/tracker', received: /^\{"t":"(welcome|error)"/, sent: /^\{"t":"hello"/, shown: () => 'hello' };

const browser = await launch();
const pages = [];
for (let i = 0; i < pageCount; i++) {
  const { page, sessionId } = await openDemo(await browser.newContext(), origin, `chaos-user-${i}`);
  await page.evaluate(() => {
    const counter = document.createElement('p');
    counter.id = 'chaos-counter';
    counter.dataset.n = '0';
    document.body.appendChild(counter);
    let n = 0;
    setInterval(() => {
      n++;
      counter.dataset.n = String(n);
      counter.textContent = `count ${n}`;
    }, 500);
  });
  // from the tracker's second socket on: the first opened with the page
  pages.push({ page, sessionId, wire: watchWire(page, TRACKER_WIRE) });
}

const consoles = [];
for (let c = 0; c < consoleCount; c++) {
  consoles.push(await openConsole(await browser.newContext({ viewport: { width: 1400, height: 900 } })));
}
const watches = pages.map((p, i) => ({ console: consoles[i % consoleCount], consoleIndex: i % consoleCount, ...p,
  last: 0, lagSince: null, longestLagMs: 0, backwards: 0, userLeft: 0, samples: 0 }));
for (const w of watches) {
  await joinRoom(w.console, w.sessionId);
  await until(() => replayed(w).then((n) => n > 0), { timeoutMs: 60_000, what: `the counter of ${w.sessionId} in its console` });
}
console.log(`READY ${watches.length} watches`);

let running = true;
process.stdin.on('end', () => { running = false; });
process.stdin.resume();
while (running) {
  const started = Date.now();
  for (const w of watches) await sample(w);
  await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - started))));
}

const deadline = Date.now() + CATCH_UP_MS;
for (const w of watches) {
  const target = await counted(w.page);
  while (Date.now() < deadline && (await replayed(w)) < target) await new Promise((r) => setTimeout(r, 250));
  w.caughtUp = (await replayed(w)) >= target;
  w.badgeAtEnd = await badge(w);
}
const report = {
  pages: pages.length,
  consoles: consoles.length,
  watches: watches.length,
  caughtUp: watches.filter((w) => w.caughtUp).length,
  ended: watches.filter((w) => w.userLeft > 0).length,
  endedAtEnd: watches.filter((w) => w.badgeAtEnd === 'user left').length,
  longestLagMs: Math.max(0, ...watches.map((w) => w.longestLagMs)),
  backwards: watches.reduce((sum, w) => sum + w.backwards, 0),
  perWatch: watches.map((w) => ({ room: w.sessionId, console: w.consoleIndex, samples: w.samples, longestLagMs: w.longestLagMs,
    backwards: w.backwards, userLeftSamples: w.userLeft, caughtUp: w.caughtUp, badgeAtEnd: w.badgeAtEnd })),
  consoleWire: consoles.map((c) => c.wire),
  pageWire: pages.map((p) => ({ room: p.sessionId, wire: p.wire })),
};
writeFileSync(args.out, JSON.stringify(report, null, 2));
await browser.close();

async function sample(w) {
  const [target, shown, state] = await Promise.all([counted(w.page), replayed(w), badge(w)]);
  w.samples++;
  // 0 is a replay being rebuilt (a new snapshot after a move), not a count going back
  if (shown > 0 && shown < w.last) w.backwards++;
  w.last = Math.max(w.last, shown);
  if (state === 'user left') w.userLeft++;
  const now = Date.now();
  if (target - shown > LAG_COUNTS) {
    w.lagSince ??= now;
    w.longestLagMs = Math.max(w.longestLagMs, now - w.lagSince);
  } else {
    w.lagSince = null;
  }
}

async function counted(page) {
  return Number(await page.evaluate(() => document.getElementById('chaos-counter')?.dataset.n ?? 0).catch(() => 0));
}

async function replayed(w) {
  const n = await inReplay(w.console, w.sessionId, (doc) => doc.getElementById('chaos-counter')?.dataset.n ?? '0').catch(() => '0');
  return Number(n ?? 0);
}

function badge(w) {
  return w.console.locator(`[data-testid="live-view"][data-room="${w.sessionId}"] [data-testid="badge"]`).getAttribute('data-badge', { timeout: 2000 }).catch(() => 'gone');
}

async function openConsole(context) {
  const page = await context.newPage();
  page.wire = watchWire(page, AGENT_WIRE);
  await page.goto(`${origin}/console/`);
  await page.fill('#username', 'demo');
  await page.fill('#password', args.password);
  await page.click('#login-submit');
  await page.waitForSelector('#agent-name');
  return page;
}

async function joinRoom(consolePage, room) {
  const row = consolePage.locator(`[data-testid="session-row"][data-room="${room}"]`);
  await consolePage.fill('#session-search', room);
  // generous: the run's machine is loaded (a console's first join took over 30 s at load average 35)
  await row.waitFor({ timeout: JOIN_MS });
  await row.locator('[data-testid="join"]').click();
  await consolePage.locator(`[data-testid="live-view"][data-room="${room}"]`).waitFor({ timeout: JOIN_MS });
  await consolePage.fill('#session-search', '');
}

/** The openings and closes of the page's sockets to `wire.path`, and the frames `wire` names, with their time. */
function watchWire(page, wire) {
  const events = [];
  const keep = (what) => {
    events.push(`${new Date().toISOString()} ${what}`);
    if (events.length > WIRE_EVENTS) events.shift();
  };
  page.on('websocket', (ws) => {
    if (!ws.url().endsWith(wire.path)) return;
    keep('socket opened');
    ws.on('close', () => keep('socket closed'));
    ws.on('framereceived', ({ payload }) => {
      const text = typeof payload === 'string' ? payload : '';
      if (wire.received.test(text)) keep(`received ${text.slice(0, 300)}`);
    });
    ws.on('framesent', ({ payload }) => {
      const text = typeof payload === 'string' ? payload : '';
      if (wire.sent.test(text)) keep(`sent ${wire.shown(text)}`);
    });
  });
  return events;
}
