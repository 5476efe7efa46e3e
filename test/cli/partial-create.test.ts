import { describe, expect, it } from "vitest";
import { inventoryCounts } from "./kit/estate";
import { sdpServerSource } from "./kit/programs";
import { COMMAND_MS, resourcesOf, type CommandResult, type StateResource } from "./kit/project";
import { useEmulatorsAndProject } from "./kit/rig";
import { expectNoPlaintextSecrets } from "./kit/secrets";

/**
 * Creates the vendor accepted but that did not finish, through the real Pulumi CLI: the failed
 * `up` records the resource with its id and init errors, the next `up` (cause removed) repairs or
 * replaces it, and `destroy` removes it. One stack per case, one resource each (the proxy VM needs
 * its image), on one project that installed the packed tarball.
 */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { ScpBackupProxyImage, ScpBackupProxyVm, SdpServer, SppHypervisor } from "pulumi-backup-infra";

const config = new pulumi.Config();
const createTimeout = config.get("createTimeout");
const timeouts = createTimeout ? { create: createTimeout } : undefined;

switch (config.require("case")) {
  case "sdp":
    ${sdpServerSource('config.require("serverName")', ["timeouts,"], { indent: "    " })}
    break;
  case "spp":
    new SppHypervisor("vcenter", {
      hostAddress: "vc-partial.example",
      type: "vmware",
      username: "administrator@vsphere.local",
      password: config.requireSecret("vcenterPassword"),
      waitForInventory: true,
    });
    break;
  case "scp": {
    const image = new ScpBackupProxyImage("proxy-image", { sourceVmId: config.require("sourceVmId"), name: "partial-proxy-image", ownerId: "admin" });
    const token = config.requireSecret("proxyToken");
    new ScpBackupProxyVm("proxy", {
      imageId: image.id,
      name: "partial-proxy",
      azId: "az-1",
      storageTagId: "tag-ssd",
      cores: 2,
      memoryMb: 4096,
      networks: [{ vpcId: "vpc-backup", subnetId: "subnet-backup" }],
      initScript: pulumi.interpolate\`echo configuring proxy\\necho token=\${token}\\nexit \${config.require("scriptExit")}\`,
      initScriptSecrets: [token],
    });
    break;
  }
}
`;

const SECRETS = {
  "partial:adminPass": "Partial-Esxi-Passw0rd-1",
  "partial:vcenterPassword": "Partial-vCenter-Passw0rd-1",
  "partial:proxyToken": "Partial-Proxy-Token-1",
} as const;
/** How the engine writes a secret in `stack export`: the signature key with the ciphertext beside it. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const EMPTY = { sppHypervisors: 0, vspcCompanies: 0, sdpServers: 0, sdpLicenses: 0, sdpVcenters: 0, scpImages: 0, scpVms: 0 };

let sourceVmId: string;
const { emulators, project } = useEmulatorsAndProject("partial", PROGRAM, (started) => {
  sourceVmId = started.scp.seedServer({ name: "proxy-template" });
});

/** A new stack (selected from here on) with the vendor's connection and the case's config. */
function openStack(stack: string, config: Record<string, string>): Promise<void> {
  return project.initStack(stack, config, (key) => /:(password|secretKey)$/.test(key) || key in SECRETS);
}

/** The resource counts from the CLI's closing summary ("+ 1 created", "1 updated", "+-1 replaced"). */
function summary(output: string): Record<string, number> {
  const counts: Record<string, number> = {};
  const block = output.slice(output.lastIndexOf("Resources:"));
  for (const m of block.matchAll(/^\s+(?:[-+~]+\s*)?(\d+) (to create|created|to update|updated|unchanged|to replace|replaced|to delete|deleted)\b/gm)) counts[m[2]] = Number(m[1]);
  return counts;
}

/** The one resource of `type` in the stack's state. */
async function recorded(stack: string, type: string): Promise<StateResource> {
  const found = resourcesOf((await project.exportState(stack)).deployment, type);
  expect(found).toHaveLength(1);
  return found[0];
}

/**
 * The failed command's error, as the CLI shows it: one line (the engine lists a partial failure's
 * reasons) that starts with the resource, its label and the operation, then the cause.
 */
function expectErrorLine(result: CommandResult, line: RegExp): void {
  expect(result.code).not.toBe(0);
  const found = result.output.split("\n").filter((l) => new RegExp(`^\\s+(?:\\* |error: )${line.source}`).test(l));
  expect(found.length, `no line like ${line} in:\n${result.output}`).toBeGreaterThan(0);
}

/** What a resource recorded by a failed create must hold for refresh, update and delete to work. */
function expectRecordedForLater(r: StateResource, reasons: RegExp, secretOutputs: string[]): void {
  expect(r.id).toBeTruthy();
  expect(r.initErrors?.join("\n")).toMatch(reasons);
  expect(typeof r.outputs?.__provider).toBe("string");
  expect(r.outputs?.__provider).toEqual(r.inputs?.__provider);
  // Secret inputs are secret outputs too (the engine marks the same-named outputs).
  for (const key of secretOutputs) expect(JSON.stringify(r.outputs?.[key]), key).toContain(SECRET_SIG);
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const LOGIN = /\/(session|auth\/tokens|authenticate)$/;
function mutations(e: { requests(): { method: string; route: string; path: string }[] }): string[] {
  return e.requests().filter((r) => MUTATING.has(r.method) && !LOGIN.test(r.path)).map((r) => `${r.method} ${r.route}`);
}

describe("partial creates through the real Pulumi CLI", () => {
  it("an SdpServer whose build ends in ERROR: recorded, replaced by the next up, destroyed", async () => {
    const sdp = emulators.sdp;
    const servers = () => sdp.inventory().servers.filter((s) => s.name === "partial-esx" && s.status !== "DELETED");
    await openStack("sdp-error", { ...sdp.stackConfig(), "partial:case": "sdp", "partial:serverName": "partial-esx", "partial:adminPass": SECRETS["partial:adminPass"] });
    sdp.setKnobs({ failBuilds: true });
    try {
      const failed = await project.pulumi(["up", "--yes"], { expectCode: "nonzero" });
      expectErrorLine(failed, /SdpServer "partial-esx" create failed: server [0-9a-f-]{36} ended in status ERROR; the next `pulumi up` replaces it$/);
    } finally {
      sdp.setKnobs({ failBuilds: false });
    }
    const broken = await recorded("sdp-error", "SdpServer");
    expectRecordedForLater(broken, /ended in status ERROR/, ["adminPass"]);
    expect(servers().map((s) => s.id)).toEqual([broken.id]);
    expect(broken.outputs?.status).toBe("ERROR");

    // An ERROR build cannot be repaired: the next up replaces it, deleting the broken one first.
    const preview = await project.pulumi(["preview", "--diff"]);
    expect(preview.output).toMatch(/\+-\s*pulumi-nodejs:dynamic\/sdp:SdpServer: \(replace\)/);
    sdp.clearLog();
    const repaired = await project.pulumi(["up", "--yes"]);
    expect(summary(repaired.output)).toMatchObject({ replaced: 1 });
    const order = mutations(sdp);
    expect(order.findIndex((m) => m.startsWith("DELETE"))).toBeLessThan(order.findIndex((m) => m.startsWith("POST")));
    const now = servers();
    expect(now).toHaveLength(1);
    expect(now[0].id).not.toBe(broken.id);
    const healthy = await recorded("sdp-error", "SdpServer");
    expect(healthy).toMatchObject({ id: now[0].id, outputs: expect.objectContaining({ status: "ACTIVE" }) });
    expect(healthy.initErrors ?? []).toEqual([]);
    await project.pulumi(["preview", "--expect-no-changes"]);

    await project.pulumi(["destroy", "--yes"]);
    expect(inventoryCounts(emulators)).toEqual(EMPTY);
  }, 8 * COMMAND_MS);

  it("an SppHypervisor whose inventory fails: recorded, refreshable, inventoried by the next up, destroyed", async () => {
    const spp = emulators.spp;
    await openStack("spp-inventory", { ...spp.stackConfig(), "partial:case": "spp", "partial:vcenterPassword": SECRETS["partial:vcenterPassword"] });
    spp.setKnobs({ inventoryFails: true });
    try {
      const failed = await project.pulumi(["up", "--yes"], { expectCode: "nonzero" });
      expectErrorLine(failed, /SppHypervisor "vc-partial\.example" create failed: registered, but the first inventory of vc-partial\.example failed$/);
      const broken = await recorded("spp-inventory", "SppHypervisor");
      expectRecordedForLater(broken, /first inventory/, ["password"]);
      expect(broken.outputs).toMatchObject({ inventoryStatus: "FAILED", hostAddress: "vc-partial.example", portNumber: 443 });
      expect(spp.inventory().hypervisors.map((h) => String(h.id))).toEqual([broken.id]);

      // Read gets the recorded outputs: it must be able to load the provider from them. A refresh
      // clears the engine's init errors, yet the next up must still finish the job.
      const refresh = await project.pulumi(["refresh", "--yes"]);
      expect(refresh.output).not.toMatch(/error:/);
      const refreshed = await recorded("spp-inventory", "SppHypervisor");
      expect(refreshed).toMatchObject({ id: broken.id, outputs: expect.objectContaining({ inventoryStatus: "FAILED" }) });
      expect(refreshed.initErrors ?? []).toEqual([]);
    } finally {
      spp.setKnobs({ inventoryFails: false });
    }

    spp.clearLog();
    const repaired = await project.pulumi(["up", "--yes"]);
    expect(summary(repaired.output)).toMatchObject({ updated: 1 });
    // The inventory runs again; the registration itself is left alone.
    expect(mutations(spp)).toEqual(["POST /api/endeavour/job/:id"]);
    const hypervisors = spp.inventory().hypervisors;
    expect(hypervisors).toHaveLength(1);
    const healthy = await recorded("spp-inventory", "SppHypervisor");
    expect(healthy).toMatchObject({ id: String(hypervisors[0].id), outputs: expect.objectContaining({ inventoryStatus: "COMPLETED" }) });
    expect(healthy.initErrors ?? []).toEqual([]);
    await project.pulumi(["preview", "--expect-no-changes"]);

    await project.pulumi(["destroy", "--yes"]);
    expect(inventoryCounts(emulators)).toEqual(EMPTY);
  }, 8 * COMMAND_MS);

  it("a ScpBackupProxyVm whose init script exits 3: recorded, run again by each up, fixed in place, destroyed", async () => {
    const scp = emulators.scp;
    const vms = () => scp.inventory().servers.filter((s) => s.name === "partial-proxy");
    const scripts = () => scp.requests().filter((r) => r.method === "POST" && r.path.endsWith("/guest-script")).length;
    await openStack("scp-script", { ...scp.stackConfig(), "partial:case": "scp", "partial:sourceVmId": sourceVmId, "partial:proxyToken": SECRETS["partial:proxyToken"], "partial:scriptExit": "3" });
    const failed = await project.pulumi(["up", "--yes"], { expectCode: "nonzero" });
    expectErrorLine(failed, /ScpBackupProxyVm "partial-proxy" create failed: the init script exited with code 3: configuring proxy \| token=\[redacted\]$/);
    const broken = await recorded("scp-script", "ScpBackupProxyVm");
    expectRecordedForLater(broken, /exited with code 3/, ["initScript", "initScriptSecrets"]);
    expect(broken.outputs).toMatchObject({ initScriptExitCode: 3, initScriptOutput: "configuring proxy\ntoken=[redacted]", status: "running" });
    expect(vms().map((v) => v.id)).toEqual([broken.id]);
    expect(scp.inventory().images).toHaveLength(1);

    // Unchanged, the next up continues the VM by an update: the script runs again, in the same VM, and fails again.
    scp.clearLog();
    const again = await project.pulumi(["up", "--yes"], { expectCode: "nonzero" });
    expectErrorLine(again, /ScpBackupProxyVm "partial-proxy" update failed: the init script exited with code 3: /);
    expect(scripts()).toBe(1);
    expect(mutations(scp).filter((m) => m === "POST /janus/20180725/servers")).toEqual([]);
    expect(await recorded("scp-script", "ScpBackupProxyVm")).toMatchObject({ id: broken.id, initErrors: [expect.stringMatching(/exited with code 3/)] });

    // The script fixed: it runs in the same VM (an update, where a changed script otherwise replaces).
    await project.setConfig({ "partial:scriptExit": "0" });
    scp.clearLog();
    const repaired = await project.pulumi(["up", "--yes"]);
    expect(summary(repaired.output)).toMatchObject({ updated: 1 });
    expect(summary(repaired.output)).not.toHaveProperty("replaced");
    expect(scripts()).toBe(1);
    expect(vms().map((v) => v.id)).toEqual([broken.id]);
    const healthy = await recorded("scp-script", "ScpBackupProxyVm");
    expect(healthy.outputs).toMatchObject({ initScriptExitCode: 0 });
    expect(healthy.initErrors ?? []).toEqual([]);
    await project.pulumi(["preview", "--expect-no-changes"]);

    await project.pulumi(["destroy", "--yes"]);
    expect(inventoryCounts(emulators)).toEqual(EMPTY);
    expect(scp.inventory().servers.map((s) => s.id)).toEqual([sourceVmId]);
  }, 8 * COMMAND_MS);

  it("an SdpServer create whose answer lands after the deadline: recorded, finished by the next up, destroyed", async () => {
    const sdp = emulators.sdp;
    const servers = () => sdp.inventory().servers.filter((s) => s.name === "partial-esx-late" && s.status !== "DELETED");
    await openStack("sdp-late", { ...sdp.stackConfig(), "partial:case": "sdp", "partial:serverName": "partial-esx-late", "partial:adminPass": SECRETS["partial:adminPass"], "partial:createTimeout": "3s" });
    // SDP takes the create at once and answers 8 s later, long after the 3 s deadline.
    sdp.addFaults([{ method: "POST", path: "re:^/v1\\.0/[^/]+/servers$", times: 1, kind: { type: "stall", ms: 8_000 } }]);
    try {
      const failed = await project.pulumi(["up", "--yes"], { expectCode: "nonzero" });
      expectErrorLine(failed, /SdpServer "partial-esx-late" create did not finish within 3s .*; the server create landed anyway as [0-9a-f-]{36} and is recorded/);
    } finally {
      sdp.clearFaults();
    }
    const late = await recorded("sdp-late", "SdpServer");
    expectRecordedForLater(late, /landed anyway/, ["adminPass"]);
    expect(servers().map((s) => s.id)).toEqual([late.id]);

    sdp.clearLog();
    const repaired = await project.pulumi(["up", "--yes"]);
    expect(summary(repaired.output)).toMatchObject({ updated: 1 });
    // Nothing is sent again: the next up only waits for the build it already has.
    expect(mutations(sdp)).toEqual([]);
    expect(servers().map((s) => s.id)).toEqual([late.id]);
    const healthy = await recorded("sdp-late", "SdpServer");
    expect(healthy.outputs).toMatchObject({ status: "ACTIVE", name: "partial-esx-late" });
    expect(healthy.initErrors ?? []).toEqual([]);
    await project.pulumi(["preview", "--expect-no-changes"]);

    await project.pulumi(["destroy", "--yes"]);
    expect(inventoryCounts(emulators)).toEqual(EMPTY);
  }, 8 * COMMAND_MS);

  // Every command's output (the stack exports of every step among them) and every file of the backend, all four stacks.
  it("keeps every secret out of plain text: the outputs of every command, every state file", async () => {
    await expectNoPlaintextSecrets(project, "sdp-late", { extra: [...Object.values(SECRETS), emulators.sdp.credentials.password, emulators.spp.credentials.password, emulators.scp.credentials.password] });
  }, COMMAND_MS);
});
