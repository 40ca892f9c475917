// A real node for the monitoring check: the server jar that scripts/build.sh builds, started as the
// Deployment starts it (the image's JVM flags, clustered through Hazelcast, here a cluster of one on
// loopback), with its own embedded PostgreSQL in a temporary directory. Its log goes to a file.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { jibImage, repoRoot } from "./project.mjs";

export const jar = path.join(repoRoot, "modules/server/target/tandem-server.jar");
const READY_MS = 180_000;
const STOP_MS = 30_000;
const POLL_MS = 200;

/** A free TCP port on loopback. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startNode() {
  if (!existsSync(jar)) throw new Error(`${jar} is missing: build it first (scripts/build.sh)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "tandem-monitoring-"));
  const [httpPort, metricsPort, hazelcastPort, databasePort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const log = path.join(dir, "node.log");
  const output = openSync(log, "a");
  const env = {
    ...process.env,
    TANDEM_NODE_ID: "monitoring-check",
    TANDEM_HTTP_HOST: "127.0.0.1",
    TANDEM_HTTP_PORT: String(httpPort),
    TANDEM_METRICS_HOST: "127.0.0.1",
    TANDEM_METRICS_PORT: String(metricsPort),
    TANDEM_DATA_DIR: path.join(dir, "data"),
    TANDEM_STORAGE_EMBEDDED_PORT: String(databasePort),
    TANDEM_STUN_ENABLED: "false",
    TANDEM_CLUSTER_ENABLED: "true",
    TANDEM_CLUSTER_CONFIG: path.join(repoRoot, "cluster-config/hazelcast-local.xml"),
    TANDEM_CLUSTER_PORT: String(hazelcastPort),
    TANDEM_CLUSTER_MEMBERS: `127.0.0.1:${hazelcastPort}`,
    TANDEM_CLUSTER_DRAIN_TIMEOUT_MS: "1000",
  };
  const child = spawn("java", [...jibImage().jvmFlags, "-jar", jar], { env, stdio: ["ignore", output, output] });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  const node = {
    log,
    async scrape() {
      const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
      return response.text();
    },
    async stop() {
      child.kill("SIGTERM");
      const result = await Promise.race([exited, delay(STOP_MS, "timeout")]);
      if (result === "timeout") {
        child.kill("SIGKILL");
        killDatabase(path.join(env.TANDEM_DATA_DIR, "postgres"));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + READY_MS;
  while (Date.now() < deadline) {
    const gone = await Promise.race([exited, delay(POLL_MS, null)]);
    if (gone !== null) throw new Error(`the node exited (${gone}) before it was ready:\n${tail(log)}`);
    if (await ready(httpPort)) return node;
  }
  await node.stop();
  throw new Error(`the node was not ready within ${READY_MS} ms:\n${tail(log)}`);
}

/** A killed node leaves its embedded PostgreSQL running. */
function killDatabase(directory) {
  const pidFile = path.join(directory, "postmaster.pid");
  if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, "utf8").split("\n")[0]), "SIGKILL");
}

async function ready(port) {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2000) })).status === 200;
  } catch {
    return false;
  }
}

function tail(file) {
  return readFileSync(file, "utf8").split("\n").slice(-30).join("\n");
}

/** The samples of a scrape (text exposition format), each its name and labels: what PromQL selectors match. */
export function samples(scrape) {
  return scrape.split("\n").filter((line) => line && !line.startsWith("#")).map((line) => {
    const [, name, labelText = ""] = line.match(/^([^{\s]+)(?:\{(.*)\})?\s/);
    const labels = Object.fromEntries([...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, label, value]) => [label, value]));
    return { name, labels };
  });
}
