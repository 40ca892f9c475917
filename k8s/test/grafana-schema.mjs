// Grafana's dashboard schema, offline: @grafana/schema (Grafana's own package) ships the dashboard
// JSON model and each panel plugin's options as TypeScript types generated from Grafana's CUE
// kinds; ts-json-schema-generator turns them into JSON Schema, closed to fields they do not name,
// and Ajv checks the dashboard against it.
import { createRequire } from "node:module";
import path from "node:path";
import Ajv from "ajv";
import { createGenerator } from "ts-json-schema-generator";

const require = createRequire(import.meta.url);
const types = path.join(path.dirname(require.resolve("@grafana/schema/package.json")), "dist/types");
const ajv = new Ajv({ allErrors: true, strict: false });
const generators = new Map();
const validators = new Map();

/** One TypeScript program per file (building it is the slow part), one compiled schema per type. */
function validator(file, type) {
  const key = `${file}#${type}`;
  if (!validators.has(key)) {
    if (!generators.has(file)) {
      generators.set(file, createGenerator({ path: path.join(types, file), skipTypeCheck: true, additionalProperties: false, expose: "export", topRef: true }));
    }
    validators.set(key, ajv.compile(generators.get(file).createSchema(type)));
  }
  return validators.get(key);
}

function check(validate, value, at) {
  if (validate(value)) return [];
  return validate.errors.map((error) => {
    const extra = error.params?.additionalProperty ? ` ${JSON.stringify(error.params.additionalProperty)}` : "";
    return `${at}${error.instancePath} ${error.message}${extra}`;
  });
}

/** The dashboard model (the JSON Grafana imports and exports): schema errors, empty if none. */
export function dashboardErrors(board) {
  return check(validator("raw/dashboard/x/types.gen.d.ts", "Dashboard"), board, "dashboard");
}

/** A panel's options and its fields' custom config against its plugin's own schema. */
export function panelErrors(panel, at) {
  if (panel.type === "row") return [];
  const file = `raw/composable/${panel.type}/panelcfg/x/types.gen.d.ts`;
  return [
    ...check(validator(file, "Options"), panel.options ?? {}, `${at}.options`),
    ...check(validator(file, "FieldConfig"), panel.fieldConfig?.defaults?.custom ?? {}, `${at}.fieldConfig.defaults.custom`),
  ];
}
