import { beforeAll, describe, expect, it } from "vitest";
import { getSdpAvailableVcenterAddresses, getSdpCfgwConnection, getSdpLicenseTypes, getSdpUsageHistories, getSdpUsages } from "../../../providers/sdp/functions";
import { provider as license } from "../../../providers/sdp/license.provider";
import { provider as server } from "../../../providers/sdp/server.provider";
import { provider as vcenter } from "../../../providers/sdp/vcenter.provider";
import { provider as contract } from "../../../providers/sdp/vsphere-contract.provider";
import { serverArgs, useSdpEmulator } from "./setup";

const emu = useSdpEmulator({ tls: false, knobs: { buildMs: 0, deleteMs: 0 } }, { clearLog: false });
let connection: Record<string, string>;

beforeAll(() => {
  connection = { authUrl: emu.authUrl, username: emu.credentials.username, password: emu.credentials.password, tenantId: emu.credentials.tenantId };
});

const ID = "05184ba3-00ba-4fbc-b7a2-03b62b884931";
const vcenterArgs = { linkLocalAddress: "169.254.127.138", password: "Vcenter-Passw0rd", licenseId: "l" };

/** [what, the route whose answer is bent, the bent body, the call, the one line expected]. */
const CASES: [string, string, string, unknown, () => Promise<unknown>, string][] = [
  ["SdpServer read", "GET", "/v1.0/:tenantId/servers/:id", { server: { id: ID } }, () => server.read!(ID, {}), `GET /servers/${ID} with an unexpected shape: server.name: Invalid input: expected string, received undefined (and 1 more)`],
  ["SdpServer create", "POST", "/v1.0/:tenantId/servers", { server: { name: "esx" } }, () => server.create({ ...serverArgs("esx-bent"), __provider: "shim" }), "POST /servers with an unexpected shape: server.id: Invalid input: expected string, received undefined"],
  ["SdpServer adopt lookup", "GET", "/v1.0/:tenantId/servers/detail", { servers: {} }, () => server.create({ ...serverArgs("esx-bent"), __provider: "shim" }), "GET /servers/detail with an unexpected shape: servers: Invalid input: expected array, received object"],
  ["SdpLicense read", "GET", "/v1.0/:tenantId/licenses", { license: [] }, () => license.read!(ID, { licenseType: "Windows Server" }), "GET /licenses with an unexpected shape: licenses: Invalid input: expected array, received undefined"],
  ["SdpLicense create", "POST", "/v1.0/:tenantId/licenses", { license: { id: 7, license_type: "Windows Server" } }, () => license.create({ licenseType: "Windows Server", __provider: "shim" }), "POST /licenses with an unexpected shape: license.id: Invalid input: expected string, received number"],
  ["SdpVcenter read", "GET", "/v1.0/:tenantId/vcenters", { vcenters: [{ id: "a" }] }, () => vcenter.read!("a", vcenterArgs), "GET /vcenters with an unexpected shape: vcenters[0].link_local_address: Invalid input: expected string, received undefined"],
  ["SdpVcenter free address", "GET", "/v1.0/:tenantId/vcenters/addresses", { addresses: [{ address: "169.254.1.1" }] }, () => vcenter.create({ password: "Vcenter-Passw0rd", licenseId: "l", __provider: "shim" }), "GET /vcenters/addresses with an unexpected shape: addresses[0].in_use: Invalid input: expected boolean, received undefined"],
  ["SdpVcenter register", "POST", "/v1.0/:tenantId/vcenters", { vcenter: { id: "a" } }, () => vcenter.create({ ...vcenterArgs, __provider: "shim" }), "POST /vcenters with an unexpected shape: vcenter.link_local_address: Invalid input: expected string, received undefined"],
  ["SdpVsphereContract read", "GET", "/v1.0/:tenantId/vsphere_contracts", { vsphere_contracts: [{ contract_year: "1" }] }, () => contract.read!("vsphere-contract-1", { contractYear: 1 }), "GET /vsphere_contracts with an unexpected shape: vsphere_contracts[0].contract_year: Invalid input: expected number, received string (and 6 more)"],
  ["getSdpLicenseTypes", "GET", "/v1.0/:tenantId/license_types", { types: [] }, () => getSdpLicenseTypes({ connection }), "GET /license_types with an unexpected shape: license_types: Invalid input: expected array, received undefined"],
  ["getSdpUsages", "GET", "/v1.0/:tenantId/usages", { tenant_id: "t", usages: [{ id: "u" }] }, () => getSdpUsages({ connection }), "GET /usages with an unexpected shape: usages[0].type: Invalid input: expected string, received undefined (and 1 more)"],
  ["getSdpUsageHistories", "GET", "/v1.0/:tenantId/usages/:id/histories", { tenant_id: "t", histories: {} }, () => getSdpUsageHistories({ usageId: "u", connection }), "GET /usages/u/histories with an unexpected shape: histories: Invalid input: expected array, received object"],
  ["getSdpAvailableVcenterAddresses", "GET", "/v1.0/:tenantId/vcenters/addresses", { addresses: null }, () => getSdpAvailableVcenterAddresses({ connection }), "GET /vcenters/addresses with an unexpected shape: addresses: Invalid input: expected array, received null"],
  ["getSdpCfgwConnection", "GET", "/v1.0/:tenantId/servers/:id/cfgw_connection", { server: { id: ID } }, () => getSdpCfgwConnection({ serverId: ID, connection }), `GET /servers/${ID}/cfgw_connection with an unexpected shape: server.cfgw_connection: Invalid input: expected object, received undefined`],
];

describe("SDP answers of an unexpected shape", () => {
  it.each(CASES)("%s: one line naming the request and the field", async (_what, method, route, body, call, expected) => {
    emu.addFaults([{ method, path: route, kind: { type: "status", status: 200, body } }]);
    const error = (await call().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(`Smart Data Platform answered ${expected}`);
    expect(error.message).not.toContain("\n");
  });

  it("the Keystone answer too", async () => {
    emu.addFaults([{ method: "POST", path: "/v3/auth/tokens", kind: { type: "status", status: 201, headers: { "x-subject-token": "gAAAA-bent-token" }, body: { token: { catalog: [] } } } }]);
    const error = (await server.read!(ID, {}).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain("Smart Data Platform answered POST /v3/auth/tokens with an unexpected shape: token.expires_at: Invalid input: expected string, received undefined");
  });
});
