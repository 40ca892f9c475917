// What the manifests must agree with, read from the project's own sources: the node's defaults,
// routes and shutdown timing, the Hazelcast config, and the image that jib builds.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const k8sDir = path.join(repoRoot, "k8s");
const read = (relative) => readFileSync(path.join(repoRoot, relative), "utf8");

/** Every manifest file in k8s/ with the objects it holds. */
export function manifests() {
  return readdirSync(k8sDir)
    .filter((name) => name.endsWith(".yaml") && name !== "kustomization.yaml")
    .sort()
    .map((file) => ({ file, objects: parseYaml(readFileSync(path.join(k8sDir, file), "utf8"), file) }));
}

export function parseYaml(text, file) {
  return parseAllDocuments(text).map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
    return document.toJS();
  });
}

export const defaults = JSON.parse(read("modules/server/src/main/resources/tandem-defaults.json"));

/** Deep merge, as the node merges its config file over the defaults. */
export function merge(base, override) {
  const merged = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
    merged[key] = isObject(value) && isObject(base[key]) ? merge(base[key], value) : value;
  }
  return merged;
}

/** Dotted paths of the config's keys, objects descended into (as EnvironmentOverrides does). */
export function keyPaths(config, prefix = "") {
  return Object.entries(config).flatMap(([key, value]) => {
    const here = prefix + key;
    const nested = value !== null && typeof value === "object" && !Array.isArray(value) ? keyPaths(value, here + ".") : [];
    return [here, ...nested];
  });
}

/** The variable EnvironmentOverrides.envName gives a key: limits.maxAgentsPerRoom → TANDEM_LIMITS_MAX_AGENTS_PER_ROOM. */
export function envName(keyPath) {
  return "TANDEM_" + keyPath.replaceAll(".", "_").replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

const operations = () => read("modules/server/src/main/java/io/tandem/server/gateway/Operations.java");

/** Paths the node serves with GET on its HTTP port (http.port), from its route table. */
export function getRoutes() {
  return [...operations().matchAll(/router\.get\("([^"]+)"\)/g)].map((match) => match[1]);
}

/** Paths the node serves on its metrics port (metrics.port), and nowhere else. */
export function metricsRoutes() {
  return [...operations().matchAll(/metrics\.get\("([^"]+)"\)/g)].map((match) => match[1]);
}

/** Milliseconds the node allows itself, after draining, to close (Main.CLOSE_MS). */
export function closeMs() {
  const match = read("modules/server/src/main/java/io/tandem/server/Main.java").match(/CLOSE_MS = ([\d_]+);/);
  if (!match) throw new Error("Main.java no longer declares CLOSE_MS: find the shutdown budget again");
  return Number(match[1].replaceAll("_", ""));
}

export function hazelcastKubernetes() {
  const xml = read("cluster-config/hazelcast-kubernetes.xml");
  const field = (pattern) => xml.match(pattern)?.[1];
  return {
    serviceDns: field(/<service-dns>([^<]+)<\/service-dns>/),
    servicePort: Number(field(/<service-port>(\d+)<\/service-port>/)),
    memberPort: Number(field(/<port[^>]*>(\d+)<\/port>/)),
    kubernetesJoin: /<kubernetes enabled="true">/.test(xml),
  };
}

/** The jib configuration of modules/server/pom.xml. */
export function jibImage() {
  const pom = read("modules/server/pom.xml");
  const jib = pom.match(/<artifactId>jib-maven-plugin<\/artifactId>([\s\S]*?)<\/plugin>/)?.[1];
  if (!jib) throw new Error("modules/server/pom.xml has no jib-maven-plugin");
  const extraDirectories = [...jib.matchAll(/<from>\$\{repo\.root\}\/([^<]+)<\/from>\s*<into>([^<]+)<\/into>/g)].map(
    ([, from, into]) => ({ from, into }),
  );
  return {
    user: jib.match(/<user>([^<]+)<\/user>/)?.[1],
    ports: [...jib.matchAll(/<port>([^<]+)<\/port>/g)].map((match) => match[1]),
    jvmFlags: [...jib.matchAll(/<jvmFlag>([^<]+)<\/jvmFlag>/g)].map((match) => match[1]),
    extraDirectories,
  };
}

/** Bytes in a Kubernetes quantity such as 2Gi or 512Mi. */
export function bytes(quantity) {
  const units = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  const match = String(quantity).match(/^(\d+)(Ki|Mi|Gi|Ti)?$/);
  if (!match) throw new Error(`unsupported quantity ${quantity}`);
  return Number(match[1]) * (match[2] ? units[match[2]] : 1);
}

/** CPU cores in a quantity such as 500m or "2". */
export function cores(quantity) {
  const text = String(quantity);
  return text.endsWith("m") ? Number(text.slice(0, -1)) / 1000 : Number(text);
}
