import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HEARTBEAT_ENV } from "../../../providers/core/heartbeat";
import { resetSdpClients } from "../../../providers/sdp/client";
import { provider } from "../../../providers/sdp/guest-vm-license.provider";
import { provider as serverProvider } from "../../../providers/sdp/server.provider";
import { captureLogLinesPerTest } from "../capture-stderr";
import { configureSdp, serverArgs, useSdpEmulator } from "./setup";

const emu = useSdpEmulator({ knobs: { buildMs: 50 } }, { clearFaults: false });
let serverId = "";

const actions = () => emu.requests().filter((r) => r.method === "POST" && r.path.endsWith("/action"));
const LOG = "[pulumi-backup-infra] info SdpGuestVmLicense:";

beforeAll(async () => {
  resetSdpClients();
  configureSdp(emu);
  serverId = (await serverProvider.create({ ...serverArgs("esx-guest-licenses"), __provider: "shim" })).id;
});
beforeEach(() => {
  emu.setKnobs({ jobMs: 0, failJobs: false });
});
const lines = captureLogLinesPerTest();

describe("SdpGuestVmLicense against the SDP emulator", () => {
  it("adds the types to a VM named by vm_name, waits for COMPLETED, and reads the job back", async () => {
    emu.setKnobs({ jobMs: 800 });
    const inputs = { serverId, vmName: "Alice", licenseTypes: ["Windows Server", "SQL Server 2014 Standard Edition"] };
    const { id, outs } = await provider.create({ ...inputs, __provider: "shim" });
    // eclcloud servers/testing/fixtures.go:601-611 (AddLicenseRequest), then its result request (l.620-626).
    const [add, ...results] = actions();
    expect(add.body).toEqual({ "add-license-to-vm": { vm_name: "Alice", license_types: ["Windows Server", "SQL Server 2014 Standard Edition"] } });
    expect(results.length).toBeGreaterThanOrEqual(2);
    for (const r of results) expect(r.body).toEqual({ "get-result-for-add-license-to-vm": { job_id: outs.jobId } });
    expect(id).toBe(`${serverId}/vm_name=Alice`);
    expect(outs).toMatchObject({
      jobId: expect.stringMatching(/^[0-9a-f]{24}$/),
      status: "COMPLETED",
      message: null,
      requestedVmName: "Alice",
      requestedVmId: null,
      requestedLicenseTypes: ["Windows Server", "SQL Server 2014 Standard Edition"],
      vmId: null,
    });
    expect(await provider.diff!(id, outs, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(await provider.diff!(id, outs, { ...inputs, licenseTypes: ["Windows Server"] })).toMatchObject({ changes: true, replaces: ["licenseTypes"] });
    emu.clearLog();
    const read = await provider.read!(id, outs);
    expect(read).toEqual({ id, props: outs });
    expect(actions().map((r) => r.body)).toEqual([{ "get-result-for-add-license-to-vm": { job_id: outs.jobId } }]);
  });

  it("sends vm_id when the VM is given by id (seed l.929-936), and SDP's echo of it", async () => {
    const { outs } = await provider.create({ serverId, vmId: "cd898512-d145-4198-a256-9c1351cd4fcf", licenseTypes: ["Windows Server"], __provider: "shim" });
    expect(actions()[0].body).toEqual({ "add-license-to-vm": { vm_id: "cd898512-d145-4198-a256-9c1351cd4fcf", license_types: ["Windows Server"] } });
    expect(outs).toMatchObject({ status: "COMPLETED", requestedVmId: "cd898512-d145-4198-a256-9c1351cd4fcf", requestedVmName: null, vmName: null });
  });

  it("refuses a type that is not a guest-VM type in one line naming the valid ones, and sends no action", async () => {
    for (const [wanted, line] of [
      [["Windows Server 2019"], 'license type "Windows Server 2019" is not one SDP offers for guest VMs; valid: "SQL Server 2014 Standard Edition", "Windows Server"'],
      // The key-based vCenter type (has_license_key true) is a license type, but not one for a VM.
      [["Windows Server", "vCenter Server 5.5 Standard"], 'license type "vCenter Server 5.5 Standard" is not one SDP offers for guest VMs; valid: "SQL Server 2014 Standard Edition", "Windows Server"'],
      [["SQL Server Standard 2014", "Win"], 'license types "SQL Server Standard 2014", "Win" are not ones SDP offers for guest VMs; valid: "SQL Server 2014 Standard Edition", "Windows Server"'],
    ] as const) {
      await expect(provider.create({ serverId, vmName: "Bob", licenseTypes: [...wanted], __provider: "shim" })).rejects.toThrow(
        new RegExp(`^SdpGuestVmLicense "Bob" create failed: ${line.replace(/[.()]/g, "\\$&")}$`),
      );
    }
    expect(emu.requests().filter((r) => r.path.endsWith("/license_types"))).toHaveLength(3);
    expect(actions()).toEqual([]);
  });

  it("fails a job that ends FAILED with SDP's status and message, recording nothing", async () => {
    const failure = provider.create({ serverId, vmName: "fail-carol", licenseTypes: ["Windows Server"], __provider: "shim" });
    await expect(failure).rejects.toThrow(/^SdpGuestVmLicense "fail-carol" create failed: add-license-to-vm job [0-9a-f]{24} ended FAILED: emulated failure: the license could not be added to VM fail-carol$/);
    await expect(failure).rejects.not.toHaveProperty("properties");
  });

  it("at the deadline, records the job with its last status and finishes it on the next update", async () => {
    emu.setKnobs({ jobMs: 3_000 });
    const inputs = { serverId, vmName: "dave", licenseTypes: ["Windows Server"], timeouts: { create: "1s" } };
    const error = (await provider.create({ ...inputs, __provider: "shim" }).catch((e: unknown) => e)) as { id: string; properties: Record<string, unknown>; reasons: string[] };
    expect(error.id).toBe(`${serverId}/vm_name=dave`);
    expect(error.reasons).toEqual([expect.stringMatching(/did not finish within 1s .*; job [0-9a-f]{24} was last RUNNING; the next `pulumi up` waits for it again$/)]);
    expect(error.properties).toMatchObject({ status: "RUNNING", jobId: expect.any(String) });
    const { __provider: _p, ...recorded } = error.properties;
    expect(await provider.diff!(error.id, recorded, inputs)).toMatchObject({ changes: true, replaces: [] });
    emu.clearLog();
    const updated = await provider.update!(error.id, recorded, { ...inputs, timeouts: { update: "10s" } });
    expect(updated.outs).toMatchObject({ status: "COMPLETED", jobId: recorded.jobId });
    // The same job is waited for; nothing is added again.
    expect(actions().every((r) => "get-result-for-add-license-to-vm" in (r.body as object))).toBe(true);
  });

  it("records an add whose answer came after the deadline without a job, and the next update sends it again", async () => {
    emu.addFaults([{ method: "POST", path: "/v1.0/:tenantId/servers/:id/action", times: 1, kind: { type: "stall", ms: 2_000 } }]);
    const inputs = { serverId, vmName: "ivan", licenseTypes: ["Windows Server"], timeouts: { create: "1s" } };
    const error = (await provider.create({ ...inputs, __provider: "shim" }).catch((e: unknown) => e)) as { id: string; properties: Record<string, unknown>; reasons: string[] };
    emu.clearFaults();
    expect(error.id).toBe(`${serverId}/vm_name=ivan`);
    expect(error.properties).toMatchObject({ jobId: null, status: null });
    expect(error.reasons).toEqual([expect.stringMatching(/the add-license-to-vm request may have landed \(SDP lists no jobs to look for it\), so the resource is recorded without a job and the next `pulumi up` sends it again$/)]);
    const { __provider: _p, ...recorded } = error.properties;
    expect(await provider.diff!(error.id, recorded, inputs)).toMatchObject({ changes: true, replaces: [] });
    emu.clearLog();
    const updated = await provider.update!(error.id, recorded, { ...inputs, timeouts: { update: "10s" } });
    expect(updated.outs).toMatchObject({ status: "COMPLETED", requestedVmName: "ivan" });
    expect(actions()[0].body).toEqual({ "add-license-to-vm": { vm_name: "ivan", license_types: ["Windows Server"] } });
  });

  it("prints the heartbeat with SDP's status while a long job runs, then a closing line", async () => {
    process.env[HEARTBEAT_ENV] = "400";
    emu.setKnobs({ jobMs: 1_500 });
    const { outs } = await provider.create({ serverId, vmName: "erin", licenseTypes: ["Windows Server"], __provider: "shim" });
    const beat = lines().filter((l) => l.startsWith(`${LOG} erin: add-license-to-vm job ${String(outs.jobId)}: `));
    expect(beat.length).toBeGreaterThanOrEqual(2);
    expect(beat.slice(0, -1).every((l) => /: still RUNNING after \d(\.\d)?s \(\d+ checks?\)$/.test(l))).toBe(true);
    expect(beat.at(-1)).toMatch(/: ended COMPLETED after \d(\.\d)?s \(\d+ checks\)$/);
  });

  it("destroy sends no request and logs the one line that says the license stays metered", async () => {
    const { id, outs } = await provider.create({ serverId, vmName: "frank", licenseTypes: ["Windows Server", "SQL Server 2014 Standard Edition"], __provider: "shim" });
    emu.clearLog();
    const before = lines().length;
    await provider.delete!(id, outs);
    expect(emu.requests()).toEqual([]);
    expect(lines().slice(before)).toEqual([
      `${LOG} frank: SDP has no call to remove a license from a VM: the resource is forgotten and nothing is removed; the license usages of Windows Server, SQL Server 2014 Standard Edition on VM "frank" keep being metered (List Usages, GET /usages)`,
    ]);
    // The job is still there: SDP still answers for it.
    expect((await provider.read!(id, outs)).props).toMatchObject({ status: "COMPLETED" });
  });

  it("reads as gone when SDP no longer knows the job", async () => {
    const { id, outs } = await provider.create({ serverId, vmName: "grace", licenseTypes: ["Windows Server"], __provider: "shim" });
    emu.setKnobs({ forgottenJobs: [String(outs.jobId)] });
    expect(await provider.read!(id, outs)).toEqual({});
  });

  it("resends add-license-to-vm after a lost answer, saying so, and ends with one license on the VM", async () => {
    emu.addFaults([{ method: "POST", path: "/v1.0/:tenantId/servers/:id/action", times: 1, kind: { type: "commit-then-drop" } }]);
    const { outs } = await provider.create({ serverId, vmName: "heidi", licenseTypes: ["Windows Server"], __provider: "shim" });
    emu.clearFaults();
    expect(outs).toMatchObject({ status: "COMPLETED" });
    const adds = actions().filter((r) => "add-license-to-vm" in (r.body as object));
    expect(adds).toHaveLength(2);
    expect(lines().some((l) => l.includes("heidi: the answer to add-license-to-vm was lost") && l.endsWith("sending it again for the same VM and license types"))).toBe(true);
  });

  it("refuses both vmId and vmName, and neither, at check, naming them", async () => {
    const both = await provider.check!({}, { serverId, vmId: "x", vmName: "y", licenseTypes: ["Windows Server"] });
    expect(both.failures).toEqual([{ property: "vmId", reason: "give either vmId or vmName, not both" }]);
    const neither = await provider.check!({}, { serverId, licenseTypes: ["Windows Server"] });
    expect(neither.failures).toEqual([{ property: "vmName", reason: "the VM is required: give vmId or vmName" }]);
    const repeated = await provider.check!({}, { serverId, vmName: "y", licenseTypes: ["Windows Server", "Windows Server"] });
    expect(repeated.failures).toEqual([{ property: "licenseTypes", reason: "must not repeat a license type" }]);
    const none = await provider.check!({}, { serverId, vmName: "y", licenseTypes: [] });
    expect(none.failures).toEqual([{ property: "licenseTypes", reason: "must name at least one license type" }]);
  });
});
