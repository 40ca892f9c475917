// Validates Kubernetes objects offline against the API schemas that kubernetes-models ships, and
// the Prometheus Operator's objects against its CRD schemas (@kubernetes-models/prometheus-operator,
// generated from the operator's Go types): their classes check types, required fields and formats;
// unknownFields() adds what the API server's strict field validation (kubectl's default) adds, a
// refusal of fields the schema does not have.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const modelsRoot = path.dirname(require.resolve("kubernetes-models/package.json"));
const nodeModules = path.dirname(modelsRoot);
/** API groups whose models live outside kubernetes-models, by package. */
const groupPackages = { "monitoring.coreos.com": "@kubernetes-models/prometheus-operator" };

function location({ apiVersion, kind }) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const thirdParty = groupPackages[group];
  if (thirdParty) {
    const root = path.dirname(require.resolve(`${thirdParty}/package.json`));
    return { module: `${thirdParty}/${group}/${version}/${kind}`, file: path.join(root, group, version, `${kind}.d.ts`) };
  }
  const parts = group ? [group, version] : [version];
  return { module: ["kubernetes-models", ...parts, kind].join("/"), file: path.join(modelsRoot, ...parts, `${kind}.d.ts`) };
}

/** The model class for an object's apiVersion and kind, or an error saying why not. */
export async function modelClass(object) {
  const module = await import(location(object).module);
  return module[object.kind];
}

export async function validate(object) {
  const Model = await modelClass(object);
  new Model(object).validate();
  return unknownFields(object, typeFile(object));
}

function typeFile(object) {
  const { file } = location(object);
  if (!readInterface(file).name) throw new Error(`no interface found in ${file}: the .d.ts layout changed`);
  return file;
}

const interfaces = new Map();

// The generated .d.ts files are regular: one `export interface I<Name> {` block whose properties
// sit at four spaces, `"name"?: Type;`, and imports that name the file of each referenced type.
function readInterface(file) {
  if (interfaces.has(file)) return interfaces.get(file);
  const source = readFileSync(file, "utf8");
  const imports = new Map();
  for (const [, alias, from] of source.matchAll(/import \{ (\w+) \} from "([^"]+)";/g)) {
    imports.set(alias, resolveImport(file, from));
  }
  const body = source.match(/export interface (\w+)(?: extends ([\w, ]+))? \{\n([\s\S]*?)\n\}/);
  const properties = new Map();
  if (body) {
    // an interface has its parents' fields too (the operator's Endpoint extends its HTTP config)
    for (const parent of (body[2] ?? "").split(",").map((name) => imports.get(name.trim())).filter((f) => f && existsSync(f))) {
      for (const [name, type] of readInterface(parent).properties) properties.set(name, type);
    }
    for (const [, name, type] of body[3].matchAll(/^ {4}"([^"]+)"\??: ([^;\n]+)/gm)) {
      properties.set(name, type.trim());
    }
  }
  const parsed = { name: body?.[1], properties, imports, file };
  interfaces.set(file, parsed);
  return parsed;
}

function resolveImport(file, from) {
  const relative = from.startsWith(".") ? path.resolve(path.dirname(file), from) : path.join(nodeModules, from);
  return relative.replace(/\.js$/, "") + ".d.ts";
}

/** Paths of the fields in `value` that its schema type (a .d.ts file) does not define. */
export function unknownFields(value, file, at = "") {
  const type = readInterface(file);
  if (!type.name) return [];
  const unknown = [];
  for (const [key, child] of Object.entries(value)) {
    const fieldPath = `${at}.${key}`;
    const fieldType = type.properties.get(key);
    if (fieldType === undefined) {
      unknown.push(fieldPath);
      continue;
    }
    const element = fieldType.match(/^Array<(\w+)>$/)?.[1] ?? fieldType;
    const childFile = type.imports.get(element) ?? (element === type.name ? file : null);
    if (!childFile || child === null || typeof child !== "object") continue;
    const items = Array.isArray(child) ? child.map((item, i) => [item, `${fieldPath}[${i}]`]) : [[child, fieldPath]];
    for (const [item, itemPath] of items) {
      if (item !== null && typeof item === "object") unknown.push(...unknownFields(item, childFile, itemPath));
    }
  }
  return unknown;
}
