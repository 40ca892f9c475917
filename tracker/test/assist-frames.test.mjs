import assert from 'node:assert/strict';
import { test } from 'node:test';
import { consentAnswerFrame, parseAssistFrame, signalFrame } from '../dist/units/assist-frames.mjs';
import { parseServerFrame } from '../dist/units/protocol.mjs';

test('a consent request reaches the tab with the agent name and the ICE servers of a call', () => {
  const frame = parseServerFrame(
    JSON.stringify({ t: 'consent', agent: 'demo', agentName: 'Demo Agent', kind: 'call', action: 'request', iceServers: [{ urls: ['stun:h:3478'] }, 7] }),
  );
  assert.deepEqual(frame, { t: 'consent', agent: 'demo', agentName: 'Demo Agent', kind: 'call', action: 'request', iceServers: [{ urls: ['stun:h:3478'] }] });
});

test('a granted call names the tab that accepted it', () => {
  const frame = parseAssistFrame({ t: 'consent', agent: 'demo', agentName: 'Demo Agent', kind: 'call', action: 'granted', tab: 'tab-a', iceServers: [] });
  assert.equal(frame?.t === 'consent' ? frame.tab : null, 'tab-a');
});

test('unknown kinds, actions and frames are ignored, not guessed at', () => {
  assert.equal(parseAssistFrame({ t: 'consent', agent: 'demo', kind: 'teleport', action: 'request' }), null);
  assert.equal(parseAssistFrame({ t: 'consent', agent: 'demo', kind: 'control', action: 'maybe' }), null);
  assert.equal(parseAssistFrame({ t: 'control', agent: 'demo', action: 'format-disk' }), null);
  assert.equal(parseAssistFrame({ t: 'signal', from: 'demo', data: 'sdp' }), null);
  assert.equal(parseServerFrame('{"t":"nonsense"}'), null);
});

test('a control frame keeps only typed fields', () => {
  const frame = parseAssistFrame({ t: 'control', agent: 'demo', action: 'input', node: 12, text: 'hi', x: 'ten' });
  assert.equal(frame.action, 'input');
  assert.equal(frame.node, 12);
  assert.equal(frame.text, 'hi');
  assert.equal(frame.x, undefined);
});

test('a stroke keeps its well-formed points only', () => {
  const frame = parseAssistFrame({ t: 'annotate', agent: 'demo', stroke: { id: 's1', points: [[1, 2], [3], 'x', [4, 5]], color: '#f00', width: 3 }, done: true });
  assert.deepEqual(frame.stroke.points, [[1, 2], [4, 5]]);
  assert.equal(frame.done, true);
});

test('the tab answers and signals in the shape the server reads', () => {
  assert.deepEqual(JSON.parse(consentAnswerFrame('demo', 'control', 'end')), { t: 'consent', agent: 'demo', kind: 'control', action: 'end' });
  assert.deepEqual(JSON.parse(signalFrame('demo', { sdp: 'x' })), { t: 'signal', to: 'demo', data: { sdp: 'x' } });
});
