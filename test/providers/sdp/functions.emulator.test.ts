import { setStackConfig } from "../../../providers/core/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSdpEmulator, type SdpEmulator } from "../../../emulators";
import { closeAllAgents } from "../../../providers/core/transport";
import { provider as licenses } from "../../../providers/sdp/license.provider";
import { provider as servers } from "../../../providers/sdp/server.provider";
import {
  getSdpAvailableVcenterAddresses,
  getSdpAvailableVcenterAddressesOutput,
  getSdpCfgwConnection,
  getSdpLicenseTypes,
  getSdpUsageHistories,
  getSdpUsages,
} from "../../../providers/sdp/functions";
import { configureSdp, serverArgs } from "./setup";

let emu: SdpEmulator;
let connection: Record<string, string>;

beforeAll(async () => {
  emu = await startSdpEmulator({ knobs: { buildMs: 0 } });
  connection = { authUrl: emu.authUrl, username: emu.credentials.username, password: emu.credentials.password, tenantId: emu.credentials.tenantId, caCert: emu.caCert ?? "" };
  configureSdp(emu);
});
afterAll(async () => {
  await closeAllAgents();
  await emu.close();
});

describe("SDP lookup functions", () => {
  it("lists license types as typed plain objects", async () => {
    const types = await getSdpLicenseTypes({ connection });
    expect(types[0]).toEqual({ id: "69fcba22209347719e764e3eba862db1", name: "vCenter Server 5.5 Standard", hasLicenseKey: true, licenseSwitch: false, unit: "license", description: "vCenter Server 5.5 Standard" });
  });

  it("lists usages and their histories", async () => {
    const made = await licenses.create({ licenseType: "Windows Server", __provider: "shim" });
    const { tenantId, usages } = await getSdpUsages({ connection, licenseType: "Windows Server" });
    expect(tenantId).toBe(emu.credentials.tenantId);
    expect(usages).toEqual([expect.objectContaining({ id: made.id, unit: "VM", name: "Windows Server", hasLicenseKey: false })]);
    const history = await getSdpUsageHistories({ connection, usageId: made.id });
    expect(history).toMatchObject({ unit: "VM", licenseType: "Windows Server", histories: expect.arrayContaining([expect.objectContaining({ value: 1 })]) });
    await licenses.delete!(made.id, made.outs!);
  });

  it("lists free vCenter addresses, also as an Output", async () => {
    const { addresses, free } = await getSdpAvailableVcenterAddresses({ connection });
    expect(addresses).toHaveLength(10);
    expect(free[0]).toBe("169.254.127.132");
    const viaOutput = await new Promise((resolve) => getSdpAvailableVcenterAddressesOutput({ connection }).apply(resolve));
    expect(viaOutput).toEqual({ addresses, free });
  });

  it("shows a server's CFGW connection", async () => {
    const server = await servers.create({ ...serverArgs("esx-cfgw"), __provider: "shim" });
    expect(await getSdpCfgwConnection({ connection, serverId: server.id })).toMatchObject({ serverId: server.id, status: true, errorType: null });
    await servers.delete!(server.id, server.outs!);
  });

  it("fails with a message naming the missing settings", async () => {
    setStackConfig(undefined);
    await expect(getSdpLicenseTypes({ connection: { authUrl: emu.authUrl } })).rejects.toThrow(
      /^Smart Data Platform connection is incomplete: missing username and password and tenantId\. Set sdp:username, SDP_USERNAME; sdp:password, SDP_PASSWORD; sdp:tenantId, SDP_TENANT_ID/,
    );
    configureSdp(emu);
  });

  it("checks the connection argument with the resources' schema, and sends nothing when it is wrong", async () => {
    emu.clearLog();
    // An earlier release passed these on unchecked: the typo was ignored and the short password sent to Keystone.
    await expect(getSdpLicenseTypes({ connection: { ...connection, tenant: "x" } as never })).rejects.toThrow(/^Smart Data Platform connection is invalid: connection: Unrecognized key: "tenant"$/);
    await expect(getSdpUsages({ connection: { ...connection, password: "abc" } })).rejects.toThrow(/^Smart Data Platform connection is invalid: connection\.password: must be at least 4 characters$/);
    await expect(getSdpLicenseTypes({ connection: { ...connection, authUrl: "keystone" } })).rejects.toThrow(/connection\.authUrl: must be an http\(s\) URL such as https:\/\/keystone-jp1-ecl\.api\.ntt\.com\/v3$/);
    expect(emu.requests()).toEqual([]);
  });
});

