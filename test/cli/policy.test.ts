import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSppEmulator, type SppEmulator } from "../../emulators";
import { REPO_ROOT } from "../e2e/project";
import { COMMAND_MS, PULUMI_NEW_TSCONFIG_TEXT, UserProject, packedTarball, type CommandResult } from "./kit/project";
import { expectNoPlaintextSecrets } from "./kit/secrets";

/**
 * Policy-checked previews through the real CLI, with the pack installed the way the README says:
 * `npm install pulumi-backup-infra @pulumi/pulumi @pulumi/policy`, then
 * `pulumi preview --policy-pack node_modules/pulumi-backup-infra/policies`; and a company pack of
 * its own built with `BackupInfraPolicyPack`, its levels changed by `--policy-pack-config`.
 */
const versionOf = (pkg: string): string => (require(join(REPO_ROOT, "node_modules", pkg, "package.json")) as { version: string }).version.replace(/^v/, "");
const POLICY_VERSION = versionOf("@pulumi/policy");
const PULUMI_VERSION = versionOf("@pulumi/pulumi");
const SHIPPED_PACK = "node_modules/pulumi-backup-infra/policies";
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { SppHypervisor } from "pulumi-backup-infra";

const cfg = new pulumi.Config();
const vcenter = new SppHypervisor("vcenter-01", {
  hostAddress: "vcenter01.example.com",
  type: "vmware",
  username: "administrator@vsphere.local",
  password: cfg.requireSecret("vcenterPassword"),
  sslConnection: cfg.getBoolean("sslConnection"),
  snapshotConcurrency: cfg.getNumber("snapshotConcurrency"),
});
export const hostAddress = vcenter.hostAddress;
`;
const STRONG_PASSWORD = "cli-vcenter-Passw0rd-1";
/** Too short for `credential-strength`: the violation must name the field, never this value. */
const WEAK_PASSWORD = "vc-Pass1";
/** One stack per case, all of the same program: the compliant one, and the others as changes to its config. */
const STACKS = {
  compliant: { "policy:vcenterPassword": { value: STRONG_PASSWORD, secret: true } },
  busy: { "policy:snapshotConcurrency": "12" },
  insecure: { "policy:sslConnection": "false", "policy:vcenterPassword": { value: WEAK_PASSWORD, secret: true } },
} as const;
type Stack = keyof typeof STACKS;

let spp: SppEmulator;
let project: UserProject;
let companyRoot: string;
let companyPack: string;

/** A company's own pack, in its own directory with its own dependencies, the way a team would set it up. */
async function createCompanyPack(): Promise<void> {
  companyRoot = mkdtempSync(join(tmpdir(), "backup-infra-cli-company-pack-"));
  companyPack = join(companyRoot, "acme-backup-policies");
  const tarball = await packedTarball();
  const files: Record<string, string> = {
    "package.json": JSON.stringify(
      {
        name: "acme-backup-policies",
        version: "1.0.0",
        private: true,
        dependencies: { "pulumi-backup-infra": `file:${tarball}`, "@pulumi/pulumi": PULUMI_VERSION, "@pulumi/policy": POLICY_VERSION },
        devDependencies: { "@types/node": "^20.19.0", typescript: "~5.9.3", "ts-node": "^10.9.2" },
      },
      null,
      2,
    ),
    "PulumiPolicy.yaml": "description: ACME guardrails for backup infrastructure.\nruntime: nodejs\n",
    // `moduleResolution: node` does not read the package's exports map: the subpath must resolve without it.
    "tsconfig.json": PULUMI_NEW_TSCONFIG_TEXT,
    "index.ts": 'import { BackupInfraPolicyPack } from "pulumi-backup-infra/policies";\n\nnew BackupInfraPolicyPack("acme-backup");\n',
    "mandatory-concurrency.json": JSON.stringify({ "spp-snapshot-concurrency-range": "mandatory" }),
    "wider-concurrency.json": JSON.stringify({ "spp-snapshot-concurrency-range": { enforcementLevel: "mandatory", max: 16 } }),
    "ssl-disabled.json": JSON.stringify({ "spp-hypervisor-requires-ssl": "disabled", "credential-strength": "advisory" }),
  };
  mkdirSync(companyPack);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(companyPack, name), `${text}\n`);
  await promisify(execFile)("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: companyPack, timeout: 180_000 });
}

function preview(stack: Stack, ...args: string[]): Promise<CommandResult> {
  return project.start(["preview", "--stack", stack, ...args]).done;
}
function mutatingRequests(): string[] {
  return spp
    .requests()
    .filter((r) => MUTATING.has(r.method) && !r.route.endsWith("/session"))
    .map((r) => `${r.method} ${r.path}`);
}
/** The violations the CLI's "Policies:" block lists: level, rule and resource of each, sorted. */
function violations(output: string): string[] {
  return [...output.matchAll(/^\s+- \[(mandatory|advisory)\]\s+(\S+)\s+\(([^)]+)\)$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`).sort();
}
const HYPERVISOR = "pulumi-nodejs:dynamic/spp:SppHypervisor: vcenter-01";

beforeAll(async () => {
  spp = await startSppEmulator({ tls: true });
  await Promise.all([
    UserProject.create({ name: "policy", files: { "index.ts": PROGRAM }, dependencies: { "@pulumi/policy": POLICY_VERSION } }).then((created) => (project = created)),
    createCompanyPack(),
  ]);
  await project.pulumi(["stack", "init", "compliant"]);
  await project.setConfig({ ...spp.stackConfig(), "spp:password": { value: spp.credentials.password, secret: true }, ...STACKS.compliant });
  for (const stack of ["busy", "insecure"] as const) {
    await project.pulumi(["stack", "init", stack, "--copy-config-from", "compliant"]);
    await project.setConfig(STACKS[stack]);
  }
  spp.clearLog();
}, 2 * COMMAND_MS);
afterAll(async () => {
  await project?.close();
  if (companyRoot) await rm(companyRoot, { recursive: true, force: true });
  await spp?.close();
}, COMMAND_MS);

describe("policy-checked previews through the real Pulumi CLI", () => {
  it("fails a preview with a mandatory violation, naming the rules and the resource but not the password", async () => {
    const { code, output } = await preview("insecure", "--policy-pack", SHIPPED_PACK);
    expect(code, output).not.toBe(0);
    expect(output).toContain(`❌ backup-infra@v0.1.0 (local: ${SHIPPED_PACK})`);
    expect(violations(output)).toEqual([`mandatory credential-strength ${HYPERVISOR}`, `mandatory spp-hypervisor-requires-ssl ${HYPERVISOR}`]);
    expect(output).toContain('SppHypervisor "vcenter01.example.com" disables sslConnection.');
    expect(output).toContain("vcenter-01.password is too weak");
    expect(output).not.toContain(WEAK_PASSWORD);
    expect(mutatingRequests()).toEqual([]);
  }, COMMAND_MS);

  it("warns about an advisory violation and exits 0", async () => {
    const { code, output } = await preview("busy", "--policy-pack", SHIPPED_PACK);
    expect(code, output).toBe(0);
    expect(violations(output)).toEqual([`advisory spp-snapshot-concurrency-range ${HYPERVISOR}`]);
    expect(output).toContain("snapshotConcurrency 12 is outside 1..8.");
    expect(output).not.toContain("error: preview failed");
    expect(mutatingRequests()).toEqual([]);
  }, COMMAND_MS);

  it("passes a compliant stack", async () => {
    const { code, output } = await preview("compliant", "--policy-pack", SHIPPED_PACK);
    expect(code, output).toBe(0);
    expect(output).toContain(`✅ backup-infra@v0.1.0 (local: ${SHIPPED_PACK})`);
    expect(violations(output)).toEqual([]);
    expect(output).toMatch(/\+ {2}pulumi-nodejs:dynamic\/spp:SppHypervisor vcenter-01 create/);
    expect(mutatingRequests()).toEqual([]);
  }, COMMAND_MS);

  it("leaves a preview without policy flags alone", async () => {
    const { code, output } = await preview("insecure");
    expect(code, output).toBe(0);
    expect(output).not.toContain("Policies:");
    expect(violations(output)).toEqual([]);
    expect(output).toMatch(/\+ {2}pulumi-nodejs:dynamic\/spp:SppHypervisor vcenter-01 create/);
  }, COMMAND_MS);

  it("runs a company pack built with BackupInfraPolicyPack, whose config file changes a rule's level", async () => {
    const asShipped = await preview("busy", "--policy-pack", companyPack);
    expect(asShipped.code, asShipped.output).toBe(0);
    expect(violations(asShipped.output)).toEqual([`advisory spp-snapshot-concurrency-range ${HYPERVISOR}`]);

    const mandatory = await preview("busy", "--policy-pack", companyPack, "--policy-pack-config", join(companyPack, "mandatory-concurrency.json"));
    expect(mandatory.code, mandatory.output).not.toBe(0);
    expect(mandatory.output).toContain(`❌ acme-backup@v1.0.0 (local: ${companyPack})`);
    expect(violations(mandatory.output)).toEqual([`mandatory spp-snapshot-concurrency-range ${HYPERVISOR}`]);
    expect(mandatory.output).toContain("snapshotConcurrency 12 is outside 1..8.");

    // The rule's threshold comes from the same file: still mandatory, now satisfied.
    const wider = await preview("busy", "--policy-pack", companyPack, "--policy-pack-config", join(companyPack, "wider-concurrency.json"));
    expect(wider.code, wider.output).toBe(0);
    expect(violations(wider.output)).toEqual([]);

    // And the other way: a mandatory rule disabled, another lowered to advisory.
    const relaxed = await preview("insecure", "--policy-pack", companyPack, "--policy-pack-config", join(companyPack, "ssl-disabled.json"));
    expect(relaxed.code, relaxed.output).toBe(0);
    expect(violations(relaxed.output)).toEqual([`advisory credential-strength ${HYPERVISOR}`]);
    expect(mutatingRequests()).toEqual([]);
  }, 4 * COMMAND_MS);

  it("keeps every secret out of the output of every policy-checked preview", async () => {
    expect(spp.inventory().hypervisors).toEqual([]);
    const extra = [WEAK_PASSWORD, STRONG_PASSWORD, spp.credentials.password];
    for (const stack of Object.keys(STACKS)) await expectNoPlaintextSecrets(project, stack, { extra });
  }, COMMAND_MS);
});
