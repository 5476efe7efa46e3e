import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startNsxEmulator, type NsxEmulator } from "../../../emulators";
import { closeAllAgents } from "../../../providers/core/transport";
import { getVmGroupExecutionDetails } from "../../../providers/nsx/execution-details";

const PATH = "/api/v1/migration/vmgroup/actions/get_vm_group_execution_details";
const PAGE = `GET ${PATH}?group_id=group-1`;

let emu: NsxEmulator;
let connection: Record<string, string>;

beforeAll(async () => {
  emu = await startNsxEmulator();
  connection = { url: emu.url, username: emu.credentials.username, password: emu.credentials.password, caCert: emu.caCert ?? "" };
  emu.seedGroup("group-1", { map: [{ ls_id: "ls-1", vm_and_vnics_mapping: [{ vm_instance_id: "vm-1", vnics: ["4000"] }] }], failedVmInstanceIds: [] });
});
afterAll(async () => {
  await closeAllAgents();
  await emu.close();
});
beforeEach(() => emu.clearFaults());

const answer = (body: unknown) => ({ method: "GET", path: PATH, kind: { type: "status" as const, status: 200, body } });
const validPage = (cursor: string) => ({ cursor, result_count: 2, logical_switch_id_to_vm_instance_id_and_vnics_map: [{ ls_id: "ls-1", vm_and_vnics_mapping: [] }] });

describe("getVmGroupExecutionDetails: a 200 of an unexpected shape fails with one line naming the request and the first field that differs", () => {
  const cases: [string, unknown[], { federationSiteId?: string }, string][] = [
    ["the map is an object", [{ logical_switch_id_to_vm_instance_id_and_vnics_map: { ls_id: "ls-1" } }], {}, `${PAGE} with an unexpected shape: logical_switch_id_to_vm_instance_id_and_vnics_map: Invalid input: expected array, received object`],
    ["the failed VMs are one string", [{ failed_vm_instance_ids: "vm-9" }], {}, `${PAGE} with an unexpected shape: failed_vm_instance_ids: Invalid input: expected array, received string`],
    [
      "a VM id is a number on the second page",
      [validPage("c2"), { logical_switch_id_to_vm_instance_id_and_vnics_map: [{ ls_id: "ls-2", vm_and_vnics_mapping: [{ vm_instance_id: 7, vnics: ["4000"] }] }] }],
      {},
      `${PAGE}&cursor=c2 with an unexpected shape: logical_switch_id_to_vm_instance_id_and_vnics_map[0].vm_and_vnics_mapping[0].vm_instance_id: Invalid input: expected string, received number`,
    ],
    ["the body is a proxy's text page", ["<html>maintenance</html>"], { federationSiteId: "site-b" }, `${PAGE}&federation_site_id=site-b with an unexpected shape: the body: Invalid input: expected object, received string`],
  ];

  it.each(cases)("%s", async (_name, bodies, extra, expected) => {
    emu.addFaults(bodies.map(answer));
    const error = (await getVmGroupExecutionDetails({ groupId: "group-1", connection, ...extra }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("UnexpectedAnswerError");
    expect(error.message).toBe(`NSX Manager answered ${expected}`);
    expect(error.message).not.toContain("\n");
  });
});
