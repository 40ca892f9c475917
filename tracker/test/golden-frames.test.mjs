// The golden frames (modules/protocol/src/test/resources/golden/frames.json) against the tracker:
// it builds every frame it sends exactly as the canonical ones, reads every valid frame it receives
// and drops every one it must ignore; and Java, the schema and the generated types agree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  assertReadsAsTheCorpusSays,
  cases,
  frameTypes,
  generatedTypesProblem,
  generatedUnion,
  javaSide,
  schemaErrorCodes,
  sidesDisagree,
} from '../../common/test/golden.mjs';
import { consentAnswerFrame, signalFrame } from '../dist/units/assist-frames.mjs';
import { HEARTBEAT_FRAME, SUPPORT_CODE_FRAME, eventsFrame, helloFrame, pageFrame, parseServerFrame } from '../dist/units/protocol.mjs';

const TYPES = "the tracker's types (common/src/wire.ts)";

/** How the tracker builds each frame type it sends, from a golden frame's fields. */
const BUILDERS = {
  hello: (f) => helloFrame(f),
  page: (f) => pageFrame(f),
  heartbeat: () => HEARTBEAT_FRAME,
  events: (f) => eventsFrame(f.seq, f.snapshot, JSON.stringify(f.d)),
  supportCode: () => SUPPORT_CODE_FRAME,
  consent: (f) => consentAnswerFrame(f.agent, f.kind, f.action),
  signal: (f) => signalFrame(f.to, f.data),
};

test('the generated types are what the schema gives', async () => {
  assert.equal(await generatedTypesProblem(), null);
});

test('Java, the schema and the tracker agree on the error codes', () => {
  assert.deepEqual(sidesDisagree('error code', javaSide().errorCodes, schemaErrorCodes(), TYPES, generatedUnion('ErrorCode')), []);
});

test('Java, the schema and the tracker agree on the frames a tracker sends', () => {
  const sent = frameTypes('trackerToServer');
  assert.deepEqual(sidesDisagree('frame type sent on /ws/tracker', javaSide().endpoints.TRACKER, sent, "the tracker's builders", Object.keys(BUILDERS)), []);
});

test('the tracker builds every frame it sends exactly as the canonical golden frames', () => {
  for (const type of frameTypes('trackerToServer')) {
    const canonical = cases('trackerToServer').filter((c) => c.canonical && c.frame.t === type);
    assert.ok(canonical.length > 0, `no canonical golden '${type}' frame from a tracker`);
    for (const c of canonical) {
      assert.deepEqual(JSON.parse(BUILDERS[type](c.frame)), c.frame, c.name);
    }
  }
});

test('the tracker reads every valid frame it receives and ignores the others', () => {
  assertReadsAsTheCorpusSays('serverToTracker', parseServerFrame, 'a tracker');
});
