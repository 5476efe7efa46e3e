import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSdpEmulator, type SdpEmulator } from "../../emulators";
import { startProviderHost, type ProviderHost } from "../../harness";
import { REPO_ROOT, captureResource, requireBuilt } from "./project";

let emu: SdpEmulator;
let host: ProviderHost;
const urn = (type: string, name: string) => `urn:pulumi:test::backup-infra::pulumi-nodejs:dynamic/${type.slice(0, 3).toLowerCase()}:${type}::${name}`;
const ADMIN_PASS = "Engine-Esxi-Passw0rd";
const VCENTER_PASS = "Engine-Vcenter-Passw0rd";

beforeAll(async () => {
  requireBuilt();
  emu = await startSdpEmulator({ knobs: { buildMs: 200, deleteMs: 50 } });
  const config = {
    "sdp:authUrl": emu.authUrl,
    "sdp:username": emu.credentials.username,
    "sdp:password": emu.credentials.password,
    "sdp:tenantId": emu.credentials.tenantId,
    "sdp:caCert": emu.caCert ?? "",
  };
  host = await startProviderHost({ cwd: REPO_ROOT, project: "backup-infra", config, env: { BACKUP_INFRA_LOG: "debug" } });
  await host.configure(config);
});
afterAll(async () => {
  await host?.close();
  await emu?.close();
});

/** check → create → no-op diff → in-place update → refresh → delete → refresh reports gone. */
async function lifecycle(type: string, args: Record<string, unknown>, change: Record<string, unknown>): Promise<{ created: Record<string, unknown>; updated: Record<string, unknown> }> {
  const captured = await captureResource(REPO_ROOT, type, args);
  const u = urn(type, "subject");
  const checked = await host.check(u, {}, captured.inputs);
  expect(checked.failures).toEqual([]);
  const created = await host.create(u, checked.inputs);
  expect((await host.diff(created.id, u, created.properties, captured.inputs)).changes).toBe("none");
  const news = { ...captured.inputs, ...change };
  expect(await host.diff(created.id, u, created.properties, news)).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
  const updated = await host.update(created.id, u, created.properties, news);
  expect((await host.read(created.id, u, updated.properties)).id).toBe(created.id);
  await host.delete(created.id, u, updated.properties);
  return { created: created.properties, updated: updated.properties };
}

describe("SDP resources through @pulumi/pulumi's dynamic-provider host", () => {
  it("SdpServer: create waits for ACTIVE, rename in place, delete waits for 404", async () => {
    const networks = [
      { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a22", segmentationId: 2001 },
      { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a23", segmentationId: 2002 },
    ];
    const { created, updated } = await lifecycle("SdpServer", { name: "esx-engine", adminPass: ADMIN_PASS, imageRef: "img", flavorRef: "flv", networks }, { name: "esx-engine-2" });
    expect(created.status).toBe("ACTIVE");
    expect(updated.name).toBe("esx-engine-2");
    expect(emu.inventory().servers).toEqual([]);
  });

  it("SdpLicense: the key is an output; a type change replaces", async () => {
    const captured = await captureResource(REPO_ROOT, "SdpLicense", { licenseType: "vCenter Server 5.5 Standard" });
    const u = urn("SdpLicense", "lic");
    const created = await host.create(u, (await host.check(u, {}, captured.inputs)).inputs);
    expect(created.properties.key).toEqual(expect.any(String));
    expect((await host.diff(created.id, u, created.properties, { ...captured.inputs, licenseType: "Windows Server" })).replaces).toEqual(["licenseType"]);
    expect((await host.read(created.id, u, created.properties)).properties.key).toBe(created.properties.key);
    await host.delete(created.id, u, created.properties);
    expect((await host.read(created.id, u, created.properties)).id).toBe("");
    expect(host.output()).not.toContain(String(created.properties.key));
  });

  it("SdpVcenter: register, change the password in place, unregister", async () => {
    const { created } = await lifecycle(
      "SdpVcenter",
      { linkLocalAddress: "169.254.127.140", password: VCENTER_PASS, licenseId: "bac8b95f-77b9-439a-ac43-53566502ff3f" },
      { password: "Engine-Rotated-Passw0rd" },
    );
    expect(created.linkLocalAddress).toBe("169.254.127.140");
  });

  it("SdpVsphereContract: commit, change the cores in place, delete the contract that had not started", async () => {
    const { created, updated } = await lifecycle("SdpVsphereContract", { contractYear: 1, cores: 16 }, { cores: 24 });
    expect(created).toMatchObject({ contractCase: "none-or-not-started", pendingCores: 16 });
    expect(updated).toMatchObject({ pendingCores: 24 });
    expect(emu.contracts()).toEqual([]);
  });

  it("keeps every password, key and token out of the host's output", () => {
    const tokens = emu.issuedTokens();
    expect(tokens.length).toBeGreaterThan(0);
    for (const secret of [ADMIN_PASS, VCENTER_PASS, "Engine-Rotated-Passw0rd", emu.credentials.password, ...tokens]) expect(host.output()).not.toContain(secret);
    expect(host.output()).toContain("esx-engine");
  });
});
