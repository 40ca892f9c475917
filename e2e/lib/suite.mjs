// One node and one browser per test file, started before its tests and stopped after them.
import { before, after } from 'node:test';
import { startNode } from './node.mjs';
import { launch } from './browser.mjs';

export function nodeAndBrowser({ env = {}, browserArgs = [] } = {}) {
  const suite = {};
  before(async () => {
    suite.node = await startNode(env);
    suite.browser = await launch(browserArgs);
  });
  after(async () => {
    await suite.browser?.close();
    await suite.node?.stop();
  });
  return suite;
}
