import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLUGIN_FROM_NODE_MODULES, PluginProject, pluginStackConfig } from "../../harness/plugin-project";
import { FIXTURES, vspcCompany, type Fixture } from "../fixtures";
import { implementationOf, openOutsideObjects, unrevealable, vendorConfig, type OutsideObjects } from "../plugin/outside-objects";
import { COMMAND_MS } from "./kit/project";
import { expectNoPlaintextSecrets } from "./kit/secrets";

/**
 * `pulumi import` of every resource type through the real CLI and the provider plugin: objects
 * made outside Pulumi are adopted into a stack by type, name and id; a program that declares them
 * with the inputs the import recorded then previews and applies with no changes, refreshes clean
 * and destroys them. No secret is needed in plain text: the stack config carries the vendors'
 * passwords as secrets, and nothing of them shows in any output or state file.
 */
const STACK = "imported";
const VSPC_COMPANY_OWNER_PASSWORD = String(vspcCompany.args("imp-vspc", { vspcUserUid: "", scpSourceVmId: "", scpImageId: "", sdpServerId: "" }).ownerPassword);
let outside: OutsideObjects;
let project: PluginProject;
const imported: { fixture: Fixture; token: string; name: string; id: string }[] = [];

/**
 * The program a user writes from what the import recorded: each resource with those inputs, plus
 * the ones import left to the program (a password from the stack's secret config, the source VM
 * of an image as a value).
 */
function programOf(inputs: Record<string, Record<string, unknown>>): { program: string; secrets: Record<string, { value: string; secret: true }> } {
  const secrets: Record<string, { value: string; secret: true }> = {};
  const lines = [`const pulumi = require("@pulumi/pulumi");`, `const config = new pulumi.Config();`];
  for (const r of imported) {
    const args = r.fixture.args(`imp-${r.fixture.vendor}`, outside.refs);
    const secretInputs = implementationOf(r.fixture).descriptor.secretInputs;
    const added = unrevealable(r.fixture, inputs[r.name]).map((key) => {
      if (!secretInputs.includes(key)) return `${JSON.stringify(key)}: ${JSON.stringify(args[key])}`;
      secrets[`${r.name}-${key}`] = { value: String(args[key]), secret: true };
      return `${JSON.stringify(key)}: config.requireSecret(${JSON.stringify(`${r.name}-${key}`)})`;
    });
    lines.push(`new pulumi.CustomResource(${JSON.stringify(r.token)}, ${JSON.stringify(r.name)}, { ...${JSON.stringify(inputs[r.name])}, ${added.join(", ")} });`);
  }
  return { program: `${lines.join("\n")}\n`, secrets };
}

beforeAll(async () => {
  outside = await openOutsideObjects();
  for (const f of FIXTURES) {
    const made = await outside.make(f, `imp-${f.vendor}`);
    imported.push({ fixture: f, token: implementationOf(f).descriptor.type.pluginToken, name: `imp-${f.type}`, id: f.importId?.(made) ?? made.id });
  }
  project = await PluginProject.create({
    name: "plugin-import",
    files: { "Pulumi.yaml": `name: plugin-import\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n${PLUGIN_FROM_NODE_MODULES}`, "index.js": "module.exports = {};\n" },
  });
  await project.pulumi(["stack", "init", STACK]);
  await project.setConfig(pluginStackConfig(vendorConfig(outside.emulators)));
}, 4 * COMMAND_MS);

afterAll(async () => {
  await project?.close();
  await outside?.close();
}, COMMAND_MS);

describe("pulumi import through the provider plugin", () => {
  it("adopts one object of every resource type by its id", async () => {
    writeFileSync(join(project.dir, "import.json"), JSON.stringify({ resources: imported.map((r) => ({ type: r.token, name: r.name, id: r.id })) }));
    // The Node.js language host this CLI runs (v3.68) does not generate code (GenerateProgram): the
    // program is written below from what the import recorded, as generated code would be.
    const { output } = await project.pulumi(["import", "--file", "import.json", "--yes", "--protect=false", "--generate-code=false"]);
    expect(output).toMatch(new RegExp(`${FIXTURES.length} imported`));
    // The engine checks the inputs import proposes: only those left to the program are missing.
    const refused = [...output.matchAll(/resource '(imp-\w+)': property (\w+) value \{<nil>\} has a problem/g)].map((m) => `${m[1]}.${m[2]}`);
    expect([...new Set(refused)].sort()).toEqual(["imp-ScpBackupProxyImage.sourceVmId", "imp-ScpVmaImage.vmaPath", "imp-SdpServer.adminPass", "imp-SdpVcenter.password", "imp-VspcCompany.ownerPassword"]);
  }, COMMAND_MS);

  it("records inputs without any secret, and the program declaring them shows no changes", async () => {
    const { deployment } = await project.exportState(STACK);
    const inputs: Record<string, Record<string, unknown>> = {};
    for (const r of imported) {
      const state = deployment.resources?.find((s) => s.urn.endsWith(`::${r.name}`));
      expect(state, r.name).toBeDefined();
      expect(state!.id).toBe(r.id);
      for (const key of implementationOf(r.fixture).descriptor.secretInputs) expect(state!.inputs ?? {}, `${r.fixture.type} imported with ${key}`).not.toHaveProperty(key);
      inputs[r.name] = state!.inputs ?? {};
    }
    const { program, secrets } = programOf(inputs);
    writeFileSync(join(project.dir, "index.js"), program);
    await project.setConfig(secrets);
    await project.pulumi(["preview", "--expect-no-changes"]);
    const { output } = await project.pulumi(["up", "--yes", "--expect-no-changes"]);
    expect(output).toMatch(new RegExp(`${FIXTURES.length + 1} unchanged`));
  }, 2 * COMMAND_MS);

  it("sees a changed password on an imported object as a change (the applied one is recorded as an input)", async () => {
    await project.setConfig({ "imp-VspcCompany-ownerPassword": { value: "Rotated-Owner-Passw0rd-1", secret: true } });
    const { output } = await project.pulumi(["preview", "--diff"]);
    expect(output).toMatch(/~ backupinfra:vspc:Company: \(update\)\s+\[id=[^\]]+\]\s+\[urn=[^\]]+::imp-VspcCompany\]/);
    expect(output).toMatch(/1 to update/);
    await project.setConfig({ "imp-VspcCompany-ownerPassword": { value: VSPC_COMPANY_OWNER_PASSWORD, secret: true } });
    await project.pulumi(["preview", "--expect-no-changes"]);
  }, COMMAND_MS);

  it("refreshes clean, keeps secrets out of every output and state file, and destroys what it adopted", async () => {
    await project.pulumi(["refresh", "--yes", "--expect-no-changes"]);
    await expectNoPlaintextSecrets(project, STACK, { extra: FIXTURES.flatMap((f) => f.secrets) });
    await project.pulumi(["destroy", "--yes"]);
    for (const r of imported.filter((i) => !i.fixture.keptOnDelete)) {
      const left = r.fixture.objects(outside.emulators[r.fixture.vendor] as never).filter((o) => o.id === r.id);
      expect(left, `${r.fixture.type} left after destroy`).toEqual([]);
    }
  }, 2 * COMMAND_MS);
});
