/**
 * Pins the NSX emulator's answers to the seed (../shared/seeds/nsxt-vmgroup-execution-details.txt,
 * quoted below with its line numbers) and, where the seed only names a type
 * (`VmGroupExecutionDetailsSpec+`, `VmGroupExecutionDetails+`, l.35 and l.44), to NSX-T's own
 * reference of that type (developer.broadcom.com/xapis/nsx-t-data-center-rest-api, pages
 * schemas_VmGroupExecutionDetails, schemas_VmGroupExecutionDetailsSpec, schemas_LsIdToVmAndVnicsMapping,
 * schemas_VmToVnicsMapping, types_RelatedApiError). Raw HTTP (undici `request`, an Agent trusting
 * the emulator's certificate), never the provider's client, so that what the provider happens to
 * parse cannot shape what is checked here.
 */
import { Agent, request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startNsxEmulator, type NsxEmulator } from "../../emulators";

// Seed l.27-31: "Request: Method: GET URI Path(s): /api/v1/migration/vmgroup/actions/get_vm_group_execution_details".
const PATH = "/api/v1/migration/vmgroup/actions/get_vm_group_execution_details";
// Seed l.9-10: the VIF id is "vmInstanceUuid + ':' + str(vnic)", e.g. "52630e5d-ce6f-fac0-424c-4aa4bdf6bd56:4001".
const VM = "52630e5d-ce6f-fac0-424c-4aa4bdf6bd56";

let emu: NsxEmulator;
let agent: Agent;

beforeAll(async () => {
  emu = await startNsxEmulator();
  agent = new Agent({ connect: { ca: emu.caCert } });
  emu.seedGroup("web", {
    map: ["ls-1", "ls-2", "ls-3", "ls-4", "ls-5"].map((ls, i) => ({ ls_id: ls, vm_and_vnics_mapping: [{ vm_instance_id: i === 0 ? VM : `vm-${i}`, vnics: ["4000", "4001"] }] })),
    failedVmInstanceIds: ["vm-gone"],
  });
  emu.seedGroup("db", { map: [{ ls_id: "ls-db", vm_and_vnics_mapping: [{ vm_instance_id: "vm-db", vnics: ["4000"] }] }], failedVmInstanceIds: [] });
  emu.seedGroup("db", { map: [{ ls_id: "ls-site-b", vm_and_vnics_mapping: [] }], failedVmInstanceIds: [] }, "site-b");
});
afterAll(async () => {
  await agent.close();
  await emu.close();
});
beforeEach(() => {
  emu.clearFaults();
  emu.setKnobs({ pageSize: 100 });
});

/** Runs `body` with the coordinator knob set, then puts it back to "ready". */
async function withCoordinator(state: "busy" | "failing" | "stopped", body: () => Promise<void>): Promise<void> {
  emu.setKnobs({ coordinator: state });
  try {
    await body();
  } finally {
    emu.setKnobs({ coordinator: "ready" });
  }
}

interface Answer {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;

async function get(query: Record<string, string>, authorization: string | null = basic(emu.credentials.username, emu.credentials.password)): Promise<Answer> {
  const qs = new URLSearchParams(query).toString();
  const res = await request(`${emu.url}${PATH}${qs ? `?${qs}` : ""}`, { method: "GET", headers: authorization === null ? {} : { authorization }, dispatcher: agent });
  const text = await res.body.text();
  return { status: res.statusCode, contentType: String(res.headers["content-type"] ?? ""), body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** The shape of a JSON value: objects by their keys (recursively), arrays by their first item, scalars by type. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shape(value[0])] : [];
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.keys(value).sort().map((k) => [k, shape((value as Record<string, unknown>)[k])]));
  return value === null ? "null" : typeof value;
}

// VmGroupExecutionDetails (seed l.44) as NSX's schema gives it: `cursor` string ("Opaque cursor to be
// used for getting next page of records"), `result_count` integer ("Count of results found (across
// all pages), set only on first page"), `failed_vm_instance_ids` array of string, and
// `logical_switch_id_to_vm_instance_id_and_vnics_map` array of LsIdToVmAndVnicsMapping {ls_id
// string, vm_and_vnics_mapping array of VmToVnicsMapping {vm_instance_id string, vnics array of
// string}}; additionalProperties false. Seed l.3 names the map list and the failed list.
const MAP_SHAPE = [{ ls_id: "string", vm_and_vnics_mapping: [{ vm_instance_id: "string", vnics: ["string"] }] }];

// NSX's error body. The schema (ApiError / RelatedApiError) gives error_code (integer), error_message,
// module_name (and optional details, error_data, related_errors); real answers add httpStatus, the
// status's name, e.g. a migration-coordinator 400 quoted in sapcc/networking-nsx-t
// (networking_nsxv3/plugins/ml2/drivers/nsxv3/agent, its MP-to-Policy provider):
// {"httpStatus" : "BAD_REQUEST", "error_code" : 30722, "module_name" : "migration-coordinator",
//  "error_message" : "Migration coordinator backend is busy. Please try again after some time."}
const API_ERROR_SHAPE = { error_code: "number", error_message: "string", httpStatus: "string", module_name: "string" };

describe("NSX emulator contract: get_vm_group_execution_details", () => {
  it("answers GET with HTTP Basic credentials: 200, application/json, the VmGroupExecutionDetails fields (seed l.27-44)", async () => {
    const res = await get({ group_id: "db" });
    // Seed l.38-42: "Response Code: 200 OK", "Content-type: application/json".
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/json/);
    // One page (the last): no cursor; result_count on the first page.
    expect(shape(res.body)).toEqual({ logical_switch_id_to_vm_instance_id_and_vnics_map: MAP_SHAPE, result_count: "number" });
    expect(res.body).toEqual({ result_count: 1, logical_switch_id_to_vm_instance_id_and_vnics_map: [{ ls_id: "ls-db", vm_and_vnics_mapping: [{ vm_instance_id: "vm-db", vnics: ["4000"] }] }] });
  });

  it("vnics are the device keys as strings, from which the seed forms the VIF id (l.8-10)", async () => {
    const res = await get({ group_id: "web" });
    const first = (res.body.logical_switch_id_to_vm_instance_id_and_vnics_map as { vm_and_vnics_mapping: { vm_instance_id: string; vnics: unknown[] }[] }[])[0].vm_and_vnics_mapping[0];
    expect(first.vm_instance_id).toBe(VM);
    expect(first.vnics).toEqual(["4000", "4001"]);
    expect(`${first.vm_instance_id}:${String(first.vnics[1])}`).toBe("52630e5d-ce6f-fac0-424c-4aa4bdf6bd56:4001");
  });

  it("lists the VMs not found in the source VC in failed_vm_instance_ids, an optional list (seed l.3): absent when every VM was found", async () => {
    const web = await get({ group_id: "web" });
    expect(web.body.failed_vm_instance_ids).toEqual(["vm-gone"]);
    expect(shape(web.body)).toEqual({ failed_vm_instance_ids: ["string"], logical_switch_id_to_vm_instance_id_and_vnics_map: MAP_SHAPE, result_count: "number" });
    const db = await get({ group_id: "db" });
    expect(db.body).not.toHaveProperty("failed_vm_instance_ids");
  });

  it("pages by an opaque cursor string; result_count counts across all pages and is set only on the first page (VmGroupExecutionDetails extends ListResult)", async () => {
    emu.setKnobs({ pageSize: 2 });
    const pages: Answer[] = [await get({ group_id: "web" })];
    while (typeof pages[pages.length - 1].body.cursor === "string") pages.push(await get({ group_id: "web", cursor: String(pages[pages.length - 1].body.cursor) }));
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
    expect(pages.map((p) => shape(p.body))).toEqual([
      { cursor: "string", failed_vm_instance_ids: ["string"], logical_switch_id_to_vm_instance_id_and_vnics_map: MAP_SHAPE, result_count: "number" },
      { cursor: "string", failed_vm_instance_ids: ["string"], logical_switch_id_to_vm_instance_id_and_vnics_map: MAP_SHAPE },
      { failed_vm_instance_ids: ["string"], logical_switch_id_to_vm_instance_id_and_vnics_map: MAP_SHAPE },
    ]);
    expect(pages[0].body.result_count).toBe(5);
    expect(pages.flatMap((p) => (p.body.logical_switch_id_to_vm_instance_id_and_vnics_map as { ls_id: string }[]).map((e) => e.ls_id))).toEqual(["ls-1", "ls-2", "ls-3", "ls-4", "ls-5"]);
  });

  it("federation_site_id is optional and selects the group of that Federation site (VmGroupExecutionDetailsSpec, seed l.35)", async () => {
    const site = await get({ group_id: "db", federation_site_id: "site-b" });
    expect(site.status).toBe(200);
    expect(site.body.logical_switch_id_to_vm_instance_id_and_vnics_map).toEqual([{ ls_id: "ls-site-b", vm_and_vnics_mapping: [] }]);
  });

  it("group_id is required (VmGroupExecutionDetailsSpec, seed l.35: group_id required: true): 400 with NSX's error body", async () => {
    for (const query of [{}, { group_id: "" }, { federation_site_id: "site-b" }] as Record<string, string>[]) {
      const res = await get(query);
      expect(res.status).toBe(400);
      expect(res.contentType).toMatch(/^application\/json/);
      expect(shape(res.body)).toEqual(API_ERROR_SHAPE);
      expect(res.body.httpStatus).toBe("BAD_REQUEST");
      expect(String(res.body.error_message)).toContain("group_id");
    }
  });

  it("an unknown group: 404 with NSX's not-found body (error_code 600, common-services)", async () => {
    const res = await get({ group_id: "no-such-group" });
    expect(res.status).toBe(404);
    // NSX's not-found answer as VMware's NSX guide shows it ("Check the Realized State of an IPSec VPN
    // Session": error_code 600, module_name common-services, "Object identifiers are case sensitive").
    expect(res.body).toEqual({ httpStatus: "NOT_FOUND", error_code: 600, module_name: "common-services", error_message: "The requested object : no-such-group could not be found. Object identifiers are case sensitive." });
  });

  it("authenticates with HTTP Basic: wrong or missing credentials are 403 with common-services' body, before the query is looked at", async () => {
    // vmware-tanzu/nsx-operator pkg/nsx/endpoint_test.go: NSX answers a rejected login 403 with
    // {"module_name":"common-services","error_message":"The credentials were incorrect or the account specified has been locked.","error_code":403}.
    const rejected = { module_name: "common-services", error_message: "The credentials were incorrect or the account specified has been locked.", error_code: 403 };
    for (const authorization of [basic(emu.credentials.username, "Wrong-Passw0rd"), basic("nobody", emu.credentials.password), null, "Bearer abc"]) {
      for (const query of [{ group_id: "db" }, {}] as Record<string, string>[]) {
        const res = await get(query, authorization);
        expect(res.status).toBe(403);
        expect(res.body).toEqual(rejected);
      }
    }
  });

  it("a busy migration coordinator: 400 BAD_REQUEST, error_code 30722, module migration-coordinator (as sapcc/networking-nsx-t quotes it)", async () => {
    await withCoordinator("busy", async () => {
      const res = await get({ group_id: "db" });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ httpStatus: "BAD_REQUEST", error_code: 30722, module_name: "migration-coordinator", error_message: "Migration coordinator backend is busy. Please try again after some time." });
    });
  });

  it("500 and 503 carry NSX's error body with the status's name (bodies beyond the ApiError fields unconfirmed)", async () => {
    for (const [coordinator, status, name] of [["failing", 500, "INTERNAL_SERVER_ERROR"], ["stopped", 503, "SERVICE_UNAVAILABLE"]] as const) {
      await withCoordinator(coordinator, async () => {
        const res = await get({ group_id: "db" });
        expect(res.status).toBe(status);
        expect(res.contentType).toMatch(/^application\/json/);
        expect(shape(res.body)).toEqual(API_ERROR_SHAPE);
        expect(res.body).toMatchObject({ httpStatus: name, error_code: status, module_name: "migration-coordinator" });
      });
    }
  });

  it("a cursor that this group never handed out is a 400 with NSX's error body", async () => {
    const res = await get({ group_id: "db", cursor: "99" });
    expect(res.status).toBe(400);
    expect(shape(res.body)).toEqual(API_ERROR_SHAPE);
    expect(res.body.httpStatus).toBe("BAD_REQUEST");
  });
});
