// One node and one browser per test file, started before its tests and stopped after them. A
// console that broke its own Content-Security-Policy in any test fails the file.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from './node.mjs';
import { cspViolations, launch } from './browser.mjs';

export function nodeAndBrowser({ env = {}, browserArgs = [] } = {}) {
  const suite = {};
  before(async () => {
    suite.node = await startNode(env);
    suite.browser = await launch(browserArgs);
  });
  after(async () => {
    await suite.browser?.close();
    await suite.node?.stop();
    assert.deepEqual(cspViolations, [], "the console did something its Content-Security-Policy refuses");
  });
  return suite;
}
