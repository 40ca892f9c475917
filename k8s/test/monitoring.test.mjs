// k8s/monitoring/: the ServiceMonitor and PrometheusRule valid against the Prometheus Operator's CRD
// schemas, the dashboard against Grafana's, every PromQL expression parsed, and every series they
// read exported by a real node (the built jar, started here) with the labels they select.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { dashboardErrors, panelErrors } from "./grafana-schema.mjs";
import {
  allPanels,
  anchor,
  dashboard,
  dashboardFile,
  dashboardQueries,
  expandMacros,
  external,
  matches,
  monitoringDir,
  monitoringManifests,
  parsePromql,
  ruleQueries,
  variablesIn,
} from "./monitoring.mjs";
import { samples, startNode } from "./node.mjs";
import { k8sDir, manifests, metricsRoutes, parseYaml, repoRoot } from "./project.mjs";
import { validate } from "./schema.mjs";

const files = monitoringManifests();
const objects = files.flatMap(({ objects }) => objects);
const baseObjects = manifests().flatMap(({ objects }) => objects);
const one = (list, kind, name) => {
  const found = list.filter((object) => object.kind === kind && (!name || object.metadata.name === name));
  assert.equal(found.length, 1, `expected one ${kind}${name ? ` ${name}` : ""}, found ${found.length}`);
  return found[0];
};
const serviceMonitor = one(objects, "ServiceMonitor");
const rule = one(objects, "PrometheusRule");
const deployment = one(baseObjects, "Deployment");
const container = deployment.spec.template.spec.containers[0];
const board = dashboard();
const queries = [...dashboardQueries(board), ...ruleQueries(rule)].map((query) => ({ ...query, parsed: parsePromql(expandMacros(query.expr)) }));
const alerts = rule.spec.groups.flatMap((group) => group.rules).filter((item) => item.alert);
const operationsGuide = readFileSync(path.join(repoRoot, "docs/operations.md"), "utf8");
const labelsMatch = (selector, labels) => Object.entries(selector).every(([key, value]) => labels[key] === value);
/** Labels Prometheus gives each series of a ServiceMonitor's target; they are not on the node's own samples. */
const targetLabels = new Set(["namespace", "pod", "service", "job", "instance", "container", "endpoint"]);

test("every monitoring manifest is valid against its schema (Kubernetes API, Prometheus Operator CRDs), with no unknown field", async () => {
  for (const { file, objects } of files) {
    for (const object of objects) {
      const where = `${file}: ${object.kind} ${object.metadata?.name}`;
      const unknown = await validate(object).catch((error) => assert.fail(`${where}: ${error.message}`));
      assert.deepEqual(unknown, [], `${where} has fields the schema does not know`);
    }
  }
});

test("the schema check refuses a misspelt field and a wrong type in the operator's objects", async () => {
  const misspelt = structuredClone(serviceMonitor);
  misspelt.spec.endpoints[0].scrapeIntervall = "15s";
  assert.deepEqual(await validate(misspelt), [".spec.endpoints[0].scrapeIntervall"]);
  const wrongType = structuredClone(rule);
  wrongType.spec.groups[0].rules[0].labels = "critical";
  await assert.rejects(validate(wrongType), /labels/);
});

test("k8s/monitoring applies its manifests and the dashboard; the base k8s/ needs no Prometheus Operator", () => {
  const [kustomization] = parseYaml(readFileSync(path.join(monitoringDir, "kustomization.yaml"), "utf8"), "kustomization.yaml");
  assert.deepEqual([...kustomization.resources].sort(), files.map(({ file }) => file));
  const [generator] = kustomization.configMapGenerator;
  assert.deepEqual(generator.files, [dashboardFile]);
  assert.equal(generator.options.labels.grafana_dashboard, "1", "Grafana's dashboard sidecar looks for this label");
  // kubectl apply (client side) copies the ConfigMap into an annotation, and annotations hold 256 KiB
  const bytes = Buffer.byteLength(readFileSync(path.join(monitoringDir, dashboardFile)));
  assert.ok(bytes < 200 * 1024, `the dashboard is ${bytes} bytes: kubectl apply would refuse its ConfigMap`);
  assert.equal(kustomization.namespace, "tandem");
  const [base] = parseYaml(readFileSync(path.join(k8sDir, "kustomization.yaml"), "utf8"), "kustomization.yaml");
  assert.ok(!base.resources.some((resource) => resource.startsWith("monitoring")), "the base would need the operator's CRDs");
  assert.deepEqual(baseObjects.filter((object) => object.apiVersion.startsWith("monitoring.coreos.com/")), []);
});

test("the ServiceMonitor scrapes every node's metrics port at /metrics, through a headless Service no Ingress names", () => {
  const services = [...baseObjects, ...objects].filter((object) => object.kind === "Service"
    && labelsMatch(serviceMonitor.spec.selector.matchLabels, object.metadata.labels ?? {}));
  assert.deepEqual(services.map((service) => service.metadata.name), ["tandem-metrics"], "the ServiceMonitor must select the metrics Service only");
  const [service] = services;
  assert.equal(service.spec.clusterIP, "None");
  assert.ok(labelsMatch(service.spec.selector, deployment.spec.template.metadata.labels), "the metrics Service selects no node");
  const [endpoint] = serviceMonitor.spec.endpoints;
  const port = service.spec.ports.find((candidate) => candidate.name === endpoint.port);
  assert.ok(port, `the Service has no port ${endpoint.port}`);
  assert.equal(container.ports.find((candidate) => candidate.name === port.targetPort)?.containerPort, port.port);
  assert.equal(port.port, Number(deployment.spec.template.metadata.annotations["prometheus.io/port"]));
  assert.ok(metricsRoutes().includes(endpoint.path));
  assert.ok(parseInt(endpoint.scrapeTimeout) < parseInt(endpoint.interval));
  for (const ingress of baseObjects.filter((object) => object.kind === "Ingress")) {
    const backends = ingress.spec.rules.flatMap((item) => item.http.paths.map((entry) => entry.backend.service.name));
    assert.ok(!backends.includes(service.metadata.name), `${ingress.metadata.name} exposes /metrics`);
  }
});

test("the dashboard is a valid Grafana dashboard, and each panel valid for its plugin", () => {
  assert.deepEqual(dashboardErrors(board), []);
  for (const panel of allPanels(board)) assert.deepEqual(panelErrors(panel, `panel "${panel.title}"`), []);
  const ids = allPanels(board).map((panel) => panel.id);
  assert.equal(new Set(ids).size, ids.length, "panel ids repeat");
  const variables = new Set(board.templating.list.map((variable) => variable.name));
  for (const panel of allPanels(board).filter((candidate) => candidate.type !== "row")) {
    assert.equal(panel.datasource?.uid, "${datasource}", `panel "${panel.title}" has a fixed datasource`);
    assert.ok(panel.description, `panel "${panel.title}" does not say what it shows`);
  }
  for (const { where, expr } of dashboardQueries(board)) {
    for (const name of variablesIn(expr)) assert.ok(variables.has(name), `${where}: no variable $${name}`);
  }
});

test("the schema check refuses a misspelt dashboard field and a wrong panel option", () => {
  const misspelt = structuredClone(board);
  misspelt.refrsh = "30s";
  assert.match(dashboardErrors(misspelt).join("\n"), /"refrsh"/);
  const panel = structuredClone(allPanels(board).find((candidate) => candidate.type === "timeseries"));
  panel.options.legend.placement = "middle";
  assert.match(panelErrors(panel, "panel").join("\n"), /legend\/placement/);
});

test("every dashboard and alert query parses as PromQL", () => {
  assert.ok(queries.length > 20, `only ${queries.length} queries`);
  for (const { where, expr, parsed } of queries) {
    assert.deepEqual(parsed.errors, [], `${where}: ${expr}`);
    assert.ok(parsed.metrics.length > 0, `${where} reads no metric`);
  }
  assert.ok(parsePromql("sum(rate(tandem_rooms[5m]").errors.length > 0, "the parser accepts a missing parenthesis");
});

test("the dashboard shows sessions, agents, traffic, delivery, drops, consent, time travel, failover, the cluster, the pool, heap and GC", () => {
  const read = new Set(dashboardQueries(board).flatMap((query) => parsePromql(expandMacros(query.expr)).metrics));
  const topics = {
    "live sessions per node": "tandem_rooms",
    "agents per node": "tandem_agents",
    "events in": "tandem_frames_in_total",
    "events out": "tandem_frames_out_total",
    "delivery latency histogram": "tandem_delivery_latency_seconds_bucket",
    "dropped batches by reason": "tandem_batches_dropped_total",
    "consent outcomes": "tandem_consent_total",
    "time-travel buffer bytes": "tandem_timetravel_node_bytes",
    failovers: "tandem_rooms_taken_over_total",
    "Hazelcast members": "tandem_cluster_members",
    "PostgreSQL pool": "vertx_pool_in_use",
    "JVM heap": "jvm_memory_used_bytes",
    "JVM GC": "jvm_gc_overhead",
  };
  for (const [topic, metric] of Object.entries(topics)) assert.ok(read.has(metric), `no panel shows ${topic} (${metric})`);
  assert.ok(allPanels(board).some((panel) => panel.type === "heatmap" && panel.targets.some((target) => target.format === "heatmap")),
    "the delivery latency is not drawn as a histogram");
});

test("the alerts cover readiness, the database, latency, drops, buffers, audit rows, login throttling and cluster size, each with a runbook", () => {
  const expected = {
    TandemNodeDown: "up",
    TandemNodeNotReady: "tandem_ready",
    TandemDatabaseDown: "tandem_database_up",
    TandemDeliveryLatencyHigh: "tandem_delivery_latency_seconds_bucket",
    TandemBatchesDropped: "tandem_batches_dropped_total",
    TandemTimeTravelBufferOverflow: "tandem_timetravel_segments_dropped_total",
    TandemLoginThrottlingSpike: "tandem_logins_total",
    TandemAuditRowsDropped: "tandem_audit_rows_dropped_total",
    TandemClusterBelowReplicas: "tandem_cluster_members",
  };
  for (const [name, metric] of Object.entries(expected)) {
    const alert = alerts.find((candidate) => candidate.alert === name);
    assert.ok(alert, `no alert ${name}`);
    assert.ok(parsePromql(alert.expr).metrics.includes(metric), `${name} does not read ${metric}`);
  }
  assert.match(alerts.find((alert) => alert.alert === "TandemDeliveryLatencyHigh").expr, /histogram_quantile\(0\.99,/);
  const headings = new Set([...operationsGuide.matchAll(/^#{2,5} (.+)$/gm)].map(([, heading]) => anchor(heading)));
  for (const alert of alerts) {
    assert.ok(["critical", "warning"].includes(alert.labels?.severity), `${alert.alert}: severity`);
    assert.ok(alert.annotations?.summary && alert.annotations?.description, `${alert.alert}: summary and description`);
    const [file, section] = alert.annotations.runbook.split("#");
    assert.equal(file, "docs/operations.md");
    assert.ok(headings.has(section), `${alert.alert}: docs/operations.md has no heading #${section}`);
    if (alert.for) assert.match(alert.for, /^\d+[smh]$/);
  }
});

test("every series the dashboard and the alerts read is exported by a running node, with the labels they select", { timeout: 300_000 }, async () => {
  const node = await startNode();
  let scraped;
  try {
    scraped = samples(await node.scrape());
  } finally {
    await node.stop();
  }
  const externalUsed = new Set();
  for (const { where, parsed } of queries) {
    for (const { name, matchers } of parsed.selectors) {
      if (external.has(name)) {
        externalUsed.add(name);
        continue;
      }
      const named = scraped.filter((sample) => sample.name === name);
      assert.ok(named.length > 0, `${where} reads ${name}, which the node does not export (log: ${node.log})`);
      const selecting = matchers.filter((matcher) => !targetLabels.has(matcher.label) && !matcher.value.includes("$"));
      assert.ok(named.some((sample) => selecting.every((matcher) => matches(sample.labels, matcher))),
        `${where}: no ${name} sample has ${selecting.map(({ label, op, value }) => `${label}${op}"${value}"`).join(", ")}`);
    }
  }
  assert.deepEqual([...externalUsed].sort(), [...external.keys()].sort(), "a series listed as external is read by no query");
  // A label of the node's own that Prometheus also sets on the target would be renamed exported_<label>
  // unless the ServiceMonitor honours the node's labels.
  const colliding = new Set(scraped.flatMap((sample) => Object.keys(sample.labels)).filter((label) => targetLabels.has(label)));
  if (colliding.size > 0) {
    assert.equal(serviceMonitor.spec.endpoints[0].honorLabels, true, `the node's labels ${[...colliding]} collide with target labels`);
  }
});
