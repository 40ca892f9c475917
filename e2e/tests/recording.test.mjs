// Issue 5, acceptance 3: with the user's consent the agent records the call; the console uploads it
// in chunks while the grant lasts, and the file downloaded through the API is a WebM that Chromium
// decodes, with a non-zero duration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, until } from '../lib/node.mjs';
import { nodeAndBrowser } from '../lib/suite.mjs';
import { openDemo, openConsole, join, liveView } from '../lib/browser.mjs';
import { assistPanel } from '../lib/assist.mjs';
import { framesKeepComing, recordMedia } from '../lib/media.mjs';

const suite = nodeAndBrowser();

async function token() {
  const response = await fetch(`${suite.node.origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: AGENT.username, password: AGENT.password }),
  });
  return (await response.json()).token;
}

async function recordingsOf(sessionId, bearer) {
  const response = await fetch(`${suite.node.origin}/api/admin/recordings?sessionId=${sessionId}`, { headers: { authorization: `Bearer ${bearer}` } });
  assert.equal(response.status, 200);
  return response.json();
}

async function accept(demo, kind) {
  const prompt = assistPanel(demo).getByRole('alertdialog').filter({ hasText: new RegExp(`Demo Agent asks to .*${kind}`, 'i') });
  await prompt.waitFor({ timeout: 10_000 });
  await prompt.getByRole('button', { name: 'Accept' }).click();
}

test('a recorded call is a WebM file with a duration, downloaded through the API', async () => {
  const userContext = await suite.browser.newContext();
  const agentContext = await suite.browser.newContext();
  await recordMedia(userContext);
  await recordMedia(agentContext);
  const { page: demo, sessionId } = await openDemo(userContext, suite.node.origin, 'recorded-user');
  const agent = await openConsole(agentContext, suite.node.origin);
  await join(agent, sessionId);
  const view = liveView(agent, sessionId);
  const bearer = await token();

  await view.locator('[data-testid="request-call"]').click();
  await accept(demo, 'call');
  await framesKeepComing(agent, 10, "the user's video in the console");

  await view.locator('[data-testid="request-record"]').click();
  await accept(demo, 'record');
  await until(async () => (await view.locator('[data-testid="call"]').getAttribute('data-recording')) === 'on', { what: 'the console to record' });
  // one-second chunks reach the store while the call goes on: wait for the size to grow 3 times
  const sizes = new Set();
  const growing = await until(async () => {
    const [recording] = await recordingsOf(sessionId, bearer);
    if (recording && recording.bytes > 0) sizes.add(recording.bytes);
    return sizes.size >= 4 ? recording : null;
  }, { timeoutMs: 30_000, intervalMs: 200, what: 'three more uploaded chunks' });
  assert.equal(growing.endedAt, null, 'finished while still recording');
  assert.equal(growing.contentType, 'video/webm');

  await view.locator('[data-testid="request-record"]').click();
  const finished = await until(async () => {
    const [recording] = await recordingsOf(sessionId, bearer);
    return recording && recording.endedAt ? recording : null;
  }, { timeoutMs: 20_000, what: 'the recording to be finished' });
  assert.ok(finished.bytes >= growing.bytes);

  const download = await fetch(`${suite.node.origin}/api/admin/recordings/${finished.id}/content`, { headers: { authorization: `Bearer ${bearer}` } });
  assert.equal(download.status, 200);
  assert.equal(download.headers.get('content-type'), 'video/webm');
  const bytes = Buffer.from(await download.arrayBuffer());
  assert.equal(bytes.length, finished.bytes);
  // EBML magic: a Matroska/WebM file
  assert.deepEqual([...bytes.subarray(0, 4)], [0x1a, 0x45, 0xdf, 0xa3]);

  // decoded by Chromium: MediaRecorder's WebM has no duration until the player seeks to its end
  const decoded = await agent.evaluate(async (base64) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const video = document.createElement('video');
    video.muted = true;
    video.src = URL.createObjectURL(new Blob([data], { type: 'video/webm' }));
    await new Promise((resolve, reject) => {
      video.onloadedmetadata = resolve;
      video.onerror = () => reject(new Error(`cannot decode: ${video.error && video.error.message}`));
    });
    if (!Number.isFinite(video.duration)) {
      video.currentTime = Number.MAX_SAFE_INTEGER;
      await new Promise((resolve) => {
        video.onseeked = resolve;
      });
    }
    return { duration: video.duration, width: video.videoWidth, height: video.videoHeight };
  }, bytes.toString('base64'));
  console.log(`recording: ${bytes.length} bytes, ${decoded.duration.toFixed(2)} s, ${decoded.width}x${decoded.height}`);
  assert.ok(Number.isFinite(decoded.duration) && decoded.duration > 2, `duration ${decoded.duration}`);
  assert.equal(decoded.width, 640);
  assert.equal(decoded.height, 360);

  await userContext.close();
  await agentContext.close();
});
