// How live the replay is (issue #15), measured in headless Chromium (Debian's, driven by
// playwright-core from e2e/) against a running node: real pages carrying the tracker, the real
// console. A benchmark, not a test. Prints one JSON line of figures (milliseconds unless named).
//
//   node modules/bench/console-live/live.mjs <origin> <demo agent password> [samples]
//
// - glass to glass: a DOM change on the demo page until the console's replayed DOM has it;
// - control round trip: the agent's click on the replay (remote control, granted on the page)
//   until the page's handler has run and the replay shows its result;
// - join → first frame: a click on Join until the replay shows the page as it is, for the demo
//   page and a ~1 MB page, each join a new session, split into its legs;
// - the page's main thread while the tracker streams a page changing 1,000 text nodes a second,
//   against the same page without the tracker.
//
// Times across the two pages are `Date.now()` of one machine. The pages belong to a project this
// script creates with no pre-join buffer, so every join takes its snapshot on the page then. The
// demo page is the node's own; the others are served from another origin on loopback, as a
// customer's site would be.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { largePage, mutatingPage } from './pages.mjs';

const root = new URL('../../../', import.meta.url);
const { chromium } = createRequire(new URL('e2e/package.json', root))('playwright-core');

const [origin, password, samplesArg] = process.argv.slice(2);
const SAMPLES = Number(samplesArg ?? 60);
/** Seconds of the busy page measured, with the tracker streaming and without it. */
const BUSY_SECONDS = { streaming: SAMPLES, bare: Math.max(10, Math.round(SAMPLES / 3)) };
const LONG_TASK_MS = 50;

// ---- small helpers ----

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await pause(20);
  }
}

/** p50, p95 and max by nearest rank, and how many samples. */
function stats(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const rank = (p) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  const round = (v) => (v === undefined ? null : Math.round(v * 10) / 10);
  return { n: sorted.length, p50: round(rank(50)), p95: round(rank(95)), max: round(sorted[sorted.length - 1]) };
}

/** Spacing between samples: 150 to 400 ms, the same every run; longer than the tracker's 100 ms window. */
const spacing = (i) => 150 + ((i * 97) % 250);

async function api(path, { token, body, method = body === undefined ? 'GET' : 'POST', allow = [] } = {}) {
  const response = await fetch(origin + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (allow.includes(response.status)) return null;
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** The bench project's tracker key: with no pre-join buffer, for the node's own pages and those of `pageOrigin`. */
async function benchProjectKey(token, pageOrigin) {
  const settings = { allowedOrigins: ['self', pageOrigin], privacy: { preJoinBufferSeconds: 0, maskAllInputs: false } };
  const created = await api('/api/admin/projects', { token, body: { id: 'bench-live', name: 'Bench: live', ...settings }, allow: [409] });
  // made by an earlier run on this node: this run's page origin
  return (created ?? (await api('/api/admin/projects/bench-live', { token, body: settings, method: 'PATCH' }))).key;
}

/** Serves `pages` (name → HTML) on a free loopback port; returns its origin and a way to stop it. */
async function servePages(pages) {
  const server = createServer((request, response) => {
    const body = pages[new URL(request.url, 'http://x').pathname.slice(1)];
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(body ?? 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

// ---- what the pages note ----

/** In the console: when the first `events` frame of each room arrived, and the agent's clicks. */
function consoleProbes() {
  window.__firstEvents = {};
  window.__clicks = [];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (typeof e.data === 'string' && e.data.startsWith('{"t":"events"')) {
          const room = /"room":"([^"]+)"/.exec(e.data.slice(0, 300))?.[1];
          if (room && !(room in window.__firstEvents)) window.__firstEvents[room] = Date.now();
        }
      });
    }
  };
  addEventListener('click', (e) => {
    const target = e.target instanceof Element ? e.target.closest('[data-testid="assist-layer"], [data-testid="join"]') : null;
    if (target) window.__clicks.push({ what: target.dataset.testid, at: Date.now() });
  }, true);
}

/** On the user's page: when `start` reached the tracker, when its snapshot left, and long tasks. */
function pageProbes() {
  window.__tracker = { start: null, snapshotSent: null };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (window.__tracker.start === null && typeof e.data === 'string' && e.data.startsWith('{"t":"start"')) window.__tracker.start = Date.now();
      });
    }
    send(data) {
      if (window.__tracker.snapshotSent === null && typeof data === 'string' && data.startsWith('{"t":"events"') && data.slice(0, 80).includes('"snapshot":true')) {
        window.__tracker.snapshotSent = Date.now();
      }
      return super.send(data);
    }
  };
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ at: performance.timeOrigin + entry.startTime, ms: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/** `fn(doc)` inside the live replay of `room` in the console (undefined while there is none). */
function inReplay(consolePage, room, fn, arg) {
  return consolePage.evaluate(({ room, source, arg }) => {
    const iframe = document.querySelector(`[data-testid="live-view"][data-room="${room}"] [data-testid="replay"] iframe`);
    const doc = iframe && iframe.contentDocument;
    if (!doc || !doc.body) return undefined;
    return new Function('doc', 'arg', `return (${source})(doc, arg);`)(doc, arg);
  }, { room, source: fn.toString(), arg });
}

// ---- the browser's sides ----

async function openConsole(browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(consoleProbes);
  const page = await context.newPage();
  await page.goto(`${origin}/console/`);
  await page.fill('#username', 'demo');
  await page.fill('#password', password);
  await page.click('#login-submit');
  await page.waitForSelector('#agent-name');
  return page;
}

async function openPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(pageProbes);
  const page = await context.newPage();
  await page.goto(url);
  return { context, page };
}

async function openUserPage(browser, url) {
  const { context, page } = await openPage(browser, url);
  const room = await until(() => page.evaluate(() => window.Tandem && window.Tandem.getSessionId()), 'the tracker');
  return { context, page, room };
}

function liveView(consolePage, room) {
  return consolePage.locator(`[data-testid="live-view"][data-room="${room}"]`);
}

async function join(consolePage, room) {
  const row = consolePage.locator(`[data-testid="session-row"][data-room="${room}"]`);
  await row.waitFor({ timeout: 30_000 });
  await row.locator('[data-testid="join"]').click();
  await liveView(consolePage, room).waitFor();
}

async function leave(consolePage, room) {
  await liveView(consolePage, room).getByTestId('leave').click();
  await liveView(consolePage, room).waitFor({ state: 'detached' });
}

// ---- the figures ----

/** A DOM change on the page (a new element) until the replayed DOM has it. */
async function glassToGlass(consolePage, page, room) {
  await page.evaluate(() => document.body.append(Object.assign(document.createElement('div'), { id: 'bench-g2g' })));
  await until(() => inReplay(consolePage, room, (doc) => !!doc.querySelector('#bench-g2g')), 'the probe element in the replay');
  await inReplay(consolePage, room, (doc) => {
    const seen = (doc.defaultView.parent.__g2g = {});
    new MutationObserver((records) => {
      const at = Date.now();
      for (const record of records) for (const node of record.addedNodes) if (node.dataset?.g2g) seen[node.dataset.g2g] ??= at;
    }).observe(doc.querySelector('#bench-g2g'), { childList: true });
  });
  const made = [];
  for (let i = 0; i < SAMPLES; i++) {
    await pause(spacing(i));
    made.push(await page.evaluate((i) => {
      const mark = Object.assign(document.createElement('b'), { textContent: `${i} ` });
      mark.dataset.g2g = String(i);
      document.querySelector('#bench-g2g').append(mark);
      return Date.now();
    }, i));
  }
  const seen = await until(async () => {
    const seen = await consolePage.evaluate(() => window.__g2g);
    return Object.keys(seen).length >= SAMPLES && seen;
  }, 'every change in the replay');
  return stats(made.map((at, i) => seen[i] - at));
}

/** The agent's click on the demo's counter, through the replay, until the replay shows the new count. */
async function controlRoundTrip(consolePage, page, room) {
  const view = liveView(consolePage, room);
  await view.getByTestId('request-control').click();
  await page.locator('[data-tandem-assist]').getByRole('button', { name: 'Accept' }).click();
  await view.locator('[data-testid="control-state"][data-state="granted"]').waitFor();
  await view.getByTestId('assist-layer').waitFor();
  // the replay shows the user's viewport: the counter must be in it
  await page.evaluate(() => document.querySelector('#counter').scrollIntoView({ block: 'center' }));
  await until(() => inReplay(consolePage, room, (doc) => {
    const box = doc.querySelector('#counter').getBoundingClientRect();
    return box.top >= 0 && box.bottom <= doc.defaultView.innerHeight;
  }), 'the counter in the replayed viewport');
  await page.evaluate(() => {
    window.__handled = [];
    // after the page's own handler, which was added first
    document.querySelector('#counter').addEventListener('click', () => window.__handled.push(Date.now()));
  });
  await inReplay(consolePage, room, (doc) => {
    const seen = (doc.defaultView.parent.__count = {});
    const count = doc.querySelector('#count');
    new MutationObserver(() => {
      seen[count.textContent] ??= Date.now();
    }).observe(count, { childList: true, characterData: true, subtree: true });
  });
  const start = Number(await page.evaluate(() => document.querySelector('#count').textContent));
  const clicksBefore = await consolePage.evaluate(() => window.__clicks.length);
  for (let i = 1; i <= SAMPLES; i++) {
    await pause(spacing(i));
    const point = await consolePage.evaluate((room) => {
      const iframe = document.querySelector(`[data-testid="live-view"][data-room="${room}"] [data-testid="replay"] iframe`);
      const frame = iframe.getBoundingClientRect();
      const scale = frame.width / iframe.offsetWidth;
      const box = iframe.contentDocument.querySelector('#counter').getBoundingClientRect();
      return { x: frame.left + (box.left + box.width / 2) * scale, y: frame.top + (box.top + box.height / 2) * scale };
    }, room);
    await consolePage.mouse.click(point.x, point.y);
    await until(() => consolePage.evaluate((n) => window.__count[n], String(start + i)), `count ${start + i} in the replay`);
  }
  const clicks = (await consolePage.evaluate(() => window.__clicks)).slice(clicksBefore).filter((c) => c.what === 'assist-layer');
  const handled = await page.evaluate(() => window.__handled);
  const shown = await consolePage.evaluate(() => window.__count);
  const legs = clicks.map((click, i) => ({ click: click.at, handled: handled[i], shown: shown[String(start + i + 1)] }));
  await view.getByTestId('stop-assist').click();
  return {
    ...stats(legs.map((l) => l.shown - l.click)),
    toPageHandler: stats(legs.map((l) => l.handled - l.click)),
    backToReplay: stats(legs.map((l) => l.shown - l.handled)),
  };
}

/** One join of a fresh session: Join clicked until the replay shows the page's marker, and its legs. */
async function joinOnce(browser, consolePage, url, marker) {
  const { context, page, room } = await openUserPage(browser, url);
  try {
    await page.evaluate((marker) => document.body.setAttribute('data-bench-join', marker), marker);
    const row = consolePage.locator(`[data-testid="session-row"][data-room="${room}"]`);
    await row.waitFor({ timeout: 30_000 });
    // checked on every frame the console paints, from before the click
    await consolePage.evaluate(({ room, marker }) => {
      window.__firstFrame ??= {};
      const until = Date.now() + 60_000;
      const look = () => {
        const iframe = document.querySelector(`[data-testid="live-view"][data-room="${room}"] [data-testid="replay"] iframe`);
        if (iframe?.contentDocument?.body?.getAttribute('data-bench-join') === marker) window.__firstFrame[room] = Date.now();
        else if (Date.now() < until) requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    }, { room, marker });
    await row.locator('[data-testid="join"]').click();
    const firstFrame = await until(() => consolePage.evaluate((room) => window.__firstFrame[room], room), `the first frame of ${url}`, 60_000);
    const clicked = (await consolePage.evaluate(() => window.__clicks)).filter((c) => c.what === 'join').at(-1).at;
    const received = await consolePage.evaluate((room) => window.__firstEvents[room], room);
    const { tracker, longest } = await page.evaluate(() => ({
      tracker: window.__tracker,
      longest: Math.max(0, ...window.__longTasks.filter((t) => t.at >= window.__tracker.start - 20).map((t) => t.ms)),
    }));
    await leave(consolePage, room);
    return {
      total: firstFrame - clicked,
      toTracker: tracker.start - clicked,
      onPage: tracker.snapshotSent - tracker.start,
      transfer: received - tracker.snapshotSent,
      inConsole: firstFrame - received,
      longestTaskOnPage: longest,
    };
  } finally {
    await context.close();
  }
}

async function joins(browser, consolePage, url, name) {
  const samples = [];
  for (let i = 0; i < SAMPLES; i++) {
    samples.push(await joinOnce(browser, consolePage, url, `${name}-${i}`));
    await pause(spacing(i));
  }
  const figure = (key) => stats(samples.map((s) => s[key]));
  return {
    ...figure('total'),
    legs: { toTracker: figure('toTracker'), snapshotOnPage: figure('onPage'), transfer: figure('transfer'), inConsole: figure('inConsole') },
    longestTaskOnPage: figure('longestTaskOnPage'),
  };
}

/** The busy page's main thread, one sample a second: script time (CDP `ScriptDuration`) and long tasks. */
async function mainThread(page, seconds) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const script = metrics.find((m) => m.name === 'ScriptDuration').value * 1000;
    return { at: Date.now(), script, changes: await page.evaluate(() => window.__changes) };
  };
  await pause(1000);
  const from = Date.now();
  const perSecond = [];
  let last = await read();
  for (let i = 0; i < seconds; i++) {
    await pause(1000);
    const now = await read();
    perSecond.push({ scriptMs: ((now.script - last.script) * 1000) / (now.at - last.at), changes: ((now.changes - last.changes) * 1000) / (now.at - last.at) });
    last = now;
  }
  const tasks = await page.evaluate((from) => window.__longTasks.filter((t) => t.at >= from), from);
  return {
    seconds,
    scriptMsPerSecond: stats(perSecond.map((s) => s.scriptMs)),
    changesPerSecond: stats(perSecond.map((s) => s.changes)),
    longTasksOver50Ms: tasks.filter((t) => t.ms > LONG_TASK_MS).length,
    longestTaskMs: Math.round(Math.max(0, ...tasks.map((t) => t.ms))),
  };
}

async function busyPage(browser, consolePage, pagesOrigin) {
  const without = await openPage(browser, `${pagesOrigin}/busy-bare.html`);
  const withoutTracker = await mainThread(without.page, BUSY_SECONDS.bare);
  await without.context.close();

  const { context, page, room } = await openUserPage(browser, `${pagesOrigin}/busy.html`);
  await join(consolePage, room);
  await until(() => inReplay(consolePage, room, (doc) => !!doc.querySelector('#grid')), 'the busy page in the replay');
  const streaming = await mainThread(page, BUSY_SECONDS.streaming);
  // how far behind the replay is at the end: the page's newest change until the replay has it
  const newest = await page.evaluate(() => window.__changes - 1);
  const asked = Date.now();
  await until(() => inReplay(consolePage, room, (doc, n) => [...doc.querySelectorAll('#grid .c')].some((c) => Number(c.textContent) >= n), newest), 'the replay to catch up');
  const behindAtEndMs = Date.now() - asked;
  await leave(consolePage, room);
  await context.close();
  return { nodesChangedPerSecondAsked: 1000, withoutTracker, streaming: { ...streaming, replayBehindAtEndMs: behindAtEndMs } };
}

// ---- the run ----

const pages = {};
const served = await servePages(pages);
const { token } = await api('/api/auth/login', { body: { username: 'demo', password } });
const key = await benchProjectKey(token, served.origin);
Object.assign(pages, { 'large.html': largePage(origin, key), 'busy.html': mutatingPage(origin, key), 'busy-bare.html': mutatingPage(origin, null) });
const demoUrl = (user) => `${origin}/demo/?user=${user}&projectKey=${encodeURIComponent(key)}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
});
try {
  const consolePage = await openConsole(browser);
  const demo = await openUserPage(browser, demoUrl('bench-live'));
  await join(consolePage, demo.room);
  await until(() => inReplay(consolePage, demo.room, (doc) => !!doc.querySelector('#counter')), 'the demo page in the replay');
  const g2g = await glassToGlass(consolePage, demo.page, demo.room);
  const control = await controlRoundTrip(consolePage, demo.page, demo.room);
  await leave(consolePage, demo.room);
  await demo.context.close();

  const joinDemo = await joins(browser, consolePage, demoUrl('bench-join'), 'demo');
  const joinLarge = await joins(browser, consolePage, `${served.origin}/large.html`, 'large');
  const busy = await busyPage(browser, consolePage, served.origin);
  console.log(JSON.stringify({
    samples: SAMPLES,
    glassToGlassMs: g2g,
    controlRoundTripMs: control,
    joinDemoMs: joinDemo,
    joinLargeMs: { ...joinLarge, pageBytes: Buffer.byteLength(pages['large.html']) },
    busyPage: busy,
  }));
} finally {
  await browser.close();
  await served.close();
}
