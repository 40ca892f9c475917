// What k8s/monitoring/ holds, read for the checks: its manifests, the Grafana dashboard, and every
// PromQL expression in either, parsed with Prometheus's own grammar (@prometheus-io/lezer-promql).
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parser } from "@prometheus-io/lezer-promql";
import { k8sDir, parseYaml } from "./project.mjs";

export const monitoringDir = path.join(k8sDir, "monitoring");
export const dashboardFile = "tandem-dashboard.json";

/** Series a running node cannot export, with where Prometheus gets them instead. */
export const external = new Map([
  ["up", "Prometheus itself, one per scrape target"],
  ["kube_deployment_spec_replicas", "kube-state-metrics (kube-prometheus-stack installs it)"],
]);

/** Every manifest file in k8s/monitoring/ with the objects it holds. */
export function monitoringManifests() {
  return readdirSync(monitoringDir)
    .filter((name) => name.endsWith(".yaml") && name !== "kustomization.yaml")
    .sort()
    .map((file) => ({ file, objects: parseYaml(readFileSync(path.join(monitoringDir, file), "utf8"), file) }));
}

export function dashboard() {
  return JSON.parse(readFileSync(path.join(monitoringDir, dashboardFile), "utf8"));
}

/** Panels, those inside collapsed rows included. */
export function allPanels(board) {
  return (board.panels ?? []).flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

/** Every query of the dashboard: the panels' targets and the query variables' label_values selectors. */
export function dashboardQueries(board) {
  const targets = allPanels(board).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}" query ${target.refId}`, expr: target.expr })));
  const variables = (board.templating?.list ?? []).filter((variable) => variable.type === "query")
    .map((variable) => ({ where: `variable ${variable.name}`, expr: labelValuesSelector(variable.query) }));
  return [...targets, ...variables];
}

/** Grafana's variable query label_values(<selector>, <label>) reads the selector. */
function labelValuesSelector(query) {
  const text = typeof query === "string" ? query : query.query;
  const match = text.match(/^label_values\((.+),\s*\w+\)$/s);
  if (!match) throw new Error(`not a label_values() query: ${text}`);
  return match[1];
}

/** Every alerting and recording rule's expression. */
export function ruleQueries(rule) {
  return rule.spec.groups.flatMap((group) =>
    group.rules.map((item) => ({ where: `rule ${group.name}/${item.alert ?? item.record}`, expr: String(item.expr) })));
}

/** What Grafana puts in place of its macros, so a dashboard query becomes the PromQL Prometheus gets. */
const macros = [["$__rate_interval", "1m"], ["$__interval", "30s"], ["$__range", "1h"]];

export function expandMacros(expr) {
  return macros.reduce((text, [macro, value]) => text.replaceAll(macro, value), expr);
}

/**
 * Parses PromQL: the syntax errors (empty if none), the metric names its selectors read, and each
 * selector with its label matchers.
 */
export function parsePromql(expr) {
  const errors = [];
  const selectors = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) errors.push(`syntax error at ${node.from}: …${expr.slice(Math.max(0, node.from - 10), node.from + 10)}…`);
      if (node.name === "VectorSelector") {
        const name = metricName(node.node, expr);
        if (!name) errors.push(`a selector without a metric name at ${node.from}`);
        else selectors.push({ name, matchers: matchers(expr.slice(node.from, node.to)).filter((m) => m.label !== "__name__") });
      }
    },
  });
  return { errors, metrics: [...new Set(selectors.map((selector) => selector.name))], selectors };
}

function matchers(selector) {
  return [...selector.matchAll(/(\w+)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)].map(([, label, op, value]) => ({ label, op, value }));
}

/** Whether a sample's labels satisfy a matcher (regular expressions anchored, as Prometheus does). */
export function matches(labels, { label, op, value }) {
  const actual = labels[label] ?? "";
  switch (op) {
    case "=": return actual === value;
    case "!=": return actual !== value;
    case "=~": return new RegExp(`^(?:${value})$`).test(actual);
    default: return !new RegExp(`^(?:${value})$`).test(actual);
  }
}

/** The name a vector selector reads: its identifier, or a __name__="..." matcher. */
function metricName(selector, expr) {
  const identifier = selector.getChild("Identifier");
  if (identifier) return expr.slice(identifier.from, identifier.to);
  const nameMatcher = expr.slice(selector.from, selector.to).match(/__name__\s*=\s*"([^"]+)"/);
  return nameMatcher?.[1];
}

/** The Grafana variables ($name or ${name}) an expression refers to, macros aside. */
export function variablesIn(expr) {
  return [...expr.matchAll(/\$\{?(\w+)\}?/g)].map((match) => match[1]).filter((name) => !name.startsWith("__"));
}

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchor(heading) {
  return heading.trim().toLowerCase().replace(/[^\w\- ]/g, "").replaceAll(" ", "-");
}
