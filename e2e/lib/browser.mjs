// Debian's Chromium, driven by playwright-core; never a downloaded browser.
import { chromium } from 'playwright-core';
import { AGENT, until } from './node.mjs';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // calls: a synthetic camera and microphone, and no permission prompt
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [...FLAGS, ...extraArgs],
  });
}

/** Collects uncaught page errors so a test can assert the tracker threw none. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  return errors;
}

/** Opens the demo page as an end user and returns its session id once the tracker has one (it may not be connected yet). */
export async function openDemo(context, origin, user = 'e2e-user') {
  const page = await context.newPage();
  await page.goto(`${origin}/demo/?user=${encodeURIComponent(user)}`);
  const sessionId = await until(() => page.evaluate(() => window.Tandem && window.Tandem.getSessionId()), {
    what: 'the tracker to have a session id',
  });
  return { page, sessionId };
}

/** What the console's Content-Security-Policy refused, in any console of this test file. */
export const cspViolations = [];

/** Logs the demo agent into the console; `watch(page)` runs before the console opens its socket. */
export async function openConsole(context, origin, watch = () => {}) {
  const page = await context.newPage();
  watch(page);
  page.on('console', (message) => {
    if (/Content Security Policy/.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(`${origin}/console/`);
  await page.fill('#username', AGENT.username);
  await page.fill('#password', AGENT.password);
  await page.click('#login-submit');
  await page.waitForSelector('#agent-name');
  return page;
}

/**
 * Joins from the session list. A room not on the page the console shows is searched for by its id
 * (the node searches), as an agent would; the search is cleared once the room is joined.
 */
export async function join(consolePage, room) {
  const row = consolePage.locator(`[data-testid="session-row"][data-room="${room}"]`);
  const searched = (await row.count()) === 0;
  if (searched) {
    await consolePage.fill('#session-search', room);
  }
  await row.waitFor({ timeout: 10_000 });
  await row.locator('[data-testid="join"]').click();
  await consolePage.locator(`[data-testid="live-view"][data-room="${room}"]`).waitFor();
  if (searched) {
    await consolePage.fill('#session-search', '');
  }
}

/** Evaluates `fn(document)` inside the replayed page of a live view (the replayer's iframe). */
export function inReplay(consolePage, room, fn, arg) {
  return consolePage.evaluate(
    ({ room, source, arg }) => {
      const iframe = document.querySelector(`[data-testid="live-view"][data-room="${room}"] [data-testid="replay"] iframe`);
      const doc = iframe && iframe.contentDocument;
      if (!doc || !doc.body) return undefined;
      return new Function('doc', 'arg', `return (${source})(doc, arg);`)(doc, arg);
    },
    { room, source: fn.toString(), arg },
  );
}

/** Makes a demo tab look shown or hidden to its tracker, as switching browser tabs would. */
export function setVisible(page, visible) {
  return page.evaluate((shown) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (shown ? 'visible' : 'hidden') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => !shown });
    document.dispatchEvent(new Event('visibilitychange'));
  }, visible);
}

/** The live view of one room in the console. */
export function liveView(consolePage, room) {
  return consolePage.locator(`[data-testid="live-view"][data-room="${room}"]`);
}
