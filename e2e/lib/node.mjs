// Starts a real Tandem node (the server jar) on a free loopback port for a browser test.
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
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
    /** SIGSTOP: the node holds its sockets open and answers nothing, as a frozen process or a cut-off machine. */
    freeze() {
      child.kill('SIGSTOP');
    },
    async stop() {
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Two nodes in separate JVMs, clustered on loopback through cluster-config/hazelcast-local.xml as
 * the Java cluster tests do, with one embedded PostgreSQL (the first node's, which the second
 * uses as its external database) and one pair of signing keys. The first node is ready before the
 * second starts: the second needs its database.
 */
export async function startCluster(env = {}) {
  const [firstPort, secondPort, databasePort] = [await freePort(), await freePort(), await freePort()];
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const shared = {
    TANDEM_CLUSTER_ENABLED: 'true',
    TANDEM_CLUSTER_CONFIG: join(root, 'cluster-config', 'hazelcast-local.xml'),
    TANDEM_CLUSTER_MEMBERS: `127.0.0.1:${firstPort},127.0.0.1:${secondPort}`,
    TANDEM_CLUSTER_HEARTBEAT_INTERVAL_SECONDS: '1',
    TANDEM_CLUSTER_MAX_NO_HEARTBEAT_SECONDS: '3',
    TANDEM_AUTH_PRIVATE_KEY_PEM: keys.privateKey,
    TANDEM_AUTH_PUBLIC_KEY_PEM: keys.publicKey,
    ...env,
  };
  const first = await startNode({ ...shared, TANDEM_NODE_ID: 'e2e-1', TANDEM_CLUSTER_PORT: String(firstPort), TANDEM_STORAGE_EMBEDDED_PORT: String(databasePort) });
  try {
    const second = await startNode({
      ...shared,
      TANDEM_NODE_ID: 'e2e-2',
      TANDEM_CLUSTER_PORT: String(secondPort),
      TANDEM_STORAGE_HOST: '127.0.0.1',
      TANDEM_STORAGE_PORT: String(databasePort),
      TANDEM_STORAGE_DATABASE: 'postgres',
      TANDEM_STORAGE_USER: 'postgres',
    });
    return {
      nodes: [first, second],
      async stop() {
        await second.stop();
        await first.stop();
      },
    };
  } catch (e) {
    await first.stop();
    throw e;
  }
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
