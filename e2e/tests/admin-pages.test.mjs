// Issue #18, part 1: the admin pages of the console, in real Chromium against a real node, all
// through the REST API. Projects (a snippet that works on another origin), agents (non-admins see
// nothing and get 403; a disabled agent cannot sign in), the audit log (a consent grant found by
// its filters, linked to its live session) and recordings (played in the page). Each page is
// captured for docs/screenshots; the suite fails on any Content-Security-Policy violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join as joinPath } from 'node:path';
import { AGENT, artifacts, until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { cspViolations, inReplay, join, liveView, openConsole, openDemo } from '../lib/browser.mjs';
import { assistPanel } from '../lib/assist.mjs';
import { framesKeepComing, recordMedia } from '../lib/media.mjs';

const suite = nodeAndBrowser();
const VIEWPORT = { width: 1280, height: 860 };
const screenshots = joinPath(artifacts, 'screenshots');
mkdirSync(screenshots, { recursive: true });

/** A site on another loopback origin (another port): every path answers the HTML `site.html` holds then. */
async function startSite() {
  const site = { html: '' };
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(site.html);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.origin = `http://127.0.0.1:${server.address().port}`;
  site.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  };
  return site;
}

/** Opens the console as any agent; `#agent-name` appears only once the login went through. */
async function signIn(context, username, password) {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(`${suite.node.origin}/console/`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login-submit');
  return page;
}

async function adminToken() {
  const response = await fetch(`${suite.node.origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(AGENT),
  });
  return (await response.json()).token;
}

/** Signs in `count` times and waits until the log holds those sign-ins, entries newer than any shown. */
async function signInsLogged(count) {
  const token = await adminToken();
  const logins = async () => {
    const response = await fetch(`${suite.node.origin}/api/admin/audit?kind=login&limit=${count}`, { headers: { authorization: `Bearer ${token}` } });
    return (await response.json()).items.map((entry) => entry.id);
  };
  const newest = (await logins())[0] ?? 0;
  for (let i = 0; i < count; i++) {
    await adminToken();
  }
  await until(async () => (await logins()).filter((id) => id > newest).length === count, { what: `${count} new sign-ins in the audit log` });
}

async function createAgent(id, password, roles = ['agent'], projects = ['demo']) {
  const response = await fetch(`${suite.node.origin}/api/admin/agents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken()}` },
    body: JSON.stringify({ id, password, roles, projects }),
  });
  assert.equal(response.status, 201, await response.text());
}

/** Moves keyboard focus with Tab until `predicate(activeElement)` holds; fails after `max` presses. */
async function tabTo(page, predicate, arg, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate, arg)) return;
  }
  throw new Error(`Tab never reached the element (${predicate})`);
}

/** The focused element draws a visible outline. */
function focusOutline(page) {
  return page.evaluate(() => {
    const style = getComputedStyle(document.activeElement);
    return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  });
}

async function openAdminPage(page, label) {
  await page.locator('[data-testid="admin-nav"] a', { hasText: label }).click();
  await page.locator('.admin-area h1', { hasText: label }).waitFor();
}

test("the console's CSP is the one the admin pages keep to", async () => {
  const response = await fetch(`${suite.node.origin}/console/`);
  const policy = response.headers.get('content-security-policy');
  assert.match(policy, /script-src 'self'/);
  assert.match(policy, /connect-src 'self'/);
  assert.match(policy, /media-src [^;]*blob:/, 'recordings play from blob: URLs');
});

test('an admin creates a project in the page, and a page on another origin carrying its snippet appears live', async () => {
  const admin = await openConsole(await suite.browser.newContext({ viewport: VIEWPORT }), suite.node.origin);
  // the keyboard reaches the Projects page through the navigation, with a visible focus ring
  await tabTo(admin, () => document.activeElement?.textContent === 'Projects');
  assert.ok(await focusOutline(admin), 'the focused navigation link shows no focus');
  await admin.keyboard.press('Enter');
  await admin.locator('.admin-area h1', { hasText: 'Projects' }).waitFor();
  assert.equal(await admin.evaluate(() => document.activeElement?.textContent), 'Projects', 'the page heading takes focus');

  const site = await startSite();
  const create = admin.locator('[data-testid="project-create"]');
  await create.getByLabel('Id', { exact: true }).fill('shop-e2e');
  await create.getByLabel('Name', { exact: true }).fill('Shop (e2e)');
  // a path in an origin: the API's message lands next to the origins field
  await create.getByLabel('Allowed origins').fill('https://shop.example/checkout');
  await create.getByLabel('Id', { exact: true }).press('Enter');
  const originsError = admin.locator('#project-new-origins-error');
  await originsError.waitFor();
  assert.match(await originsError.textContent(), /allowedOrigins/);
  assert.equal(await create.getByLabel('Allowed origins').getAttribute('aria-invalid'), 'true');
  assert.equal(await admin.evaluate(() => document.activeElement?.id), 'project-new-origins', 'the refused field takes focus');

  await create.getByLabel('Allowed origins').fill(site.origin);
  await create.getByRole('button', { name: 'Create project' }).click();
  const detail = admin.locator('[data-testid="project-detail"]');
  await detail.getByRole('heading', { name: 'Project shop-e2e' }).waitFor();
  assert.equal(await originsError.isHidden(), true, 'the old message stayed');
  const snippet = await detail.getByLabel('Embed snippet').inputValue();
  const key = await detail.locator('[data-testid="project-key"]').textContent();
  assert.ok(key.length > 20);
  assert.ok(snippet.includes(`src="${suite.node.origin}/tracker.js"`), snippet);
  assert.ok(snippet.includes(`projectKey:'${key}'`), snippet);
  // tall enough for the key and the snippet
  await admin.setViewportSize({ width: VIEWPORT.width, height: 1060 });
  await admin.screenshot({ path: joinPath(screenshots, 'admin-projects.png') });

  site.html = `<!doctype html><html><head><title>Shop on another origin</title></head><body><h1 id="shop-heading">Shop</h1>\n${snippet}\n</body></html>`;
  const user = await (await suite.browser.newContext()).newPage();
  await user.goto(`${site.origin}/`);
  assert.notEqual(new URL(user.url()).origin, suite.node.origin);
  const sessionId = await until(() => user.evaluate(() => window.Tandem && window.Tandem.getSessionId()), { what: 'a session id on the other origin' });

  await admin.locator('[data-testid="admin-nav"] a', { hasText: 'Live sessions' }).click();
  await join(admin, sessionId);
  await until(() => inReplay(admin, sessionId, (doc) => doc.querySelector('#shop-heading')?.textContent), { what: "the other origin's page in the viewer" });
  await user.close();
  await site.close();
});

test('an agent without the admin role sees no admin pages, and the admin API answers 403', async () => {
  const admin = await openConsole(await suite.browser.newContext({ viewport: VIEWPORT }), suite.node.origin);
  await openAdminPage(admin, 'Agents');
  const create = admin.locator('[data-testid="agent-create"]');
  await create.getByLabel('Login name').fill('plain-e2e');
  await create.getByLabel('Display name').fill('Plain Agent');
  await create.getByLabel('Password').fill('short');
  await create.locator('input[name="projects"][value="demo"]').check();
  await create.getByRole('button', { name: 'Create agent' }).click();
  const passwordError = admin.locator('#agent-new-password-error');
  await passwordError.waitFor();
  assert.match(await passwordError.textContent(), /'password' must be 10 to 200 characters/);
  await create.getByLabel('Password').fill('plain-password-1');
  await create.getByRole('button', { name: 'Create agent' }).click();
  await admin.locator('tr[data-agent="plain-e2e"]').waitFor();
  assert.match(await admin.locator('tr[data-agent="plain-e2e"]').textContent(), /Plain Agent.*agent.*demo.*active/);
  await admin.getByRole('button', { name: 'Edit agent plain-e2e' }).click();
  await admin.locator('[data-testid="agent-detail"]').getByRole('heading', { name: 'Agent plain-e2e' }).waitFor();
  await admin.screenshot({ path: joinPath(screenshots, 'admin-agents.png') });

  const plain = await signIn(await suite.browser.newContext({ viewport: VIEWPORT }), 'plain-e2e', 'plain-password-1');
  await plain.locator('#agent-name').waitFor();
  assert.equal(await plain.locator('[data-testid="admin-nav"]').count(), 0);
  await plain.evaluate(() => {
    window.location.hash = '#/projects';
  });
  await plain.locator('#session-search').waitFor();
  assert.equal(await plain.locator('.admin-area, [data-testid^="admin-"]').count(), 0, 'an admin page was mounted for a non-admin');
  assert.equal(await plain.locator('#session-search').isVisible(), true);
  const answers = await plain.evaluate(async () => {
    const token = JSON.parse(sessionStorage.getItem('tandem.console.auth')).token;
    const out = [];
    for (const path of ['/api/admin/projects', '/api/admin/agents', '/api/admin/audit', '/api/admin/recordings']) {
      const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
      out.push({ path, status: response.status, type: response.headers.get('content-type') });
    }
    return out;
  });
  for (const answer of answers) {
    assert.equal(answer.status, 403, answer.path);
    assert.equal(answer.type, 'application/problem+json', answer.path);
  }
});

test('an agent disabled in the Agents page cannot sign in; a reset password replaces the old one', async () => {
  await createAgent('leaving-e2e', 'leaving-password-1');
  const leaving = await signIn(await suite.browser.newContext(), 'leaving-e2e', 'leaving-password-1');
  await leaving.locator('#agent-name').waitFor();

  const admin = await openConsole(await suite.browser.newContext({ viewport: VIEWPORT }), suite.node.origin);
  await openAdminPage(admin, 'Agents');
  // disabling yourself is refused, and said next to the box
  await admin.getByRole('button', { name: 'Edit agent demo' }).click();
  const detail = admin.locator('[data-testid="agent-detail"]');
  await detail.getByLabel(/Disabled:/).check();
  await detail.getByRole('button', { name: 'Save changes' }).click();
  const selfError = admin.locator('#agent-edit-disabled-error');
  await selfError.waitFor();
  assert.match(await selfError.textContent(), /cannot disable yourself/);

  await admin.getByRole('button', { name: 'Edit agent leaving-e2e' }).click();
  await detail.getByRole('heading', { name: 'Agent leaving-e2e' }).waitFor();
  await detail.getByLabel('New password').fill('leaving-password-2');
  await detail.getByRole('button', { name: 'Reset password' }).click();
  await admin.locator('.admin-status', { hasText: 'password of leaving-e2e was reset' }).waitFor();
  await leaving.locator('#login-error', { hasText: 'password was reset' }).waitFor();
  const again = await signIn(await suite.browser.newContext(), 'leaving-e2e', 'leaving-password-2');
  await again.locator('#agent-name').waitFor();

  await detail.getByLabel(/Disabled:/).check();
  await detail.getByRole('button', { name: 'Save changes' }).click();
  await admin.locator('tr[data-agent="leaving-e2e"]', { hasText: 'disabled' }).waitFor();
  await again.locator('#login-error', { hasText: 'disabled your account' }).waitFor();

  const refused = await signIn(await suite.browser.newContext(), 'leaving-e2e', 'leaving-password-2');
  await refused.locator('#login-error').waitFor();
  assert.match(await refused.locator('#login-error').textContent(), /wrong username or password/i);
  assert.equal(await refused.locator('#agent-name').count(), 0, 'a disabled agent got in');
});

test("the audit filters find the consent row of a user's grant, linked to its live session", async () => {
  const { page: demo, sessionId } = await openDemo(await suite.browser.newContext(), suite.node.origin, 'audited-user');
  const agent = await openConsole(await suite.browser.newContext({ viewport: VIEWPORT }), suite.node.origin);
  await join(agent, sessionId);
  await liveView(agent, sessionId).locator('[data-testid="request-control"]').click();
  await assistPanel(demo).getByText('Demo Agent asks to take control of your screen').waitFor();
  await assistPanel(demo).getByRole('button', { name: 'Accept' }).click();
  await liveView(agent, sessionId).locator('[data-testid="control-state"][data-state="granted"]').waitFor();

  const admin = await openConsole(await suite.browser.newContext({ viewport: VIEWPORT }), suite.node.origin);
  await openAdminPage(admin, 'Audit log');
  const filters = admin.locator('[data-testid="audit-filters"]');
  await filters.getByLabel('Session').fill(sessionId);
  await filters.getByLabel('Kind').selectOption('consent.control');
  await filters.getByLabel('Outcome').selectOption('granted');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  const rows = admin.locator('[data-testid="audit-row"]');
  await until(async () => (await rows.count()) === 1 && (await rows.first().getAttribute('data-session')) === sessionId, { what: 'the one granted consent row' });
  const row = rows.first();
  assert.equal(await row.getAttribute('data-kind'), 'consent.control');
  assert.equal(await row.getAttribute('data-outcome'), 'granted');
  assert.match(await row.textContent(), /"by":"user"/);

  // every entry, ten a page: older and back, while new entries arrive
  await signInsLogged(20);
  await filters.getByLabel('Kind').selectOption('');
  await filters.getByLabel('Outcome').selectOption('');
  await filters.getByLabel('Session').fill('');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await until(async () => (await rows.count()) > 1, { what: 'the unfiltered log' });
  await admin.screenshot({ path: joinPath(screenshots, 'admin-audit.png') });
  await filters.getByLabel('Per page').selectOption('10');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await until(async () => (await rows.count()) === 10, { what: 'a page of 10' });
  const entries = async () => Promise.all((await rows.all()).map((row) => row.getAttribute('data-entry')));
  const firstPage = await entries();
  await admin.locator('[data-testid="audit-older"]').click();
  await admin.locator('[data-testid="audit-page-number"]', { hasText: 'Page 2' }).waitFor();
  const secondPage = await entries();
  assert.equal(secondPage.length, 10);
  assert.ok(Math.max(...secondPage.map(Number)) < Math.min(...firstPage.map(Number)), `page 2 ${secondPage} is older than page 1 ${firstPage}`);
  await signInsLogged(1);
  await admin.locator('[data-testid="audit-newer"]').click();
  await admin.locator('[data-testid="audit-page-number"]', { hasText: 'Page 1' }).waitFor();
  assert.deepEqual(await entries(), firstPage, 'page 1 again, without the entry written since');
  await filters.getByLabel('Per page').selectOption('50');

  await filters.getByLabel('Session').fill(sessionId);
  await filters.getByLabel('Kind').selectOption('consent.control');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await until(async () => (await rows.count()) >= 1 && (await rows.first().getAttribute('data-session')) === sessionId, { what: 'the rows of the session' });
  await rows.first().locator('[data-testid="open-session"]').click();
  await liveView(admin, sessionId).waitFor({ timeout: 10_000 });
  assert.equal(await admin.locator('.admin-area').isHidden(), true, 'the admin page stayed over the viewer');
});

test('a recording is listed, plays in the page, downloads and is deleted', async () => {
  const userContext = await suite.browser.newContext();
  const adminContext = await suite.browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
  await recordMedia(userContext);
  await recordMedia(adminContext);
  const { page: demo, sessionId } = await openDemo(userContext, suite.node.origin, 'recorded-user');
  const admin = await openConsole(adminContext, suite.node.origin);
  await join(admin, sessionId);
  const view = liveView(admin, sessionId);
  const accept = async (kind) => {
    const prompt = assistPanel(demo).getByRole('alertdialog').filter({ hasText: new RegExp(`Demo Agent asks to .*${kind}`, 'i') });
    await prompt.waitFor({ timeout: 10_000 });
    await prompt.getByRole('button', { name: 'Accept' }).click();
  };
  await view.locator('[data-testid="request-call"]').click();
  await accept('call');
  await framesKeepComing(admin, 10, "the user's video in the console");
  await view.locator('[data-testid="request-record"]').click();
  await accept('record');
  await until(async () => (await view.locator('[data-testid="call"]').getAttribute('data-recording')) === 'on', { what: 'the console to record' });
  const token = await adminToken();
  // one-second chunks: three more mean a few seconds of video
  const sizes = new Set();
  let listed = [];
  await until(async () => {
    const response = await fetch(`${suite.node.origin}/api/admin/recordings?sessionId=${sessionId}`, { headers: { authorization: `Bearer ${token}` } });
    listed = await response.json();
    const [found] = listed;
    if (found && found.bytes > 0) sizes.add(found.bytes);
    return sizes.size >= 4;
  }, { timeoutMs: 30_000, intervalMs: 200, what: 'three more uploaded chunks' }).catch((e) => {
    throw new Error(`${e.message}; listed ${JSON.stringify(listed)}, sizes ${[...sizes]}`);
  });
  await view.locator('[data-testid="request-record"]').click();
  const recording = await until(async () => {
    const response = await fetch(`${suite.node.origin}/api/admin/recordings?sessionId=${sessionId}`, { headers: { authorization: `Bearer ${token}` } });
    const [found] = await response.json();
    return found && found.endedAt ? found : null;
  }, { timeoutMs: 20_000, what: 'the recording to be finished' });

  await openAdminPage(admin, 'Recordings');
  const row = admin.locator(`[data-testid="recording-row"][data-recording="${recording.id}"]`);
  await row.waitFor();
  await admin.evaluate(() => {
    window.__played = false;
    document.querySelector('[data-testid="recording-player"]').addEventListener('playing', () => {
      window.__played = true;
    });
  });
  await row.locator('[data-testid="play-recording"]').click();
  const playing = await until(() => admin.evaluate(() => {
    const video = document.querySelector('[data-testid="recording-player"]');
    return window.__played && !video.paused && video.readyState >= 2 && video.currentTime > 0.5 ? { t: video.currentTime, w: video.videoWidth } : null;
  }), { timeoutMs: 15_000, what: 'the recording to play' });
  assert.equal(playing.w, 640);
  await admin.screenshot({ path: joinPath(screenshots, 'admin-recordings.png') });

  const [download] = await Promise.all([admin.waitForEvent('download'), row.locator('[data-testid="download-recording"]').click()]);
  assert.equal((await stat(await download.path())).size, recording.bytes);

  await row.locator('[data-testid="delete-recording"]').click();
  await row.locator('[data-testid="confirm-delete"]').click();
  await row.waitFor({ state: 'detached' });
  const after = await fetch(`${suite.node.origin}/api/admin/recordings?sessionId=${sessionId}`, { headers: { authorization: `Bearer ${token}` } });
  assert.deepEqual(await after.json(), []);
});
