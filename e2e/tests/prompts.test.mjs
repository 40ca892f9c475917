// Issue #19, part 2: the user's prompts in the site's language and look. Real Chromium, a real node,
// the real tracker; the site's pages are served by the browser at the node's origin, so each can
// carry its own `lang`, options and CSS. The agent asks through the agent socket, as a console does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { AGENT, artifacts, until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { watchErrors } from '../lib/browser.mjs';
import { rawAgent } from '../lib/wire.mjs';
import { assistPanel, consentState } from '../lib/assist.mjs';

// the pages are served by the test (route.fulfill): Chromium's Local Network Access checks would
// take them for public pages and refuse their connection to the node on loopback
const suite = nodeAndBrowser({ browserArgs: ['--disable-features=LocalNetworkAccessChecks'] });
const screenshots = joinPath(artifacts, 'screenshots');
mkdirSync(screenshots, { recursive: true });

let pages = 0;

/**
 * A page of "the site" at the node's origin: a header, a form and the tracker started with
 * `options`; `lang` on its <html>, `css` in its <head>. Each in a browser context of its own, so each
 * is a session of its own.
 */
async function openSite({ lang, options = {}, css = '', context = {} } = {}) {
  const page = await (await suite.browser.newContext({ viewport: { width: 900, height: 420 }, ...context })).newPage();
  const url = `${suite.node.origin}/site/page-${++pages}.html`;
  const user = `prompt-user-${pages}`;
  await page.route(url, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html${lang ? ` lang="${lang}"` : ''}><head><meta charset="utf-8"><title>Kaffeehaus</title>
<style>body{margin:0;font:16px/1.5 Georgia,serif;background:#fbf7f0;color:#2b2118}header{background:#0f4c3a;color:#fff;padding:14px 24px;font-size:20px}
main{padding:24px}label{display:block;margin:12px 0}input{font:inherit;padding:4px 8px}${css}</style>
<script src="/tracker.js"></script></head>
<body><header>Kaffeehaus</header><main><h1>Ihr Warenkorb</h1><p>1 × Espresso-Bohnen, 500 g</p>
<label>Name <input id="name"></label><button id="buy" type="button">Kaufen</button></main>
<script>Tandem.start(Object.assign({ server: location.origin, projectKey: 'demo-key', userId: ${JSON.stringify(user)} }, ${JSON.stringify(options)}));</script>
</body></html>`,
  }));
  await page.goto(url);
  const sessionId = await until(() => page.evaluate(() => window.Tandem.getSessionId()), { what: 'a session id' });
  return { page, sessionId };
}

/** The prompt's card (the alertdialog or the banner) and what has focus inside the tracker's shadow root. */
const card = (page, role) => assistPanel(page).getByRole(role);
const focusedInPanel = (page) => page.evaluate(() => {
  const active = document.activeElement;
  if (!active || !active.hasAttribute('data-tandem-assist')) return null;
  const inner = active.shadowRoot.activeElement;
  const style = getComputedStyle(inner);
  return { role: inner.getAttribute('role'), text: inner.textContent, outline: `${style.outlineStyle} ${style.outlineWidth}` };
});

async function demoAgent() {
  return rawAgent(await suite.browser.newContext(), suite.node.origin);
}

async function ask(agent, room, kind) {
  if (!(await agent.frames('joined')).some((f) => f.room === room)) await agent.join(room);
  await agent.send({ t: 'consent', room, kind, action: 'request' });
}

test('the prompt speaks the page\'s language (lang="de"), else the browser\'s, unless the site sets one', async () => {
  const agent = await demoAgent();
  const german = await openSite({ lang: 'de' });
  const errors = watchErrors(german.page);
  await ask(agent, german.sessionId, 'control');
  const prompt = card(german.page, 'alertdialog');
  await prompt.getByText('Demo Agent möchte die Steuerung Ihres Bildschirms übernehmen').waitFor();
  assert.deepEqual(await prompt.getByRole('button').allTextContents(), ['Annehmen', 'Ablehnen']);
  assert.equal(await assistPanel(german.page).getAttribute('lang'), 'de');
  await german.page.screenshot({ path: joinPath(screenshots, 'prompt-de.png') });
  await prompt.getByRole('button', { name: 'Annehmen' }).click();
  await consentState(agent, german.sessionId, 'control', 'granted');
  await card(german.page, 'status').getByText('Demo Agent steuert Ihren Bildschirm').waitFor();
  await card(german.page, 'status').getByRole('button', { name: 'Beenden' }).click();
  await consentState(agent, german.sessionId, 'control', 'ended');

  // no lang on the page: the browser's language (navigator.language) decides
  const japanese = await openSite({ context: { locale: 'ja-JP' } });
  await ask(agent, japanese.sessionId, 'call');
  await card(japanese.page, 'alertdialog').getByText('Demo Agent がビデオ通話の開始を求めています').waitFor();
  await card(japanese.page, 'alertdialog').getByRole('button', { name: '拒否' }).click();
  await consentState(agent, japanese.sessionId, 'call', 'declined');

  // the site's `language` wins over both; pt-BR is Portuguese
  const portuguese = await openSite({ lang: 'de', options: { language: 'pt-BR' }, context: { locale: 'fr-FR' } });
  await ask(agent, portuguese.sessionId, 'annotate');
  await card(portuguese.page, 'alertdialog').getByText('Demo Agent pede para desenhar na sua tela').waitFor();
  assert.equal(await assistPanel(portuguese.page).getAttribute('lang'), 'pt-BR');
  assert.deepEqual(errors, []);
});

test("the site's own strings, colours, font, radius and position override the built-in ones; the page's CSS does not reach in", async () => {
  const agent = await demoAgent();
  // the page's CSS tries both ways in: a rule on every button but its own, and custom properties inherited through the host
  const hostile = ':root{--tandem-accent:hotpink;--tandem-button:hotpink;--tandem-bg:black}button:not(#buy){background:orange!important;color:blue!important}';
  const theme = {
    accent: '#0f4c3a', accentText: '#fff', background: '#fffaf0', text: '#2b2118', button: '#efe6d8', focus: '#b45309',
    font: 'Georgia, serif', fontSize: '15px', radius: '3px', position: 'bottom-right',
  };
  const { page, sessionId } = await openSite({
    lang: 'de',
    css: hostile,
    options: { strings: { askControl: 'Darf {agent} Ihren Bildschirm kurz steuern?', accept: 'Ja, gern' }, theme },
  });
  await ask(agent, sessionId, 'control');
  const prompt = card(page, 'alertdialog');
  await prompt.getByText('Darf Demo Agent Ihren Bildschirm kurz steuern?').waitFor();
  assert.deepEqual(await prompt.getByRole('button').allTextContents(), ['Ja, gern', 'Ablehnen'], "the site's string, and German for the rest");

  const look = await prompt.evaluate((element) => {
    const [accept, decline] = element.querySelectorAll('button');
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
      background: style.backgroundColor, color: style.color, font: style.fontFamily, size: style.fontSize, radius: style.borderTopLeftRadius,
      focusRing: element.matches(':focus') && style.outlineColor,
      accept: [getComputedStyle(accept).backgroundColor, getComputedStyle(accept).color],
      decline: getComputedStyle(decline).backgroundColor,
      right: Math.round(innerWidth - box.right), bottom: Math.round(innerHeight - box.bottom),
    };
  });
  assert.deepEqual(look, {
    background: 'rgb(255, 250, 240)', color: 'rgb(43, 33, 24)', font: 'Georgia, serif', size: '15px', radius: '3px',
    focusRing: 'rgb(180, 83, 9)',
    accept: ['rgb(15, 76, 58)', 'rgb(255, 255, 255)'],
    decline: 'rgb(239, 230, 216)',
    right: 12, bottom: 12,
  });
  await page.screenshot({ path: joinPath(screenshots, 'prompt-themed.png') });

  // a page with the same CSS and no theme keeps the built-in look: its custom properties stop at the shadow root
  const plain = await openSite({ css: hostile });
  await ask(agent, plain.sessionId, 'control');
  const builtIn = await card(plain.page, 'alertdialog').evaluate((element) => [
    getComputedStyle(element).backgroundColor, getComputedStyle(element.querySelector('button')).backgroundColor,
  ]);
  assert.deepEqual(builtIn, ['rgb(255, 255, 255)', 'rgb(37, 99, 235)']);
});

test('an agent named <img src=x onerror=alert(1)> is shown as that text', async () => {
  const origin = suite.node.origin;
  const name = '<img src=x onerror=alert(1)>';
  const login = async (username, password) => (await (await fetch(`${origin}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  })).json()).token;
  const created = await fetch(`${origin}/api/admin/agents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await login(AGENT.username, AGENT.password)}` },
    body: JSON.stringify({ id: 'mallory', name, password: 'mallory-password', roles: ['agent'], projects: ['demo'] }),
  });
  assert.equal(created.status, 201, await created.text());
  const agent = await rawAgent(await suite.browser.newContext(), origin, { username: 'mallory', password: 'mallory-password' });

  const { page, sessionId } = await openSite();
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => undefined);
  });
  const errors = watchErrors(page);
  await ask(agent, sessionId, 'control');
  const prompt = card(page, 'alertdialog');
  await prompt.waitFor();
  assert.equal(await prompt.locator('.q').textContent(), `${name} asks to take control of your screen`);
  await prompt.getByRole('button', { name: 'Accept' }).click();
  await consentState(agent, sessionId, 'control', 'granted');
  assert.equal(await card(page, 'status').locator('.q').textContent(), `${name} is controlling`);
  assert.equal(await assistPanel(page).locator('img').count(), 0, 'no element was made of the name');
  assert.equal(await page.locator('img').count(), 0);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
});

test('keyboard only: the prompt takes focus, Tab reaches Accept, Enter accepts, Esc declines; it is announced', async () => {
  const agent = await demoAgent();
  const { page, sessionId } = await openSite();
  const escapesSeenByPage = await page.evaluateHandle(() => {
    const seen = { count: 0 };
    window.addEventListener('keydown', (event) => event.key === 'Escape' && seen.count++);
    return seen;
  });

  await ask(agent, sessionId, 'control');
  const prompt = assistPanel(page).getByRole('alertdialog', { name: 'Demo Agent asks to take control of your screen' });
  await prompt.waitFor();
  // announced: an assertive live region says the question
  await until(async () => (await page.locator('[data-tandem-assist] [aria-live="assertive"]').textContent()) === 'Demo Agent asks to take control of your screen',
    { what: 'the question in the live region' });
  assert.deepEqual(await focusedInPanel(page), { role: 'alertdialog', text: 'Demo Agent asks to take control of your screenAcceptDecline', outline: 'solid 3px' });
  await page.keyboard.press('Tab');
  assert.deepEqual(await focusedInPanel(page), { role: null, text: 'Accept', outline: 'solid 3px' }, 'Accept has focus, and shows it');
  await page.keyboard.press('Enter');
  assert.equal((await consentState(agent, sessionId, 'control', 'granted')).by, 'user');
  await card(page, 'status').getByText('Demo Agent is controlling').waitFor();

  // a second request while control is live: Esc declines the request, and only that
  await ask(agent, sessionId, 'annotate');
  await assistPanel(page).getByRole('alertdialog', { name: 'Demo Agent asks to draw on your screen' }).waitFor();
  await page.keyboard.press('Escape');
  assert.equal((await consentState(agent, sessionId, 'annotate', 'declined')).by, 'user');
  assert.equal(await card(page, 'status').getByText('Demo Agent is controlling').count(), 1, 'control goes on');
  assert.equal(await escapesSeenByPage.evaluate((seen) => seen.count), 0, "the prompt's Esc is not the page's");
  // with no request pending, Esc ends control, as before
  await page.keyboard.press('Escape');
  await consentState(agent, sessionId, 'control', 'ended');
  await assistPanel(page).waitFor({ state: 'detached' });
});

test("a prompt leaves the page's typing alone; Esc still declines it; focus it took goes back", async () => {
  const agent = await demoAgent();
  const { page, sessionId } = await openSite();
  await page.locator('#name').click();
  await page.keyboard.type('Ada');
  await ask(agent, sessionId, 'control');
  await card(page, 'alertdialog').waitFor();
  await page.keyboard.type(' Lovelace');
  assert.equal(await page.locator('#name').inputValue(), 'Ada Lovelace');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'name', 'the input kept focus');
  await page.keyboard.press('Escape');
  assert.equal((await consentState(agent, sessionId, 'control', 'declined')).by, 'user');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'name');

  // from a focused button (not typing), the prompt takes focus and gives it back when answered
  await page.locator('#buy').focus();
  await ask(agent, sessionId, 'record');
  await card(page, 'alertdialog').waitFor();
  assert.equal((await focusedInPanel(page))?.role, 'alertdialog');
  await page.keyboard.press('Escape');
  await consentState(agent, sessionId, 'record', 'declined');
  await until(() => page.evaluate(() => document.activeElement.id === 'buy'), { what: 'focus back on the button' });
});

test('at 200 % zoom the prompts and the banner fit the window and every button can be pressed', async () => {
  const agent = await demoAgent();
  // a 1280 × 720 window at 200 %: 640 × 360 CSS pixels, two device pixels each
  const { page, sessionId } = await openSite({ lang: 'de', context: { viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 } });
  await ask(agent, sessionId, 'control');
  await card(page, 'alertdialog').getByRole('button', { name: 'Annehmen' }).click();
  await consentState(agent, sessionId, 'control', 'granted');
  await ask(agent, sessionId, 'call');
  await ask(agent, sessionId, 'annotate');
  await until(async () => (await assistPanel(page).locator('.c').count()) === 3, { what: 'a banner and two requests' });

  const fits = () => assistPanel(page).locator('.c').evaluateAll((cards) => cards.map((c) => {
    const box = c.getBoundingClientRect();
    return { inside: box.left >= 0 && box.right <= innerWidth, clipped: c.scrollWidth > c.clientWidth };
  }));
  assert.deepEqual(await fits(), Array(3).fill({ inside: true, clipped: false }));
  await page.screenshot({ path: joinPath(screenshots, 'prompt-zoom-200.png') });
  // Playwright clicks only what is visible, in the window and not covered
  await card(page, 'alertdialog').filter({ hasText: 'Videoanruf' }).getByRole('button', { name: 'Ablehnen' }).click();
  await consentState(agent, sessionId, 'call', 'declined');
  await card(page, 'alertdialog').getByRole('button', { name: 'Annehmen' }).click();
  await consentState(agent, sessionId, 'annotate', 'granted');
  await until(async () => (await card(page, 'status').count()) === 2, { what: 'two banners' });
  await card(page, 'status').first().getByRole('button', { name: 'Beenden' }).click();
  await until(async () => (await card(page, 'status').count()) === 1, { what: 'one banner left' });
  await card(page, 'status').getByRole('button', { name: 'Beenden' }).click();
  await consentState(agent, sessionId, 'annotate', 'ended');
  await consentState(agent, sessionId, 'control', 'ended');
});
