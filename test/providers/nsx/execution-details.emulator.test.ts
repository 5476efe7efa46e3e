import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNsxEmulator, type NsxEmulator } from "../../../emulators";
import { ConfigError } from "../../../providers/core/errors";
import { closeAllAgents } from "../../../providers/core/transport";
import { getVmGroupExecutionDetails, getVmGroupExecutionDetailsOutput } from "../../../providers/nsx/execution-details";

let emu: NsxEmulator;
let connection: Record<string, string>;

beforeAll(async () => {
  emu = await startNsxEmulator({ knobs: { pageSize: 2 } });
  connection = { url: emu.url, username: emu.credentials.username, password: emu.credentials.password, caCert: emu.caCert ?? "" };
  emu.seedGroup("group-1", {
    map: ["ls-1", "ls-2", "ls-3", "ls-4", "ls-5"].map((ls, i) => ({ ls_id: ls, vm_and_vnics_mapping: [{ vm_instance_id: `vm-${i}`, vnics: ["4000", "4001"] }] })),
    failedVmInstanceIds: ["vm-missing"],
  });
  emu.seedGroup("group-1", { map: [{ ls_id: "ls-site", vm_and_vnics_mapping: [] }], failedVmInstanceIds: [] }, "site-b");
});
afterAll(async () => {
  await closeAllAgents();
  await emu.close();
});

describe("getVmGroupExecutionDetails", () => {
  it("follows the cursor across pages with basic auth and returns the map and failed VMs", async () => {
    const details = await getVmGroupExecutionDetails({ groupId: "group-1", connection });
    expect(details.logicalSwitchIdToVmInstanceIdAndVnicsMap.map((e) => e.lsId)).toEqual(["ls-1", "ls-2", "ls-3", "ls-4", "ls-5"]);
    expect(details.logicalSwitchIdToVmInstanceIdAndVnicsMap[0].vmAndVnicsMapping).toEqual([{ vmInstanceId: "vm-0", vnics: ["4000", "4001"] }]);
    expect(details.failedVmInstanceIds).toEqual(["vm-missing"]);
    const calls = emu.requests();
    expect(calls.map((c) => c.query.cursor)).toEqual([undefined, "2", "4"]);
    expect(calls.every((c) => c.headers.authorization === "Basic <redacted>" && c.query.group_id === "group-1")).toBe(true);
  });

  it("passes the federation site, also through the Output variant", async () => {
    const details = await new Promise((resolve) => getVmGroupExecutionDetailsOutput({ groupId: "group-1", federationSiteId: "site-b", connection }).apply(resolve));
    expect(details).toEqual({ logicalSwitchIdToVmInstanceIdAndVnicsMap: [{ lsId: "ls-site", vmAndVnicsMapping: [] }], failedVmInstanceIds: [] });
  });

  it("reports NSX's error message for an unknown group and for wrong credentials, without the password", async () => {
    await expect(getVmGroupExecutionDetails({ groupId: "nope", connection })).rejects.toThrow(
      "The requested object : nope could not be found. Object identifiers are case sensitive. [NSX Manager 600, HTTP 404, GET /api/v1/migration/vmgroup/actions/get_vm_group_execution_details]",
    );
    const error = (await getVmGroupExecutionDetails({ groupId: "group-1", connection: { ...connection, password: "Wrong-Nsx-Passw0rd" } }).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/credentials were incorrect/);
    expect(`${error.message}${error.stack}`).not.toContain("Wrong-Nsx-Passw0rd");
  });

  it("says which connection settings are missing and where to set each, without sending anything", async () => {
    const before = emu.requests().length;
    const error = (await getVmGroupExecutionDetails({ groupId: "group-1", connection: { url: emu.url } }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe("NSX Manager connection is incomplete: missing username and password. Set nsx:username, NSX_USERNAME; nsx:password, NSX_PASSWORD — or the function's `connection` argument.");
    expect(emu.requests()).toHaveLength(before);
  });

  it("requires a group id", async () => {
    await expect(getVmGroupExecutionDetails({ groupId: "", connection })).rejects.toThrow(/groupId is required/);
  });
});
