// The console's side of a time-travel seek, measured in headless Chromium (Debian's, driven by
// playwright-core): rrweb's Replayer over the buffered minutes of a page, built and paused at a
// moment as the console's time travel does (webapp/src/time-travel.ts). A benchmark figure, not a
// test. Borrows playwright-core from e2e/ and @rrweb/replay from webapp/, so the versions measured
// are the ones the project ships. Prints one JSON line of figures.
//
//   node modules/bench/console-seek/seek.mjs <events.json>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const SEEKS = 10;
const root = new URL('../../../', import.meta.url);
const { chromium } = createRequire(new URL('e2e/package.json', root))('playwright-core');
const replayer = readFileSync(new URL('webapp/node_modules/@rrweb/replay/dist/replay.umd.min.cjs', root), 'utf8');
const events = readFileSync(process.argv[2], 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.setContent('<!doctype html><html><body><div id="stage"></div></body></html>');
  await page.addScriptTag({ content: replayer });
  const figures = await page.evaluate(
    async ({ text, seeks }) => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
      const parsed = performance.now();
      const events = JSON.parse(text);
      const parseMs = performance.now() - parsed;
      const options = { root: document.getElementById('stage'), UNSAFE_replayCanvas: false, triggerFocus: false, mouseTail: false, showWarning: false };

      // what the console does on the first drag of the scrubber: a new Replayer, paused at the moment
      const built = performance.now();
      const replay = new rrwebReplay.Replayer(events, options);
      const buildMs = performance.now() - built;
      const { startTime, endTime } = replay.getMetaData();
      const middle = (endTime - startTime) / 2;
      const seeked = performance.now();
      replay.pause(middle);
      const firstSeekMs = performance.now() - seeked;
      await frame();
      const firstSeekPaintedMs = performance.now() - seeked;
      const nodes = replay.iframe.contentDocument.getElementsByTagName('*').length;

      // later drags on the same Replayer: moments spread over the whole span
      const later = [];
      for (let i = 0; i < seeks; i++) {
        const at = ((i * 7 + 3) % seeks + 0.5) / seeks * (endTime - startTime);
        const t = performance.now();
        replay.pause(at);
        later.push(performance.now() - t);
      }
      later.sort((a, b) => a - b);
      replay.destroy();
      return {
        events: events.length,
        spanMinutes: Math.round((endTime - startTime) / 600) / 100,
        parseMs, buildMs, firstSeekMs, firstSeekPaintedMs, replayedNodes: nodes,
        laterSeeks: seeks, laterSeekP50Ms: later[Math.floor(seeks / 2)], laterSeekMaxMs: later[seeks - 1],
      };
    },
    { text: events, seeks: SEEKS },
  );
  const round = (v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v);
  console.log(JSON.stringify(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, round(v)]))));
} finally {
  await browser.close();
}
