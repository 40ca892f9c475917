// Issue: tracker SDK, acceptance 4, with the node itself closing the socket: its tracker-silence
// limit is shorter than the tracker's heartbeat, so the node closes a streaming tracker's socket
// whenever the page is quiet. The tracker resumes; the agent's stream has no gap and no duplicate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openDemo } from '../lib/browser.mjs';
import { rawAgent } from '../lib/wire.mjs';

const suite = nodeAndBrowser({ env: { TANDEM_HEARTBEAT_MS: '60000', TANDEM_LIMITS_TRACKER_SILENCE_MS: '2000' } });

test('the node closes the tracker socket mid-stream; the stream resumes with no gap and no duplicate', async () => {
  const { page: demo, sessionId } = await openDemo(await suite.browser.newContext(), suite.node.origin, 'server-close-user');
  const agent = await rawAgent(await suite.browser.newContext(), suite.node.origin);
  await agent.join(sessionId);
  await until(async () => (await agent.frames('events')).length > 0, { what: 'the snapshot' });
  await demo.fill('#notes', 'before the node closed the socket');
  await until(async () => (await agent.texts()).some((t) => t.includes('before the node closed the socket')), { what: 'input before the close' });

  // the tab may also have been away when the agent joined: only a drop after the input counts
  const roomFramesBefore = (await agent.frames('room')).length;
  const tabDropped = async () =>
    (await agent.frames('room')).slice(roomFramesBefore).some((f) => f.session.tabs.some((tab) => !tab.connected));
  await until(tabDropped, { what: 'the node to close the quiet tracker', timeoutMs: 15_000 });
  await demo.fill('#name', 'typed after the node closed it');
  await until(async () => (await agent.texts()).some((t) => t.includes('typed after the node closed it')), {
    what: 'what was typed after the close, once the tracker is back',
    timeoutMs: 20_000,
  });

  const batches = (await agent.frames('events')).filter((f) => f.room === sessionId);
  const seqs = batches.map((f) => f.seq);
  assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i), `gap or duplicate in ${seqs}`);
  assert.equal(batches.filter((f) => f.snapshot).length, 1, 'resuming needed a second full snapshot');
  assert.ok((await suite.node.metric('tandem_frames_in_total', { endpoint: 'tracker', type: 'hello' })) >= 2, 'the tracker never reconnected');
});
