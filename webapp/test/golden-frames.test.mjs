// The golden frames (modules/protocol/src/test/resources/golden/frames.json) against the console's
// parser (src/protocol.ts): it reads every valid frame an agent receives, as the frame it is, and
// drops every one it must ignore; and Java, the schema and the generated types agree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as esbuild from 'esbuild';
import {
  assertReadsAsTheCorpusSays,
  cases,
  frameTypes,
  generatedFrameTypes,
  generatedTypesProblem,
  generatedUnion,
  javaSide,
  schemaErrorCodes,
  sidesDisagree,
} from '../../common/test/golden.mjs';

/** src/protocol.ts bundled on the fly: it imports only types, so the bundle stands alone. */
async function load(entry) {
  const built = await esbuild.build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'warning',
  });
  return import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`);
}

const { parseServerFrame } = await load('../src/protocol.ts');
const TYPES = "the console's types (common/src/wire.ts)";

test('the generated types are what the schema gives', async () => {
  assert.equal(await generatedTypesProblem(), null);
});

test('Java, the schema and the console agree on the error codes', () => {
  assert.deepEqual(sidesDisagree('error code', javaSide().errorCodes, schemaErrorCodes(), TYPES, generatedUnion('ErrorCode')), []);
});

test('Java, the schema and the console agree on the frames a console sends', () => {
  const problems = sidesDisagree('frame type sent on /ws/agent', javaSide().endpoints.AGENT, frameTypes('agentToServer'), TYPES, generatedFrameTypes('agentToServer'));
  assert.deepEqual(problems, []);
});

test('the console reads every valid frame it receives and ignores the others', () => {
  assertReadsAsTheCorpusSays('serverToAgent', parseServerFrame, 'a console');
});

test('the console keeps the header fields of every canonical frame as they came', () => {
  for (const c of cases('serverToAgent').filter((c) => c.canonical)) {
    const read = parseServerFrame(c.text);
    for (const [field, value] of Object.entries(c.frame)) {
      if (typeof value !== 'object' || value === null) {
        assert.deepEqual(read[field], value, `${c.name}: ${field}`);
      }
    }
  }
});
