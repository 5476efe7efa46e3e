import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PLUGIN_PACKAGE } from "../../providers/program/resource-type";
import { pluginConfigKey } from "../../providers/plugin/configure";
import { PLUGIN_FUNCTIONS } from "../../providers/plugin/functions";
import { deriveSchema } from "../../providers/plugin/schema/derive";
import { openDeclarations, type Declarations } from "../../providers/plugin/schema/declarations";
import { readClassDocs } from "../../providers/plugin/schema/docs";
import { deriveFunctions } from "../../providers/plugin/schema/functions";
import type { PackageSpec, PropertySpec, TypeSpec } from "../../providers/plugin/schema/spec";
import { isRequired, refusesEveryValue } from "../../providers/plugin/schema/types";
import { IMPLEMENTATIONS } from "../../providers/implementations";
import { REPO_ROOT, requireBuilt } from "../e2e/project";

/**
 * The package schema the plugin serves (schema.json, written by `npm run build`) against the
 * descriptors it is derived from: a resource, property, secret or replace the descriptors do not
 * say fails here, as does a schema.json older than the code.
 */
const built = (): PackageSpec => {
  requireBuilt();
  return JSON.parse(readFileSync(join(REPO_ROOT, "schema.json"), "utf8")) as PackageSpec;
};
/** Inputs a program may not give (their schema takes only undefined; check refuses a value). */
const NOT_PROGRAM_INPUTS = ["SppHypervisor.serverUrl"];
let declarations: Declarations | undefined;
/** The built declarations, compiled once for the whole file (a few seconds). */
const builtDeclarations = (): Declarations => (declarations ??= openDeclarations(join(REPO_ROOT, "dist/index.d.ts")));
let docs: ReturnType<typeof readClassDocs> | undefined;
const classDocs = (): ReturnType<typeof readClassDocs> => (docs ??= readClassDocs(builtDeclarations()));
const where = (props: Record<string, PropertySpec>, test: (p: PropertySpec) => boolean): string[] => Object.keys(props).filter((k) => test(props[k])).sort();
const refs = (t: TypeSpec): string[] => [...(t.$ref ? [t.$ref] : []), ...(t.items ? refs(t.items) : []), ...(t.additionalProperties ? refs(t.additionalProperties) : []), ...(t.oneOf ?? []).flatMap(refs)];

describe("schema.json", () => {
  it("is what the descriptors and doc comments derive today (the build wrote it from this code)", () => {
    const schema = built();
    const again = deriveSchema({ version: schema.version, descriptors: IMPLEMENTATIONS.map((m) => m.descriptor), docs: classDocs(), functions: (table) => deriveFunctions(builtDeclarations(), PLUGIN_FUNCTIONS, table) });
    expect(schema).toEqual(again);
  });

  it("knows the inputs a program may not give", () => {
    const refused = IMPLEMENTATIONS.flatMap(({ descriptor: d }) => Object.keys(d.inputs).filter((k) => refusesEveryValue(d.inputs[k].schema)).map((k) => `${d.type.name}.${k}`));
    expect(refused).toEqual(NOT_PROGRAM_INPUTS);
  });

  it("has one resource per descriptor, under its plugin token, and nothing else", () => {
    expect(Object.keys(built().resources).sort()).toEqual(IMPLEMENTATIONS.map((m) => m.descriptor.type.pluginToken).sort());
    expect(Object.keys(built().resources)).toContain("backupinfra:spp:Hypervisor");
  });

  for (const { descriptor: d } of IMPLEMENTATIONS) {
    describe(d.type.pluginToken, () => {
      const resource = () => built().resources[d.type.pluginToken];
      const programInputs = Object.keys(d.inputs).filter((k) => !refusesEveryValue(d.inputs[k].schema));

      it("takes every input a program may give (the class's Args), and requires those the schema requires", () => {
        const args = [...(classDocs().get(d.type.name)?.inputs.keys() ?? [])].filter((k) => !k.includes(".") && !NOT_PROGRAM_INPUTS.includes(`${d.type.name}.${k}`));
        expect(Object.keys(resource().inputProperties).sort()).toEqual(args.sort());
        expect([...resource().requiredInputs].sort()).toEqual(programInputs.filter((k) => isRequired(d.inputs[k].schema)).sort());
      });

      it("exposes every input and output", () => {
        expect(Object.keys(resource().properties).sort()).toEqual([...Object.keys(d.inputs), ...Object.keys(d.outputs)].sort());
      });

      it("marks secret exactly the secret inputs and outputs", () => {
        expect(where(resource().inputProperties, (p) => p.secret === true)).toEqual(d.secretInputs.filter((k) => programInputs.includes(k)).sort());
        expect(where(resource().properties, (p) => p.secret === true)).toEqual([...d.secretInputs, ...d.secretOutputs].sort());
      });

      it("marks replaceOnChanges exactly the inputs whose change replaces", () => {
        expect(where(resource().properties, (p) => p.replaceOnChanges === true)).toEqual([...d.replaceOn].sort());
        expect(where(resource().inputProperties, (p) => p.replaceOnChanges === true)).toEqual(d.replaceOn.filter((k) => programInputs.includes(k)).sort());
      });

      it("describes the resource and every property, and names only types it defines", () => {
        const r = resource();
        expect(r.description.length).toBeGreaterThan(10);
        const all = { ...r.inputProperties, ...r.properties };
        expect(where(all, (p) => !p.description)).toEqual([]);
        for (const ref of Object.values(all).flatMap(refs)) expect(ref === "pulumi.json#/Any" || ref.replace("#/types/", "") in built().types, ref).toBe(true);
      });
    });
  }

  it("gives every vendor's connection settings as provider config, secrets marked, described", () => {
    const { config, provider } = built();
    for (const { descriptor: d } of IMPLEMENTATIONS) {
      const connection = d.inputs.connection;
      if (!connection) continue;
      const secret = Array.isArray(connection.secret) ? connection.secret : [];
      const fields = Object.keys((connection.schema as unknown as { unwrap(): { shape: Record<string, unknown> } }).unwrap().shape);
      for (const field of fields) {
        const key = pluginConfigKey(d.type.module, field).slice(`${PLUGIN_PACKAGE}:`.length);
        expect(config.variables[key], key).toBeDefined();
        expect(config.variables[key].secret === true, `${key} secret`).toBe(secret.includes(field));
        expect(config.variables[key].description, key).toBeTruthy();
      }
    }
    expect(config.variables.sppPassword).toMatchObject({ type: "string", secret: true });
    expect(provider.inputProperties).toEqual(config.variables);
  });

  it("has every lookup as a function: its arguments (connection secret) and an object result", () => {
    const { functions } = built();
    expect(Object.keys(functions).sort()).toEqual(PLUGIN_FUNCTIONS.map((f) => f.token).sort());
    expect(functions["backupinfra:sdp:getLicenseTypes"].outputs.properties.licenseTypes).toMatchObject({ type: "array", items: { $ref: "#/types/backupinfra:sdp:LicenseType" } });
    expect(functions["backupinfra:sdp:getUsageHistories"].inputs).toMatchObject({ required: ["usageId"], properties: { usageId: { type: "string" }, connection: { $ref: "#/types/backupinfra:sdp:Connection", secret: true } } });
    expect(functions["backupinfra:nsx:getVmGroupExecutionDetails"].inputs.required).toEqual(["groupId"]);
    for (const [token, f] of Object.entries(functions)) {
      expect(f.description, token).toBeTruthy();
      for (const [name, p] of Object.entries({ ...f.inputs.properties, ...f.outputs.properties })) expect(p.description, `${token}.${name}`).toBeTruthy();
    }
  });

  it("names every nested type it uses once, and uses every type it names", () => {
    const schema = built();
    const used = new Set<string>();
    const visit = (t: TypeSpec): void => {
      for (const ref of refs(t)) {
        const name = ref.replace("#/types/", "");
        if (ref === "pulumi.json#/Any" || used.has(name)) continue;
        used.add(name);
        Object.values(schema.types[name]?.properties ?? {}).forEach(visit);
      }
    };
    for (const r of Object.values(schema.resources)) [...Object.values(r.inputProperties), ...Object.values(r.properties)].forEach(visit);
    for (const f of Object.values(schema.functions)) [...Object.values(f.inputs.properties), ...Object.values(f.outputs.properties)].forEach(visit);
    expect([...used].sort()).toEqual(Object.keys(schema.types).sort());
  });
});
