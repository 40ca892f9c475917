// Bundles the console's browser-free modules for the unit tests (node has no TypeScript of its
// own): dist-units/<name>.mjs, each with what it imports. Run by `npm test` (pretest). Not under
// dist/, which the server jar packs.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

process.chdir(dirname(fileURLToPath(import.meta.url)));

/** Modules that need no DOM and no Replayer: what the unit tests import. */
const UNITS = {
  backoff: '../common/src/backoff.ts',
  connection: 'src/connection.ts',
  'follow-back': 'src/follow-back.ts',
  'list-window': 'src/list-window.ts',
  protocol: 'src/protocol.ts',
  'tab-history': 'src/tab-history.ts',
  'tab-streams': 'src/tab-streams.ts',
};

rmSync('dist-units', { recursive: true, force: true });
await esbuild.build({
  entryPoints: Object.entries(UNITS).map(([out, source]) => ({ in: source, out })),
  outdir: 'dist-units',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'node20',
  logLevel: 'warning',
  // what vite defines for a production build
  define: { 'import.meta.env.DEV': 'false' },
});
