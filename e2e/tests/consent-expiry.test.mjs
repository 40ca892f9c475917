// Issue #5: a consent request the user leaves unanswered expires on the node
// (rooms.consentRequestTimeoutMs, shortened here): the prompt leaves the user's page, the console
// says so and lets the agent ask again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openDemo, openConsole, join, liveView } from '../lib/browser.mjs';
import { assistPanel } from '../lib/assist.mjs';

const suite = nodeAndBrowser({ env: { TANDEM_STUN_PORT: '0', TANDEM_ROOMS_CONSENT_REQUEST_TIMEOUT_MS: '1500' } });

test('an unanswered request leaves the user page and can be asked again', async () => {
  const { page: demo, sessionId } = await openDemo(await suite.browser.newContext(), suite.node.origin, 'expiry-user');
  const consolePage = await openConsole(await suite.browser.newContext({ viewport: { width: 1400, height: 900 } }), suite.node.origin);
  await join(consolePage, sessionId);
  const view = liveView(consolePage, sessionId);

  await view.getByTestId('request-control').click();
  const prompt = assistPanel(demo).getByText('Demo Agent asks to take control of your screen');
  await prompt.waitFor();
  await view.locator('[data-testid="control-state"][data-state="requested"]').waitFor();
  assert.equal(await view.getByTestId('request-control').isDisabled(), true);

  await view.locator('[data-testid="control-state"][data-state="expired"]').waitFor({ timeout: 10_000 });
  await prompt.waitFor({ state: 'detached' });
  assert.equal(await view.getByTestId('request-control').isDisabled(), false, 'the agent may ask again');
  await view.getByTestId('request-control').click();
  await prompt.waitFor();
});
