// Starts a real Tandem node (the server jar) on a free loopback port for a browser test.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifacts = join(root, 'e2e', 'artifacts');
export const AGENT = { username: 'demo', password: 'e2e-password' };

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `check` returns a truthy value or the deadline passes; returns that value. */
export async function until(check, { timeoutMs = 10_000, intervalMs = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last}`);
}

/** A node with its demo on (the demo project and agent the tests use), metrics on a port of their own. */
export async function startNode(env = {}) {
  const port = await freePort();
  const metricsPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-e2e-'));
  mkdirSync(artifacts, { recursive: true });
  const log = createWriteStream(join(artifacts, `node-${port}.log`));
  const child = spawn('java', ['-jar', join(root, 'modules/server/target/tandem-server.jar')], {
    env: {
      ...process.env,
      TANDEM_HTTP_HOST: '127.0.0.1',
      TANDEM_HTTP_PORT: String(port),
      TANDEM_HTTP_INSTANCES: '2',
      TANDEM_METRICS_PORT: String(metricsPort),
      TANDEM_DEMO: 'true',
      TANDEM_DATA_DIR: dataDir,
      TANDEM_HEARTBEAT_MS: '1000',
      TANDEM_STORAGE_EMBEDDED_PORT: '0',
      TANDEM_STUN_PORT: '0',
      TANDEM_AUTH_DEMO_AGENT_PASSWORD: AGENT.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const origin = `http://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await until(async () => (await fetch(`${origin}/health/ready`)).ok, { timeoutMs: 120_000, what: "the node to be ready" });
  return {
    origin,
    port,
    async metric(name, labels) {
      return readMetric(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text(), name, labels);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The value of one Prometheus sample whose labels include all of `labels`. */
export function readMetric(text, name, labels = {}) {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue;
    const matches = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (matches) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
