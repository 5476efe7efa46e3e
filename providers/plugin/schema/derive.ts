import type { InputSpecs, OutputSpecs, ResourceDescriptor } from "../../program/descriptor";
import { capitalize, PLUGIN_PACKAGE } from "../../program/resource-type";
import { pluginConfigKey } from "../configure";
import type { ClassDocs } from "./docs";
import type { FunctionSpec, PackageSpec, PropertySpec, ResourceSpec } from "./spec";
import { isRequired, nested, refusesEveryValue, TypeTable, type FieldDocs } from "./types";

type AnyDescriptor = ResourceDescriptor<InputSpecs, OutputSpecs>;

/** Engine-owned names a resource property may not take (every resource has them). */
const RESERVED = ["id", "urn"];
/** Inputs every resource takes whose type is one shared type, not one per resource. */
const SHARED_TYPES: Record<string, (module: string) => string> = { timeouts: () => "index:Timeouts", connection: (module) => `${module}:Connection` };

export interface DeriveOptions {
  version: string;
  descriptors: readonly AnyDescriptor[];
  /** Each resource class's doc comments, by class name (./docs.ts). */
  docs: ReadonlyMap<string, ClassDocs>;
  /** The functions, given the table their types go in (./functions.ts reads them from the declarations). */
  functions?: (table: TypeTable) => Record<string, FunctionSpec>;
}

/**
 * The package schema, derived from the resource descriptors (types, secrets, what replaces,
 * required inputs) and the declarations' doc comments (descriptions): nothing in it is written
 * by hand, so the plugin and its SDKs cannot drift from the dynamic resources.
 */
export function deriveSchema(o: DeriveOptions): PackageSpec {
  const table = new TypeTable(PLUGIN_PACKAGE);
  const resources: Record<string, ResourceSpec> = {};
  const config: Record<string, PropertySpec> = {};
  for (const d of o.descriptors) {
    const docs = o.docs.get(d.type.name);
    if (!docs) throw new Error(`the declarations have no class ${d.type.name}`);
    const [, module, name] = d.type.pluginToken.split(":");
    const clash = [...Object.keys(d.inputs), ...Object.keys(d.outputs)].filter((k) => RESERVED.includes(k));
    if (clash.length > 0) throw new Error(`${d.type.name}: ${clash.join(", ")} may not be a property name`);
    const described = (map: ReadonlyMap<string, string>, key: string): string => {
      const text = map.get(key);
      if (!text) throw new Error(`${d.type.name}.${key} has no doc comment: the schema's description comes from it`);
      return text;
    };
    const fieldDocs = (map: ReadonlyMap<string, string>): FieldDocs => (path) => map.get(path);
    // `Company.companyServices` is `vspc:CompanyServices`, not `vspc:CompanyCompanyServices`.
    const typeToken = (key: string): string => SHARED_TYPES[key]?.(module) ?? `${module}:${capitalize(key).startsWith(name) ? "" : name}${capitalize(key)}`;

    const inputProperties: Record<string, PropertySpec> = {};
    const properties: Record<string, PropertySpec> = {};
    const requiredInputs: string[] = [];
    for (const [key, spec] of Object.entries(d.inputs)) {
      const secret = d.secretInputs.includes(key);
      const replaceOnChanges = d.replaceOn.includes(key);
      const flags = { ...(secret ? { secret: true } : {}), ...(replaceOnChanges ? { replaceOnChanges: true } : {}) };
      if (!refusesEveryValue(spec.schema)) {
        inputProperties[key] = { ...table.of(spec.schema, "input", typeToken(key), nested(fieldDocs(docs.inputs), key)), description: described(docs.inputs, key), ...flags };
        if (isRequired(spec.schema)) requiredInputs.push(key);
      }
      // The recorded value (defaults applied) is what the resource exposes.
      properties[key] = { ...table.of(spec.recorded ?? spec.schema, "output", typeToken(key), nested(fieldDocs(docs.outputs), key)), description: described(docs.outputs, key), ...flags };
    }
    for (const [key, spec] of Object.entries(d.outputs)) {
      properties[key] = { ...table.of(spec.schema, "output", typeToken(key), nested(fieldDocs(docs.outputs), key)), description: described(docs.outputs, key), ...(spec.secret ? { secret: true } : {}) };
    }
    resources[d.type.pluginToken] = { description: docs.description || `${d.type.name}.`, properties, required: [], inputProperties, requiredInputs };

    // Provider config: each vendor's connection settings, as the `connection` input describes them.
    const connection = d.inputs.connection;
    const connectionType = inputProperties.connection;
    const fields = connectionType?.$ref ? table.types[connectionType.$ref.replace("#/types/", "")]?.properties ?? {} : {};
    const secretFields = Array.isArray(connection?.secret) ? connection.secret : [];
    for (const [field, spec] of Object.entries(fields)) {
      const key = pluginConfigKey(module, field).split(":")[1];
      config[key] ??= { ...spec, ...(secretFields.includes(field) ? { secret: true } : {}) };
    }
  }
  const functions = o.functions?.(table) ?? {};
  return {
    name: PLUGIN_PACKAGE,
    displayName: "Backup infrastructure",
    version: o.version,
    description: "IBM Spectrum Protect Plus, Veeam Service Provider Console, NTT Smart Data Platform and Sangfor Cloud Platform resources for data-protection estates (pulumi-backup-infra).",
    license: "Apache-2.0",
    keywords: ["pulumi", "backup", "spectrum-protect-plus", "veeam", "ntt-sdp", "sangfor", "category/infrastructure", "kind/native"],
    config: { variables: config },
    provider: { description: "The backupinfra provider: each vendor's connection settings (every one also has an environment variable, e.g. SPP_URL).", inputProperties: config },
    resources,
    functions,
    types: table.types,
    language: {
      nodejs: { packageName: "@backupinfra/pulumi", dependencies: { "@pulumi/pulumi": "^3.139.0" } },
      python: { packageName: "pulumi_backupinfra", requires: { pulumi: ">=3.0.0,<4.0.0" } },
      go: { importBasePath: "backupinfra.local/sdk/go/backupinfra", generateResourceContainerTypes: false },
    },
  };
}
