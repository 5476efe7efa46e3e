import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inventoryCounts, openEstate, type EstateRig } from "./kit/estate";
import { COMMAND_MS, resourcesOf } from "./kit/project";
import { expectNoPlaintextSecrets } from "./kit/secrets";

/**
 * The example estate through the real Pulumi CLI, from a project that installed the packed
 * tarball: preview, up, a no-op up, an update, a replacement in preview, refresh after drift,
 * secrets, destroy. The steps build on each other, so they run in order on one stack.
 */
let rig: EstateRig;
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Logins: the only POSTs a read-only operation may send. */
const AUTH_ROUTE = /\/(session|token|auth\/tokens|authenticate)$/;

function mutatingRequests(): string[] {
  const { spp, vspc, sdp, scp, nsx } = rig.emulators;
  return [spp, vspc, sdp, scp, nsx].flatMap((e) => e.requests().filter((r) => MUTATING.has(r.method) && !AUTH_ROUTE.test(r.route)).map((r) => `${r.method} ${r.path}`));
}
function clearLogs(): void {
  for (const e of Object.values(rig.emulators)) if (typeof e === "object" && "clearLog" in e) e.clearLog();
}
/** The resource counts from the CLI's closing summary ("+ 11 created", "1 updated", "10 unchanged"). */
function summary(output: string): Record<string, number> {
  const counts: Record<string, number> = {};
  const block = output.slice(output.lastIndexOf("Resources:"));
  for (const m of block.matchAll(/^\s+(?:[-+~]+\s+)?(\d+) (to create|created|to update|updated|unchanged|to replace|replaced|to delete|deleted)\b/gm)) counts[m[2]] = Number(m[1]);
  return counts;
}

const ESTATE_RESOURCES = 13;

beforeAll(async () => {
  rig = await openEstate("estate");
}, COMMAND_MS);
afterAll(async () => rig?.close(), COMMAND_MS);

describe("the example estate through the real Pulumi CLI", () => {
  it("previews every resource as a create, with unknown inputs, and sends no mutating request", async () => {
    clearLogs();
    const { output } = await rig.project.pulumi(["preview", "--diff"]);
    const counts = summary(output);
    // The stack itself, three components per part of the estate and the 11 vendor resources.
    expect(counts["to create"]).toBeGreaterThanOrEqual(ESTATE_RESOURCES + 1);
    for (const type of ["SdpServer", "SdpLicense", "SdpVcenter", "SdpVsphereContract", "SppHypervisor", "VspcCompany", "VspcApiKey", "ScpBackupProxyImage", "ScpBackupProxyVm"]) {
      expect(output).toMatch(new RegExp(`\\+ pulumi-nodejs:dynamic/\\w+:${type}: \\(create\\)`));
    }
    // The vCenter's license and the API key's user are other resources' outputs: unknown until apply.
    expect(output).toMatch(/licenseId\s*:\s*\[unknown\]/);
    expect(output).toMatch(/userUid\s*:\s*\[unknown\]/);
    expect(mutatingRequests()).toEqual([]);
    expect(inventoryCounts(rig.emulators)).toEqual({ sppHypervisors: 0, vspcCompanies: 0, sdpServers: 0, sdpLicenses: 0, sdpVcenters: 0, scpImages: 0, scpVms: 0 });
  }, COMMAND_MS);

  it("creates it all with `pulumi up --yes`, and a second up reports no changes", async () => {
    const first = await rig.project.pulumi(["up", "--yes"]);
    expect(summary(first.output).created).toBeGreaterThanOrEqual(ESTATE_RESOURCES + 1);
    expect(inventoryCounts(rig.emulators)).toEqual({ sppHypervisors: 1, vspcCompanies: 1, sdpServers: 2, sdpLicenses: 1, sdpVcenters: 1, scpImages: 2, scpVms: 2 });
    const { deployment } = await rig.project.exportState(rig.stack);
    expect(resourcesOf(deployment, "SdpServer").map((r) => r.outputs?.status)).toEqual(["ACTIVE", "ACTIVE"]);

    clearLogs();
    const again = await rig.project.pulumi(["up", "--yes"]);
    const counts = summary(again.output);
    expect(counts).not.toHaveProperty("created");
    expect(counts).not.toHaveProperty("updated");
    expect(counts).not.toHaveProperty("replaced");
    expect(counts.unchanged).toBeGreaterThanOrEqual(ESTATE_RESOURCES + 1);
    expect(mutatingRequests()).toEqual([]);
  }, 2 * COMMAND_MS);

  it("applies a config change as exactly one in-place update", async () => {
    await rig.project.setConfig({ "estate:snapshotConcurrency": "5" });
    const preview = await rig.project.pulumi(["preview", "--diff"]);
    expect(summary(preview.output)).toMatchObject({ "to update": 1 });
    expect(preview.output).toMatch(/~ pulumi-nodejs:dynamic\/spp:SppHypervisor: \(update\)/);
    expect(preview.output).toMatch(/snapshotConcurrency\s*:\s*3 => 5/);

    clearLogs();
    const up = await rig.project.pulumi(["up", "--yes"]);
    expect(summary(up.output)).toMatchObject({ updated: 1 });
    expect(summary(up.output)).not.toHaveProperty("created");
    expect(mutatingRequests()).toEqual([expect.stringMatching(/^PUT \/ngp\/hypervisor\/\d+$/)]);
    expect(rig.emulators.spp.inventory().hypervisors[0]).toMatchObject({ opProperties: { snapshotConcurrency: 5 } });
  }, 2 * COMMAND_MS);

  it("shows a change to a replace-on-change input as a replacement in preview", async () => {
    await rig.project.setConfig({ "estate:proxyImageName": "acme-backup-proxy-v2" });
    clearLogs();
    const { output } = await rig.project.pulumi(["preview", "--diff"]);
    expect(output).toMatch(/\+-pulumi-nodejs:dynamic\/scp:ScpBackupProxyImage: \(replace\)/);
    expect(output).toMatch(/name\s*:\s*"acme-backup-proxy" => "acme-backup-proxy-v2"/);
    expect(mutatingRequests()).toEqual([]);
    await rig.project.pulumi(["config", "rm", "estate:proxyImageName"]);
  }, COMMAND_MS);

  it("shows an out-of-band change in `pulumi refresh`", async () => {
    const hypervisor = rig.emulators.spp.inventory().hypervisors[0];
    rig.emulators.spp.mutateHypervisor(String(hypervisor.id), { snapshotConcurrency: 9 });
    const { output } = await rig.project.pulumi(["refresh", "--yes", "--diff"]);
    expect(output).toMatch(/~ pulumi-nodejs:dynamic\/spp:SppHypervisor: \(update\)/);
    expect(output).toMatch(/snapshotConcurrency\s*:\s*5 => 9/);
    const { deployment } = await rig.project.exportState(rig.stack);
    expect(resourcesOf(deployment, "SppHypervisor")[0].outputs?.snapshotConcurrency).toBe(9);
    // The program still says 5: the next up puts it back in place.
    const up = await rig.project.pulumi(["up", "--yes"]);
    expect(summary(up.output)).toMatchObject({ updated: 1 });
    expect(rig.emulators.spp.inventory().hypervisors[0]).toMatchObject({ opProperties: { snapshotConcurrency: 5 } });
  }, 2 * COMMAND_MS);

  it("drops an out-of-band deletion in `pulumi refresh`, and the next up creates exactly one", async () => {
    const before = rig.emulators.spp.inventory().hypervisors[0];
    rig.emulators.spp.removeHypervisor(String(before.id));
    const { output } = await rig.project.pulumi(["refresh", "--yes"]);
    expect(output).toMatch(/-\s+pulumi-nodejs:dynamic\/spp:SppHypervisor acme-protection-hypervisor deleted/);
    expect(resourcesOf((await rig.project.exportState(rig.stack)).deployment, "SppHypervisor")).toEqual([]);

    const up = await rig.project.pulumi(["up", "--yes"]);
    expect(summary(up.output)).toMatchObject({ created: 1 });
    const hypervisors = rig.emulators.spp.inventory().hypervisors;
    expect(hypervisors).toHaveLength(1);
    expect(hypervisors[0].id).not.toBe(before.id);
    expect(resourcesOf((await rig.project.exportState(rig.stack)).deployment, "SppHypervisor").map((r) => r.id)).toEqual([String(hypervisors[0].id)]);
  }, 2 * COMMAND_MS);

  it("keeps every secret out of plain text, and keeps the API key as a secret", async () => {
    const plain = await rig.project.pulumi(["stack", "output", "tenantApiKey"]);
    expect(plain.output.trim()).toBe("[secret]");
    const shown = await rig.project.pulumi(["stack", "output", "tenantApiKey", "--show-secrets"]);
    const apiKey = shown.output.trim();
    expect(rig.emulators.vspc.inventory().logins.length).toBeGreaterThan(0);
    expect(apiKey.length).toBeGreaterThanOrEqual(16);
    const { deployment } = await rig.project.exportState(rig.stack);
    const license = resourcesOf(deployment, "SdpLicense")[0];
    expect(JSON.stringify(license.outputs?.key)).toContain("4dabf18193072939515e22adb298388d");
    const scanned = await expectNoPlaintextSecrets(rig.project, rig.stack, {
      extra: [...rig.configSecrets, apiKey],
      shown: (args) => args.includes("--show-secrets"),
    });
    console.info(`CLI tier secrets scan: ${scanned.secrets} secrets against ${scanned.texts} texts`);
  }, COMMAND_MS);

  it("leaves every emulator inventory empty after `pulumi destroy --yes`", async () => {
    const { output } = await rig.project.pulumi(["destroy", "--yes"]);
    expect(summary(output).deleted).toBeGreaterThanOrEqual(ESTATE_RESOURCES + 1);
    expect(inventoryCounts(rig.emulators)).toEqual({ sppHypervisors: 0, vspcCompanies: 0, sdpServers: 0, sdpLicenses: 0, sdpVcenters: 0, scpImages: 0, scpVms: 0 });
    expect(rig.emulators.vspc.inventory().logins).toEqual([]);
    expect((await rig.project.exportState(rig.stack)).deployment.resources ?? []).toEqual([]);
  }, COMMAND_MS);
});
