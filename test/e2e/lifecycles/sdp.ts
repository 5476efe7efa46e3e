import { expect } from "vitest";
import { startSdpEmulator, type SdpEmulator } from "../../../emulators";
import { PLACEHOLDER_REFS, sdpGuestVmLicense, sdpLicense, sdpServer, sdpVcenter, sdpVsphereContract, type FixtureWith, type Props } from "../../fixtures";
import { urnOf, type EngineContext, type VendorLifecycles } from "../engine";

type Ctx = EngineContext<SdpEmulator>;

/** check → create → no-op diff → the fixture's in-place update → refresh → delete. */
async function lifecycle({ host, capture }: Ctx, f: FixtureWith<"sdp", "update">, name: string): Promise<{ created: Props; updated: Props }> {
  const captured = await capture(f.type, f.args(name, PLACEHOLDER_REFS));
  const u = urnOf(f.type);
  const checked = await host.check(u, {}, captured.inputs);
  expect(checked.failures).toEqual([]);
  const created = await host.create(u, checked.inputs);
  expect((await host.diff(created.id, u, created.properties, captured.inputs)).changes).toBe("none");
  const news = f.update.apply(captured.inputs);
  expect(await host.diff(created.id, u, created.properties, news)).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
  const updated = await host.update(created.id, u, created.properties, news);
  expect(updated.properties).toMatchObject(f.update.outputs(news));
  expect((await host.read(created.id, u, updated.properties)).id).toBe(created.id);
  await host.delete(created.id, u, updated.properties);
  return { created: created.properties, updated: updated.properties };
}

async function server(ctx: Ctx): Promise<void> {
  const { created } = await lifecycle(ctx, sdpServer, "esx-engine");
  expect(created.status).toBe("ACTIVE");
  expect(sdpServer.objects(ctx.emu)).toEqual([]);
  expect(ctx.host.output()).toContain("esx-engine");
}

async function license({ host, capture }: Ctx): Promise<void> {
  const captured = await capture("SdpLicense", sdpLicense.args("lic", PLACEHOLDER_REFS));
  const u = urnOf("SdpLicense", "lic");
  const created = await host.create(u, (await host.check(u, {}, captured.inputs)).inputs);
  expect(created.properties.key).toEqual(expect.any(String));
  expect((await host.diff(created.id, u, created.properties, sdpLicense.replace.apply(captured.inputs))).replaces).toEqual(sdpLicense.replace.replaces);
  expect((await host.read(created.id, u, created.properties)).properties.key).toBe(created.properties.key);
  await host.delete(created.id, u, created.properties);
  expect((await host.read(created.id, u, created.properties)).id).toBe("");
  expect(host.output()).not.toContain(String(created.properties.key));
}

async function vcenter(ctx: Ctx): Promise<void> {
  const args = sdpVcenter.args("vcenter", PLACEHOLDER_REFS);
  const { created } = await lifecycle(ctx, sdpVcenter, "vcenter");
  expect(created.linkLocalAddress).toBe(args.linkLocalAddress);
}

async function contract(ctx: Ctx): Promise<void> {
  const args = sdpVsphereContract.args("contract", PLACEHOLDER_REFS);
  const { created } = await lifecycle(ctx, sdpVsphereContract, "contract");
  expect(created).toMatchObject({ contractCase: "none-or-not-started", pendingCores: args.cores });
  expect(ctx.emu.contracts()).toEqual([]);
}

/** A license added to a guest VM on a hypervisor made first; destroy sends nothing and says so. */
async function guestVmLicense({ host, capture, emu }: Ctx): Promise<void> {
  const hu = urnOf("SdpServer", "esx-licensed");
  const hypervisor = await capture("SdpServer", sdpServer.args("esx-licensed", PLACEHOLDER_REFS));
  const server = await host.create(hu, (await host.check(hu, {}, hypervisor.inputs)).inputs);
  const captured = await capture("SdpGuestVmLicense", sdpGuestVmLicense.args("vm-01", { ...PLACEHOLDER_REFS, sdpServerId: server.id }));
  const u = urnOf("SdpGuestVmLicense", "vm-01");
  const created = await host.create(u, (await host.check(u, {}, captured.inputs)).inputs);
  expect(created.properties).toMatchObject({ status: "COMPLETED", requestedVmName: "vm-01", requestedLicenseTypes: ["Windows Server"], jobId: expect.any(String) });
  expect((await host.diff(created.id, u, created.properties, captured.inputs)).changes).toBe("none");
  expect((await host.diff(created.id, u, created.properties, sdpGuestVmLicense.replace.apply(captured.inputs))).replaces).toEqual(sdpGuestVmLicense.replace.replaces);
  expect((await host.read(created.id, u, created.properties)).properties).toMatchObject({ status: "COMPLETED", jobId: created.properties.jobId });
  emu.clearLog();
  await host.delete(created.id, u, created.properties);
  expect(emu.requests()).toEqual([]);
  // The host's stderr arrives through a pipe: the line the delete just logged may still be on its way.
  await expect.poll(() => host.output(), { timeout: 5_000 }).toContain("vm-01: SDP has no call to remove a license from a VM: the resource is forgotten and nothing is removed;");
  expect(sdpGuestVmLicense.objects(emu).map((o) => o.id)).toEqual([created.id]);
  await host.delete(server.id, hu, server.properties);
}

/** Runs last: it moves the emulated calendar 40 months on. */
async function expiredContract({ host, capture, emu }: Ctx): Promise<void> {
  const captured = await capture("SdpVsphereContract", { contractYear: 3, cores: 8 });
  const u = urnOf("SdpVsphereContract", "expiring");
  const created = await host.create(u, (await host.check(u, {}, captured.inputs)).inputs);
  emu.advanceMonths(40);
  const refreshed = await host.read(created.id, u, created.properties);
  expect(refreshed.properties).toMatchObject({ contractCase: "expired", endMonth: created.properties.endMonth });
  // Diff never throws (the engine diffs during refresh too): the expiry is an update that update refuses.
  expect(await host.diff(created.id, u, refreshed.properties, captured.inputs)).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
  await expect(host.update(created.id, u, refreshed.properties, captured.inputs)).rejects.toThrow(/has expired.*Set renewExpired: true/);
  expect(emu.contracts()).toEqual([]);
  const renew = await capture("SdpVsphereContract", { contractYear: 3, cores: 8, renewExpired: true });
  expect(await host.diff(created.id, u, refreshed.properties, renew.inputs)).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
  // The preview's line reaches the engine's log (the host's stderr).
  expect(host.output()).toMatch(/SdpVsphereContract: 3-year: diff \(months in Asia\/Tokyo, now \d{4}-\d{2}\): the contract ended with \d{4}-\d{2} \(expired\)/);
  const renewed = await host.update(created.id, u, refreshed.properties, renew.inputs);
  expect(renewed.properties).toMatchObject({ contractCase: "none-or-not-started", pendingCores: 8, renewExpired: true });
  await host.delete(created.id, u, renewed.properties);
  expect(emu.contracts()).toEqual([]);
}

export const SDP: VendorLifecycles<SdpEmulator> = {
  vendor: "sdp",
  start: () => startSdpEmulator({ knobs: { buildMs: 200, deleteMs: 50 } }),
  config: (emu) => emu.stackConfig(),
  lifecycles: [
    { name: "SdpServer: create waits for ACTIVE, rename in place, delete waits for 404", run: server },
    { name: "SdpLicense: the key is an output; a type change replaces", run: license },
    { name: "SdpVcenter: register, change the password in place, unregister", run: vcenter },
    { name: "SdpVsphereContract: commit, change the cores in place, delete the contract that had not started", run: contract },
    { name: "SdpGuestVmLicense: add to a VM, wait for the job, refresh from get-result, destroy sends nothing", run: guestVmLicense },
    { name: "SdpVsphereContract: an expired contract refreshes as expired, diff refuses it, renewExpired signs its successor", run: expiredContract },
  ],
  secrets: ({ emu }) => [...[sdpServer, sdpLicense, sdpVcenter, sdpVsphereContract].flatMap((f) => f.secrets), emu.credentials.password, ...emu.issuedTokens()],
};
