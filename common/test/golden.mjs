// What the tracker's and the console's golden-frames tests share: the one definition of the protocol
// (wire-protocol.schema.json), its golden frames, and the Java side as its sources declare it. So a
// frame type or an error code added on one side only fails both suites, naming the sides that lack it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const protocol = join(root, 'modules', 'protocol', 'src');
const java = join(protocol, 'main', 'java', 'io', 'tandem', 'protocol');

export const schema = JSON.parse(readFileSync(join(protocol, 'main', 'resources', 'wire-protocol.schema.json'), 'utf8'));
const corpus = JSON.parse(readFileSync(join(protocol, 'test', 'resources', 'golden', 'frames.json'), 'utf8'));

/** The golden frames' directions and the schema's union of each. */
export const UNIONS = {
  trackerToServer: 'TrackerToServerFrame',
  serverToTracker: 'ServerToTrackerFrame',
  agentToServer: 'AgentToServerFrame',
  serverToAgent: 'ServerToAgentFrame',
};

/** The golden frames of one direction, each with its exact text and, if it is JSON, its frame. */
export function cases(direction) {
  return corpus.cases
    .filter((c) => c.direction === direction)
    .map((c) => ({ ...c, text: c.text ?? JSON.stringify(c.frame), frame: c.frame ?? parse(c.text) }));
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The `t` of every frame of a direction, as the schema defines them. */
export function frameTypes(direction) {
  return schema.definitions[UNIONS[direction]].oneOf.map(({ $ref }) => schema.definitions[$ref.split('/').pop()].properties.t.const);
}

export function schemaErrorCodes() {
  return schema.definitions.ErrorCode.oneOf.map((member) => member.const);
}

/** The Java side's frame types, those each endpoint takes, and its error codes, read from their sources. */
export function javaSide() {
  const source = (name) => readFileSync(join(java, `${name}.java`), 'utf8');
  const frameTypes = new Map([...source('FrameType').matchAll(/^\s+([A-Z_]+)\("(\w+)"\)/gm)].map((m) => [m[1], m[2]]));
  const endpoints = {};
  for (const [, name, accepted] of source('Endpoint').matchAll(/^\s+(TRACKER|AGENT)\("[^"]+", EnumSet\.of\(([^)]*)\)\)/gm)) {
    endpoints[name] = [...accepted.matchAll(/FrameType\.([A-Z_]+)/g)].map((m) => frameTypes.get(m[1]));
  }
  const errorCodes = [...source('ErrorCode').matchAll(/^\s+([A-Z_]+)\((?:true|false), /gm)].map((m) => m[1]);
  return { frameTypes: [...frameTypes.values()], endpoints, errorCodes };
}

/**
 * One line per name that one of the three sides lacks: Java (modules/protocol), the schema, and the
 * TypeScript side named `side`, whose names are `ts` (its generated types follow the schema).
 */
export function sidesDisagree(what, javaNames, schemaNames, side, tsNames) {
  const sides = [
    ['Java (modules/protocol)', new Set(javaNames)],
    ['wire-protocol.schema.json', new Set(schemaNames)],
    [side, new Set(tsNames)],
  ];
  const all = new Set(sides.flatMap(([, names]) => [...names]));
  const problems = [];
  for (const name of [...all].sort()) {
    const lacking = sides.filter(([, names]) => !names.has(name)).map(([label]) => label);
    if (lacking.length > 0) {
      const having = sides.filter(([, names]) => names.has(name)).map(([label]) => label);
      problems.push(`${what} ${name}: in ${having.join(' and ')}, missing from ${lacking.join(' and ')}`);
    }
  }
  return problems;
}

const wire = () => readFileSync(join(root, 'common', 'src', 'wire.ts'), 'utf8');

/** The string literals of a union of the generated types (common/src/wire.ts), e.g. every ErrorCode. */
export function generatedUnion(name) {
  const body = wire().match(new RegExp(`export type ${name} =([^;]*);`));
  return body ? [...body[1].matchAll(/'([^']+)'/g)].map((m) => m[1]) : [];
}

/** The `t` of every frame of a direction, as the generated types have them. */
export function generatedFrameTypes(direction) {
  const text = wire();
  const body = text.match(new RegExp(`export type ${UNIONS[direction]} =([^;]*);`));
  const members = body ? [...body[1].matchAll(/\b([A-Z]\w+)\b/g)].map((m) => m[1]) : [];
  return members.map((name) => text.match(new RegExp(`export interface ${name} \\{\\s*t: '([^']+)'`))?.[1] ?? `? (${name})`);
}

/** Fails, saying what to run, when common/src/wire.ts is not what the schema gives. */
export async function generatedTypesProblem() {
  let generator;
  try {
    generator = await import('../scripts/generate-wire.mjs');
  } catch (error) {
    return `cannot load the generator (run \`npm ci\` in common/): ${error.message}`;
  }
  const text = await generator.generate();
  return readFileSync(generator.OUTPUT, 'utf8') === text
    ? null
    : 'common/src/wire.ts is not what wire-protocol.schema.json gives: run `npm run generate` in common/ and commit it';
}

/**
 * A side's parser reads every valid golden frame of a direction as the frame it is and drops every
 * one it must ignore; every frame type of the direction has a valid case. `side` names it in failures.
 */
export function assertReadsAsTheCorpusSays(direction, parseServerFrame, side) {
  for (const type of frameTypes(direction)) {
    assert.ok(
      cases(direction).some((c) => c.expect === 'valid' && c.frame.t === type),
      `no valid golden '${type}' frame to ${side}`,
    );
  }
  for (const c of cases(direction)) {
    const read = parseServerFrame(c.text);
    if (c.expect === 'valid') {
      assert.equal(read?.t, c.frame.t, `${side} does not read: ${c.name}`);
    } else {
      assert.equal(read, null, `${side} reads what it must ignore: ${c.name}`);
    }
  }
}
