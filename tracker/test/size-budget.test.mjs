// The script-tag bundle is what every page of every customer downloads: keep it within budget.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

const bundle = new URL('../dist/tandem.iife.js', import.meta.url);
const budget = JSON.parse(readFileSync(new URL('../size-budget.json', import.meta.url), 'utf8'));

test('dist/tandem.iife.js gzipped is within size-budget.json', () => {
  assert.ok(existsSync(bundle), 'dist/tandem.iife.js is missing: run `npm run build` first');
  const raw = readFileSync(bundle);
  const gzipped = gzipSync(raw, { level: 9 }).length;
  console.log(`tandem.iife.js: ${raw.length} bytes, ${gzipped} bytes gzipped (budget ${budget.iifeGzipBytes})`);
  assert.ok(
    gzipped <= budget.iifeGzipBytes,
    `tandem.iife.js is ${gzipped} bytes gzipped, over the budget of ${budget.iifeGzipBytes}`,
  );
});

test('the bundle exposes exactly one global, window.Tandem', async () => {
  const source = readFileSync(bundle, 'utf8');
  // an IIFE: nothing declared at the top level but the wrapped function
  assert.match(source, /^\/\*![\s\S]*?\*\/\s*"use strict";\(\(\)=>\{/);
  assert.ok(source.trimEnd().endsWith('})();'));
  const assigned = [...source.matchAll(/window\.([A-Za-z_$][\w$]*)\s*=(?!=)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(assigned)], ['Tandem']);
});
