// Builds the tracker with esbuild, lightly (one process, no watchers):
//   node build.mjs          dist/tandem.iife.js (minified, window.Tandem), dist/index.mjs (ESM),
//                           dist/index.d.ts and dist/types/ (tsc --emitDeclarationOnly, which also
//                           type-checks; the tree holds ../common/src too)
//   node build.mjs --units  dist/units/*.mjs: the browser-free modules, bundled for the unit tests
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
process.chdir(root);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/** Modules that need no browser and no rrweb: what the unit tests import. */
const UNITS = ['assist-frames', 'batcher', 'connection', 'console-caps', 'identity', 'options', 'outbox', 'pre-join-buffer', 'privacy', 'protocol', 'rate-limit', 'strings', 'support-code', 'text', 'theme', 'version'];

const common = { bundle: true, logLevel: 'warning', legalComments: 'none', charset: 'utf8' };

if (process.argv.includes('--units')) {
  rmSync('dist/units', { recursive: true, force: true });
  await esbuild.build({
    ...common,
    entryPoints: UNITS.map((name) => `src/${name}.ts`),
    outdir: 'dist/units',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    platform: 'neutral',
    target: 'node20',
  });
  process.exit(0);
}

rmSync('dist', { recursive: true, force: true });

const banner =
  `/*! Tandem tracker ${pkg.version} | Apache-2.0\n` +
  ` * bundles rrweb (MIT, Copyright (c) 2018 Contributors https://github.com/rrweb-io/rrweb) */`;

await Promise.all([
  // <script src=".../tracker.js">: everything in one minified file, one global
  esbuild.build({
    ...common,
    entryPoints: ['src/global.ts'],
    outfile: 'dist/tandem.iife.js',
    format: 'iife',
    platform: 'browser',
    target: ['es2019'],
    minify: true,
    banner: { js: banner },
  }),
  // npm: ESM with rrweb left to the app's bundler (dependencies in package.json)
  esbuild.build({
    ...common,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.mjs',
    format: 'esm',
    platform: 'browser',
    target: ['es2019'],
    external: Object.keys(pkg.dependencies ?? {}),
  }),
]);

const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--emitDeclarationOnly'], { stdio: 'inherit' });
// The declarations mirror the repository (src/ imports ../common/src): the package's types start here.
writeFileSync('dist/index.d.ts', "export * from './types/tracker/src/index';\nexport { default } from './types/tracker/src/index';\n");
