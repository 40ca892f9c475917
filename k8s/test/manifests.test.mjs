// The Kubernetes manifests in k8s/: valid against the API schemas (offline, kubernetes-models) and
// consistent with the node they deploy.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { validate } from "./schema.mjs";
import {
  bytes,
  closeMs,
  cores,
  defaults,
  envName,
  getRoutes,
  hazelcastKubernetes,
  jibImage,
  k8sDir,
  keyPaths,
  manifests,
  merge,
  metricsRoutes,
  parseYaml,
  repoRoot,
} from "./project.mjs";

const files = manifests();
const objects = files.flatMap(({ objects }) => objects);
const one = (kind, name) => {
  const found = objects.filter((object) => object.kind === kind && (!name || object.metadata.name === name));
  assert.equal(found.length, 1, `expected one ${kind}${name ? ` ${name}` : ""}, found ${found.length}`);
  return found[0];
};
const deployment = one("Deployment");
const pod = deployment.spec.template;
const container = pod.spec.containers[0];
const configMap = one("ConfigMap", "tandem-config");
const fileConfig = JSON.parse(configMap.data["tandem.json"]);
const config = merge(defaults, fileConfig);
const labelsMatch = (selector, labels) => Object.entries(selector).every(([key, value]) => labels[key] === value);
const containerPort = (name) => container.ports.find((port) => port.name === name);

test("every manifest is a valid Kubernetes object with no field its schema lacks", async () => {
  assert.ok(objects.length >= 10, `only ${objects.length} objects in k8s/`);
  for (const { file, objects } of files) {
    for (const object of objects) {
      const where = `${file}: ${object.kind} ${object.metadata?.name}`;
      const unknown = await validate(object).catch((error) => assert.fail(`${where}: ${error.message}`));
      assert.deepEqual(unknown, [], `${where} has fields the API does not know`);
    }
  }
});

test("the schema check refuses a wrong type and a misspelt field", async () => {
  const misspelt = structuredClone(deployment);
  misspelt.spec.template.spec.containers[0].readinesProbe = container.readinessProbe;
  assert.deepEqual(await validate(misspelt), [".spec.template.spec.containers[0].readinesProbe"]);
  const wrongType = structuredClone(deployment);
  wrongType.spec.template.spec.containers[0].ports[0].containerPort = "8080";
  await assert.rejects(validate(wrongType), /containerPort must be integer/);
});

test("kustomization.yaml applies every manifest but the placeholder Secret", () => {
  const [kustomization] = parseYaml(readFileSync(path.join(k8sDir, "kustomization.yaml"), "utf8"), "kustomization.yaml");
  const expected = files.map(({ file }) => file).filter((file) => file !== "secret.yaml");
  assert.deepEqual([...kustomization.resources].sort(), expected);
  assert.equal(kustomization.images[0].name, container.image.split(":")[0]);
});

test("probes ask the node's real health routes on its HTTP port", () => {
  const routes = getRoutes();
  assert.equal(container.readinessProbe.httpGet.path, "/health/ready");
  assert.equal(container.livenessProbe.httpGet.path, "/health/live");
  for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
    assert.ok(routes.includes(probe.httpGet.path), `${probe.httpGet.path} is not a route of the node (${routes})`);
    assert.equal(containerPort(probe.httpGet.port)?.containerPort, config.http.port);
  }
  assert.equal(pod.metadata.annotations["prometheus.io/port"], String(config.metrics.port));
  assert.equal(containerPort("metrics")?.containerPort, config.metrics.port);
  assert.ok(metricsRoutes().includes(pod.metadata.annotations["prometheus.io/path"]));
});

test("no Ingress path reaches /metrics: it is served only on the metrics port, which no Service exposes", () => {
  assert.deepEqual(metricsRoutes(), ["/metrics"]);
  assert.ok(!getRoutes().includes("/metrics"), "the HTTP port serves /metrics");
  assert.notEqual(config.metrics.port, config.http.port);
  assert.equal(defaults.metrics.host, "127.0.0.1", "outside Kubernetes, metrics stay on loopback unless configured");
  for (const service of objects.filter((object) => object.kind === "Service")) {
    for (const port of service.spec.ports) {
      assert.notEqual(containerPort(port.targetPort).containerPort, config.metrics.port, `${service.metadata.name} exposes the metrics port`);
    }
  }
  for (const ingress of objects.filter((object) => object.kind === "Ingress")) {
    for (const rule of ingress.spec.rules) {
      for (const { backend } of rule.http.paths) {
        const service = one("Service", backend.service.name);
        const port = service.spec.ports.find((candidate) => candidate.name === backend.service.port.name || candidate.port === backend.service.port.number);
        assert.equal(containerPort(port.targetPort).containerPort, config.http.port, `${ingress.metadata.name} reaches a port other than HTTP`);
      }
    }
  }
});

test("only Tandem pods reach Hazelcast and the event bus, and no other port of theirs; HTTP and STUN stay open", () => {
  const policy = one("NetworkPolicy");
  const nodeLabels = pod.metadata.labels;
  assert.ok(labelsMatch(policy.spec.podSelector.matchLabels, nodeLabels), "the policy selects no node");
  assert.ok(policy.spec.policyTypes.includes("Ingress"), "without the Ingress type the policy restricts nothing");
  const hazelcastPort = containerPort("hazelcast");
  const admits = (rule, port) => !rule.ports || rule.ports.some((p) => (p.port === port.name || p.port === port.containerPort) && (p.protocol ?? "TCP") === port.protocol);
  const onlyNodes = (rule) => Array.isArray(rule.from) && rule.from.length > 0
    && rule.from.every((peer) => peer.podSelector && !peer.namespaceSelector && !peer.ipBlock && labelsMatch(peer.podSelector.matchLabels ?? {}, nodeLabels)
      && Object.keys(peer.podSelector.matchLabels ?? {}).length > 0);
  const eventBusPort = containerPort("eventbus");
  assert.equal(eventBusPort?.containerPort, config.cluster.eventBusPort, "the event bus listens on a port the pod does not declare");
  assert.ok(config.cluster.eventBusPort > 0, "an event bus port chosen at start cannot be named by the policy");
  for (const [name, port] of [["Hazelcast", hazelcastPort], ["the event bus", eventBusPort]]) {
    const rules = policy.spec.ingress.filter((rule) => admits(rule, port));
    assert.ok(rules.length > 0, `the nodes could not reach each other's ${name}`);
    for (const rule of rules) assert.ok(onlyNodes(rule), `a rule opens ${name} to more than Tandem pods: ${JSON.stringify(rule)}`);
  }
  assert.ok(policy.spec.ingress.every((rule) => rule.ports), "a rule admits every port");
  for (const name of ["http", "stun"]) {
    assert.ok(policy.spec.ingress.some((rule) => !rule.from && admits(rule, containerPort(name))), `${name} is not open to clients`);
  }
  assert.ok(policy.spec.ingress.some((rule) => admits(rule, containerPort("metrics"))), "Prometheus could not scrape");
  assert.ok(policy.spec.ingress.filter((rule) => admits(rule, containerPort("metrics"))).every((rule) => rule.from?.length > 0), "metrics open to the world");
});

test("the demo (its public project key and its agent) is off in Kubernetes; the first admin comes from the Secret", () => {
  assert.equal(defaults.demo, false, "the demo must be off unless switched on");
  assert.equal(config.demo, false);
  assert.ok(!container.env.some((variable) => variable.name === "TANDEM_DEMO"), "the Deployment switches the demo on");
  assert.deepEqual(config.projects, [], "a project is declared in the ConfigMap");
  const admin = container.env.find((variable) => variable.name === "TANDEM_AUTH_FIRST_ADMIN_PASSWORD");
  assert.equal(admin?.valueFrom?.secretKeyRef?.name, one("Secret").metadata.name);
});

test("Services, the PodDisruptionBudget and the HPA all find the Deployment's pods", () => {
  assert.ok(labelsMatch(deployment.spec.selector.matchLabels, pod.metadata.labels));
  for (const service of objects.filter((object) => object.kind === "Service")) {
    assert.ok(labelsMatch(service.spec.selector, pod.metadata.labels), `${service.metadata.name} selects no node`);
    for (const port of service.spec.ports) {
      const target = containerPort(port.targetPort);
      assert.ok(target, `${service.metadata.name} targets unknown port ${port.targetPort}`);
      assert.equal(target.protocol, port.protocol, `${service.metadata.name} ${port.name} protocol`);
    }
  }
  const pdb = one("PodDisruptionBudget");
  assert.ok(labelsMatch(pdb.spec.selector.matchLabels, pod.metadata.labels));
  const hpa = one("HorizontalPodAutoscaler");
  assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name });
  assert.ok(hpa.spec.minReplicas >= 2, "one node would leave no one to take over its rooms");
  assert.ok(pdb.spec.maxUnavailable < hpa.spec.minReplicas, "the budget would allow evicting every node");
  assert.equal(deployment.spec.replicas, undefined, "replicas belongs to the HPA");
  assert.equal(deployment.spec.strategy.rollingUpdate.maxUnavailable, 0);
});

test("Hazelcast finds members through the headless Service, without RBAC", () => {
  const hazelcast = hazelcastKubernetes();
  const headless = one("Service", hazelcast.serviceDns);
  assert.equal(headless.spec.clusterIP, "None");
  assert.equal(headless.spec.publishNotReadyAddresses, true, "nodes become ready only after joining");
  assert.ok(hazelcast.kubernetesJoin);
  assert.equal(headless.spec.ports[0].port, hazelcast.servicePort);
  assert.equal(containerPort(headless.spec.ports[0].targetPort).containerPort, hazelcast.memberPort);
  assert.equal(config.cluster.enabled, true);
  assert.deepEqual(objects.filter((object) => /Role/.test(object.kind)), [], "DNS discovery needs no Kubernetes API access");
  assert.equal(pod.spec.automountServiceAccountToken, false);
});

test("the image carries what the manifests name: Hazelcast config, user, ports", () => {
  const image = jibImage();
  const clusterConfig = image.extraDirectories.find(({ into }) => config.cluster.config.startsWith(into + "/"));
  assert.ok(clusterConfig, `${config.cluster.config} is not in the image (jib extraDirectories)`);
  const inRepo = path.join(repoRoot, clusterConfig.from, config.cluster.config.slice(clusterConfig.into.length));
  assert.doesNotThrow(() => readFileSync(inRepo), `${inRepo} is missing`);
  assert.equal(image.user, `${pod.spec.securityContext.runAsUser}:${pod.spec.securityContext.runAsGroup}`);
  for (const port of container.ports) {
    const suffix = port.protocol === "UDP" ? "/udp" : "";
    assert.ok(image.ports.includes(`${port.containerPort}${suffix}`), `image does not expose ${port.containerPort}${suffix}`);
  }
});

test("a stopping node has time to drain before it is killed", () => {
  const preStop = container.lifecycle.preStop.sleep.seconds;
  const needed = preStop + (config.cluster.drainTimeoutMs + closeMs()) / 1000;
  assert.ok(preStop > 0, "without the pause, new connections still arrive while the node drains");
  assert.ok(
    pod.spec.terminationGracePeriodSeconds > needed,
    `grace ${pod.spec.terminationGracePeriodSeconds} s must exceed preStop ${preStop} s + drain + close = ${needed} s`,
  );
});

test("every TANDEM_ variable and every tandem.json key is one the node knows", () => {
  const known = new Set(keyPaths(defaults));
  for (const key of keyPaths(fileConfig)) assert.ok(known.has(key), `tandem.json: ${key} is not a configuration key`);
  const variables = new Set([...known].map(envName));
  const secret = one("Secret");
  for (const variable of container.env) {
    if (variable.name === "TANDEM_CONFIG") {
      const mount = container.volumeMounts.find((volume) => variable.value.startsWith(volume.mountPath + "/"));
      const volume = pod.spec.volumes.find((candidate) => candidate.name === mount?.name);
      assert.equal(volume?.configMap?.name, configMap.metadata.name);
      assert.ok(configMap.data[path.basename(variable.value)], `${variable.value} is not a key of the ConfigMap`);
      continue;
    }
    assert.ok(variables.has(variable.name), `${variable.name} names no configuration key, so the node would ignore it`);
    const ref = variable.valueFrom?.secretKeyRef;
    if (ref) {
      assert.equal(ref.name, secret.metadata.name);
      assert.ok(ref.key in secret.stringData, `the Secret has no ${ref.key}`);
    }
  }
});

test("restricted pod security, read-only root: the node writes only into volumes", () => {
  const namespace = one("Namespace");
  assert.equal(namespace.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
  assert.equal(pod.spec.securityContext.seccompProfile.type, "RuntimeDefault");
  assert.equal(container.securityContext.readOnlyRootFilesystem, true);
  assert.equal(container.securityContext.allowPrivilegeEscalation, false);
  assert.deepEqual(container.securityContext.capabilities.drop, ["ALL"]);
  assert.equal(pod.spec.securityContext.runAsNonRoot, true);
  const writable = container.volumeMounts.filter((mount) => !mount.readOnly).map((mount) => mount.mountPath);
  for (const dir of [config.dataDir, "/tmp"]) assert.ok(writable.includes(dir), `${dir} is not a writable volume`);
});

test("the ingress keeps a quiet WebSocket open as long as the node does", () => {
  const ingress = one("Ingress");
  const backend = ingress.spec.rules[0].http.paths[0].backend.service;
  const service = one("Service", backend.name);
  assert.ok(service.spec.ports.some((port) => port.name === backend.port.name));
  const silenceSeconds = config.limits.trackerSilenceMs / 1000;
  for (const annotation of ["proxy-read-timeout", "proxy-send-timeout"]) {
    const seconds = Number(ingress.metadata.annotations[`nginx.ingress.kubernetes.io/${annotation}`]);
    assert.ok(seconds > silenceSeconds, `${annotation} ${seconds} s would cut sessions the node keeps (${silenceSeconds} s)`);
  }
  const bodyLimit = bytes(ingress.metadata.annotations["nginx.ingress.kubernetes.io/proxy-body-size"].replace(/m$/, "Mi"));
  assert.ok(bodyLimit >= config.recordings.maxChunkBytes, "a recording chunk would be refused by nginx");
});

test("requests fit the limits, and the node's buffers fit its heap", () => {
  const { requests, limits } = container.resources;
  assert.ok(cores(requests.cpu) <= cores(limits.cpu));
  assert.ok(bytes(requests.memory) <= bytes(limits.memory));
  const ramPercentage = Number(jibImage().jvmFlags.find((flag) => flag.startsWith("-XX:MaxRAMPercentage="))?.split("=")[1]);
  const heap = (bytes(limits.memory) * ramPercentage) / 100;
  assert.ok(config.limits.nodeBufferBytes <= heap / 2, `limits.nodeBufferBytes ${config.limits.nodeBufferBytes} > half the heap ${heap}`);
});
