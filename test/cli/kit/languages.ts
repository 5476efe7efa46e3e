import { execFile } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAllEmulators, type AllEmulators } from "../../../emulators";
import { LICENSE_TYPES } from "../../../emulators/sdp/state";
import { codegenBinDir, languageHostsBinDir, pythonVirtualenv } from "../../../harness/language-hosts";
import { PluginProject, pluginStackConfig } from "../../../harness/plugin-project";
import { REPO_ROOT } from "../../e2e/project";
import { vendorConfig } from "../../plugin/outside-objects";
import { COMMAND_MS } from "./project";
import { expectNoPlaintextSecrets } from "./secrets";

const run = promisify(execFile);
const STACK = "dev";
/** The example programs' own secret config (each language's program reads these three). */
const PROGRAM_SECRETS = { vcenterPassword: "Lang-vCenter-Passw0rd-1", ownerPassword: "Lang-Owner-Passw0rd-1", adminPass: "Lang-Esxi-Passw0rd-1" };

export type Language = "yaml" | "python" | "go";

/** What a user does before the first `pulumi preview` in each language (the README's steps). */
const PREPARE: Record<Language, (project: PluginProject) => Promise<Record<string, string>>> = {
  yaml: async () => ({}),
  python: async (project) => {
    await genSdk(project, "python");
    // A virtualenv of the program's own (the host's shared one stays as built), with the generated SDK installed.
    const venv = join(project.dir, "venv");
    await run(join(pythonVirtualenv(), "bin/python"), ["-m", "venv", venv], { timeout: COMMAND_MS });
    await run(join(venv, "bin/python"), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "pulumi==3.219.0", "./sdk/python"], { cwd: project.dir, timeout: COMMAND_MS });
    return { BACKUP_INFRA_PYTHON_VIRTUALENV: venv };
  },
  go: async (project) => {
    await genSdk(project, "go");
    writeFileSync(join(project.dir, "sdk/go.mod"), "module backupinfra.local/sdk\n\ngo 1.24\n\nrequire github.com/pulumi/pulumi/sdk/v3 v3.219.0\n");
    await run("go", ["mod", "tidy"], { cwd: join(project.dir, "sdk"), timeout: COMMAND_MS });
    await run("go", ["mod", "tidy"], { cwd: project.dir, timeout: COMMAND_MS });
    return {};
  },
};

/** `pulumi package gen-sdk` of the installed plugin into the project's `sdk/`. */
async function genSdk(project: PluginProject, language: "python" | "go"): Promise<void> {
  const env = { ...project.env, PATH: `${codegenBinDir()}:${project.env.PATH}` };
  await run(join(codegenBinDir(), "pulumi"), ["package", "gen-sdk", join(project.pluginDir, "pulumi-resource-backupinfra"), "--language", language, "--out", "sdk"], { cwd: project.dir, env, timeout: COMMAND_MS });
}

/**
 * One language's example program (examples/languages/<language>) through the real CLI and the
 * provider plugin against the emulators: preview, up, an up with no changes, refresh, destroy;
 * secrets kept secret in every output and state file; the policy pack run on its preview.
 */
export function languageLifecycle(language: Language): void {
  let emulators: AllEmulators;
  let project: PluginProject;
  const source = join(REPO_ROOT, "examples/languages", language);

  beforeAll(async () => {
    emulators = await startAllEmulators({ tls: true });
    emulators.sdp.setKnobs({ buildMs: 200 });
    const files = Object.fromEntries(readdirSync(source).map((f) => [f, readFileSync(join(source, f), "utf8")]));
    project = await PluginProject.create({ name: `plugin-${language}`, files: { ...files, "package.json": JSON.stringify({ dependencies: { "@pulumi/policy": POLICY_VERSION } }) }, cliBin: languageHostsBinDir() });
    Object.assign(project.env, await PREPARE[language](project));
    await project.pulumi(["stack", "init", STACK]);
    await project.setConfig({ ...pluginStackConfig(vendorConfig(emulators)), ...Object.fromEntries(Object.entries(PROGRAM_SECRETS).map(([k, v]) => [k, { value: v, secret: true }])) });
  }, 6 * COMMAND_MS);

  afterAll(async () => {
    await project?.close();
    await emulators?.close();
  }, COMMAND_MS);

  describe(`the ${language} example through the provider plugin`, () => {
    it("previews five creates", async () => {
      const { output } = await project.pulumi(["preview"], { timeoutMs: 3 * COMMAND_MS });
      expect(output).toMatch(/\+ 5 to create/);
      for (const token of ["backupinfra:spp:Hypervisor", "backupinfra:vspc:Company", "backupinfra:vspc:ApiKey", "backupinfra:sdp:Server"]) expect(output).toContain(token);
    }, 3 * COMMAND_MS);

    it("applies: the hypervisor, the company with its key and the server exist, the key's value a secret", async () => {
      await project.pulumi(["up", "--yes", "--skip-preview"]);
      expect(emulators.spp.inventory().hypervisors.map((h) => h.hostAddress)).toEqual(["vcenter01.example.com"]);
      expect(emulators.vspc.inventory().companies.map((c) => c.name)).toEqual([`acme-${language}`]);
      expect(emulators.vspc.inventory().logins).toHaveLength(1);
      expect(emulators.sdp.inventory().servers.map((s) => s.name)).toEqual([`acme-${language}-esx-01`]);
      const { output } = await project.pulumi(["stack", "output", "apiKey"]);
      expect(output.trim()).toBe("[secret]");
      // The program's lookup ran as an invoke of the plugin, against the emulator's license types.
      const outputs = JSON.parse((await project.pulumi(["stack", "output", "--json"])).output) as Record<string, unknown>;
      const names = LICENSE_TYPES.map((t) => t.name);
      if (language === "yaml") expect(names).toContain(outputs.firstLicenseType);
      else expect(outputs.licenseTypeCount).toBe(names.length);
    }, 2 * COMMAND_MS);

    it("applies again with no changes, and refreshes clean", async () => {
      await project.pulumi(["up", "--yes", "--expect-no-changes"]);
      await project.pulumi(["refresh", "--yes", "--expect-no-changes"]);
    }, 2 * COMMAND_MS);

    it("runs the policy pack on its resources (plugin tokens)", async () => {
      await project.setConfig({ vcenterPassword: { value: "vc-Pass1", secret: true } });
      const { output } = await project.pulumi(["preview", "--policy-pack", "node_modules/pulumi-backup-infra/policies"], { expectCode: "nonzero" });
      expect(output).toMatch(/credential-strength.*\(backupinfra:spp:Hypervisor: vcenter\)/);
      expect(output).not.toContain("vc-Pass1");
      await project.setConfig({ vcenterPassword: { value: PROGRAM_SECRETS.vcenterPassword, secret: true } });
      await project.pulumi(["preview", "--policy-pack", "node_modules/pulumi-backup-infra/policies", "--expect-no-changes"]);
    }, 2 * COMMAND_MS);

    it("keeps every secret out of every output and state file", async () => {
      await expectNoPlaintextSecrets(project, STACK, { extra: [...Object.values(PROGRAM_SECRETS), "vc-Pass1"] });
    }, COMMAND_MS);

    it("destroys everything it made", async () => {
      await project.pulumi(["destroy", "--yes", "--skip-preview"]);
      expect(emulators.spp.inventory().hypervisors).toEqual([]);
      expect(emulators.vspc.inventory().companies).toEqual([]);
      expect(emulators.sdp.inventory().servers).toEqual([]);
    }, 2 * COMMAND_MS);
  });
}

const POLICY_VERSION = (require(join(REPO_ROOT, "node_modules/@pulumi/policy/package.json")) as { version: string }).version;
