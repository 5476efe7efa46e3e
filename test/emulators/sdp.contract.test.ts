/**
 * The SDP emulator's answers pinned to the seed's own example bodies
 * (../shared/seeds/sdp-dedicated-hypervisor-api.txt, quoted below with their line numbers): status,
 * envelope, field names and types, error bodies. Raw HTTP (undici `request` after a Keystone
 * token), never the provider's client, so that what the provider parses cannot shape what is
 * checked here.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSdpEmulator, type SdpEmulator } from "../../emulators";
import { shapeDiff, type Json, type Leeway } from "./shape";

let emu: SdpEmulator;
let token = "";


async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await request(`${emu.url}${path}`, {
    method: method as "GET",
    headers: { "content-type": "application/json", ...(token ? { "x-auth-token": token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (path === "/v3/auth/tokens") token = String(res.headers["x-subject-token"] ?? "");
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? (JSON.parse(text) as Json) : null };
}
const t = (path: string) => `/v1.0/${emu.credentials.tenantId}${path}`;


/** Seed l.477-481 (Delete Server's sample, the one error body the seed shows): `{"badRequest": {"code": 400, "message": "Request Parameter Error:\\n"}}`. */
const BAD_REQUEST = { badRequest: { code: 400, message: "Request Parameter Error:\\n" } } satisfies Record<string, Json>;
/** The same shape for any error: one key naming the kind, with the HTTP status as `code`. */
function expectErrorBody(answer: { status: number; body: Json }, status: number): void {
  expect(answer.status).toBe(status);
  const entries = Object.entries(answer.body as Record<string, Json>);
  expect(entries).toHaveLength(1);
  expect(shapeDiff(BAD_REQUEST.badRequest, entries[0][1])).toEqual([]);
  expect((entries[0][1] as { code: number }).code).toBe(status);
}

/** Seed l.305-453 ("Show Server" 200), also the element of l.132-283 and the answer of l.513-661. */
const SERVER_DETAIL: Json = {
  id: "string",
  name: "new-server-test",
  description: "hogehoge",
  hypervisor_type: "vsphere_esxi",
  imageRef: "string",
  image_name: "string",
  status: "ACTIVE",
  baremetal_server: {
    "OS-EXT-STS:power_state": "RUNNING",
    "OS-EXT-STS:task_state": "None",
    "OS-EXT-STS:vm_state": "ACTIVE",
    "OS-EXT-AZ:availability_zone": "zone1-groupa",
    created: "2025-07-01T09:27:18Z",
    flavor: { id: "string", links: [{ rel: "bookmark" }] },
    id: "string",
    image: { id: "string", links: [{ rel: "bookmark" }] },
    links: [{ rel: "self" }, { rel: "bookmark" }],
    metadata: { "My Server Name": "Apache1" },
    name: "new-server-test",
    progress: 0,
    status: "ACTIVE",
    tenant_id: "aaa8749130bc3d2886d6b9bb3fcb1715",
    updated: "2025-07-01T09:27:18Z",
    user_id: "fake",
    raid_arrays: [
      {
        primary_storage: true,
        raid_card_hardware_id: "fakeraid_card_uuid",
        disk_hardware_ids: ["disk0_uuid", "disk1_uuid", "disk2_uuid", "disk3_uuid"],
        partitions: [
          { lvm: true, partition_label: "partition_label" },
          { lvm: false, size: "100G", partition_label: "var" },
        ],
      },
      {
        primary_storage: false,
        raid_card_hardware_id: "fakeraid_card_uuid",
        disk_hardware_ids: ["disk4_uuid", "disk5_uuid", "disk6_uuid", "disk7_uuid"],
        raid_level: 10,
        partitions: [{ lvm: true, partition_label: "secondary-part1" }],
      },
    ],
    lvm_volume_groups: [{ vg_label: "VG_root", physical_volume_partition_labels: ["primary-part1", "secondary-part1"], logical_volumes: [{ lv_label: "LV_root" }, { size: "2G", lv_label: "LV_swap" }] }],
    filesystems: [
      { label: "LV_root", mount_point: "/", fs_type: "xfs" },
      { label: "var", mount_point: "/var", fs_type: "xfs" },
      { label: "LV_swap", mount_point: "swap" },
    ],
    nic_physical_ports: [
      {
        id: "39285bf9-12fb-4064-b98b-a552efc51cfc",
        mac_addr: "0a:31:c1:d5:6d:9c",
        network_physical_port_id: "38268d94-584a-4f14-96ff-732a68aa7301",
        plane: "data",
        attached_ports: [{ port_id: "61b7da1e-9571-4d63-b779-e003a56b8105", network_id: "9aa93722-1ec4-4912-b813-b975c21460a5", fixed_ips: [{ subnet_id: "0419bbde-2b82-4107-9d8a-6bba76e364af", ip_address: "192.168.10.2" }] }],
        hardware_id: "063468e8-61ab-4afd-be38-c937254aeb9a",
      },
    ],
    "chassis-status": { "chassis-power": true, "power-supply": true, cpu: true, memory: true, fan: true, disk: 0, nic: true, "system-board": true, etc: true },
    media_attachments: [{ image: { id: "3339fd5f-ec06-4ef8-9337-c1c70218a748", links: [{ rel: "bookmark" }] } }],
  },
  cfgw_connection_status: true,
};

/** Seed l.64-85 ("Create Server" request sample). */
const CREATE_SERVER = {
  server: {
    name: "server-test-1",
    description: "string",
    adminPass: "aabbccddeeff",
    imageRef: "b5660a6e-4b46-4be3-9707-6b47221b454f",
    flavorRef: "05184ba3-00ba-4fbc-b7a2-03b62b884931",
    networks: [
      { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a22", fixed_ip: "10.0.0.100", segmentation_id: 2001 },
      { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a22", fixed_ip: "10.0.0.101", segmentation_id: 2001 },
    ],
    availability_zone: "zone1-groupa",
    metadata: { foo: "bar" },
  },
};

/** Seed l.1054-1059 ("Register vCenter Information" request sample). */
const REGISTER_VCENTER = { vcenter: { link_local_address: "169.254.127.132", password: "hogehoge", license_id: "bac8b95f-77b9-439a-ac43-53566502ff3f" } };
/** Seed l.1068-1077 (its 200), also the answer of "Update Registered vCenter Information" (l.1111-1120). */
const VCENTER_REGISTERED: Json = {
  vcenter: { id: "5eee721d-7390-4ed7-858b-2997e72e799e", link_local_address: "169.254.127.132", metering_health: null, metering_health_error_type: null, version: null, instance_name: null, license_id: "bac8b95f-77b9-439a-ac43-53566502ff3f" },
};
/** Seed l.1199-1208: one contract (also the answer of Manage, l.1278-1287, and of the renewal PUT, l.1317-1325). */
const CONTRACT: Json = { contract_year: 1, contract_renewal: true, cores: 16, start_month: "2025-10", end_month: "2026-09", pending_cores: 32, cores_in_next_month: 48 };

beforeAll(async () => {
  // Metering runs at once (meteringMs 0): only the registration's own answer has it null (l.1071-1074).
  emu = await startSdpEmulator({ tls: false, knobs: { buildMs: 150, deleteMs: 50, meteringMs: 0 } });
  // The Keystone token (not in the seed; nttcom/eclcloud): X-Subject-Token, sent as X-Auth-Token.
  const login = await call("POST", "/v3/auth/tokens", {
    auth: { identity: { methods: ["password"], password: { user: { name: emu.credentials.username, password: emu.credentials.password, domain: { name: "Default" } } } }, scope: { project: { id: emu.credentials.tenantId } } },
  });
  expect(login.status).toBe(201);
  expect(token).not.toBe("");
});
afterAll(async () => {
  await emu.close();
});

const until = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("SDP emulator answers as the seed's samples", () => {
  let serverId = "";

  it("Create Server: 200 with l.94-105 {server: {id, links, name, adminPass}}", async () => {
    const made = await call("POST", t("/servers"), CREATE_SERVER);
    expect(made.status).toBe(200);
    const sample: Json = { server: { id: "05184ba3-00ba-4fbc-b7a2-03b62b884931", links: [{ rel: "self" }, { rel: "bookmark" }], name: "new-server-test", adminPass: "aabbccddeeff" } };
    expect(shapeDiff(sample, made.body)).toEqual([]);
    serverId = ((made.body as { server: { id: string } }).server).id;
  });

  it("Delete Server during BUILD: 409 (l.474; deletable 'when ... ACTIVE or ERROR', l.456) in the error body of l.477-481", async () => {
    expectErrorBody(await call("DELETE", t(`/servers/${serverId}`)), 409);
  });

  it("List Servers: 200 with l.30-47", async () => {
    const sample: Json = { servers: [{ id: "string", name: "new-server-test", links: [], baremetal_server: { id: "string", links: [{ rel: "self" }, { rel: "bookmark" }], name: "new-server-test" } }] };
    const listed = await call("GET", t("/servers"));
    expect(listed.status).toBe(200);
    expect(shapeDiff(sample, listed.body)).toEqual([]);
  });

  it("Show Server, List Servers Detail and Update Server: 200 with the detail of l.305-453", async () => {
    await until(250);
    // Metadata keys are the user's (l.168-170 vs the request's l.81-83); no media is attached here.
    const leeway = (root: string): Leeway => ({ opaque: [`${root}.baremetal_server.metadata`], mayBeEmpty: [`${root}.baremetal_server.media_attachments`] });
    const shown = await call("GET", t(`/servers/${serverId}`));
    expect(shown.status).toBe(200);
    expect(shapeDiff({ server: SERVER_DETAIL }, shown.body, leeway("$.server"))).toEqual([]);
    const detail = await call("GET", t("/servers/detail"));
    expect(detail.status).toBe(200);
    expect(shapeDiff({ servers: [SERVER_DETAIL] }, detail.body, leeway("$.servers[]"))).toEqual([]);
    // Request sample l.500-503.
    const updated = await call("PUT", t(`/servers/${serverId}`), { server: { name: "server-test-1" } });
    expect(updated.status).toBe(200);
    expect(shapeDiff({ server: SERVER_DETAIL }, updated.body, leeway("$.server"))).toEqual([]);
  });

  it("Show and Update CFGW Connection: 200 with l.968-977 and l.997-1006", async () => {
    const cfgw: Json = { id: "string", cfgw_connection: { status: true, error_type: null, last_established_at: "2022-07-20T06:26:00.000Z", updated_at: "2022-07-20T06:26:00.000Z" } };
    const shown = await call("GET", t(`/servers/${serverId}/cfgw_connection`));
    expect(shown.status).toBe(200);
    expect(shapeDiff({ server: cfgw }, shown.body)).toEqual([]);
    // The update takes no body (the seed gives none, l.978-982) and is a POST, as eclsdk server.py:151-167 sends it.
    const updated = await call("POST", t(`/servers/${serverId}/cfgw_connection`));
    expect(updated.status).toBe(200);
    expect(shapeDiff({ server: cfgw, info: "Successfully updated" }, updated.body)).toEqual([]);
    expect((updated.body as { info: string }).info).toBe("Successfully updated");
    expect((await call("PUT", t(`/servers/${serverId}/cfgw_connection`))).status).toBe(404);
  });

  it("Show and Update CFGW Connection of a connection that is down: status false with its error_type, re-established by the update", async () => {
    emu.breakCfgw(serverId, "EMULATED_LINK_DOWN");
    const down = await call("GET", t(`/servers/${serverId}/cfgw_connection`));
    expect(down.body).toMatchObject({ server: { id: serverId, cfgw_connection: { status: false, error_type: "EMULATED_LINK_DOWN" } } });
    // Seed l.280, l.452: the server's own flag agrees.
    expect(((await call("GET", t(`/servers/${serverId}`))).body as { server: { cfgw_connection_status: boolean } }).server.cfgw_connection_status).toBe(false);
    const updated = await call("POST", t(`/servers/${serverId}/cfgw_connection`));
    expect(updated.body).toMatchObject({ server: { cfgw_connection: { status: true, error_type: null } }, info: "Successfully updated" });
    emu.breakCfgw(serverId, "EMULATED_STICKY", { sticky: true });
    const still = await call("POST", t(`/servers/${serverId}/cfgw_connection`));
    expect(still.status).toBe(200);
    expect(still.body).toMatchObject({ server: { cfgw_connection: { status: false, error_type: "EMULATED_STICKY" } }, info: "Successfully updated" });
    emu.breakCfgw(serverId, "EMULATED_LINK_DOWN");
    expect((await call("POST", t(`/servers/${serverId}/cfgw_connection`))).body).toMatchObject({ server: { cfgw_connection: { status: true } } });
  });

  it("Add License to VM: 200 with l.945-946 {job_id} for the request of l.929-936", async () => {
    const job = await call("POST", t(`/servers/${serverId}/action`), { "add-license-to-vm": { vm_id: "cd898512-d145-4198-a256-9c1351cd4fcf", license_types: ["Windows Server"] } });
    expect(job.status).toBe(200);
    expect(shapeDiff({ job_id: "b4f888dc2b9d4c41bb769cbd" }, job.body)).toEqual([]);
    // Its result is not sampled in the seed: nttcom/eclcloud ecl/dedicated_hypervisor/v1/servers/testing/fixtures.go (GetAddLicenseResultResponse).
    const result = await call("POST", t(`/servers/${serverId}/action`), { "get-result-for-add-license-to-vm": { job_id: (job.body as { job_id: string }).job_id } });
    expect(result.status).toBe(200);
    expect(shapeDiff({ job_id: "b4f888dc2b9d4c41bb769cbd", status: "COMPLETED", requested_param: { vm_id: "cd898512-d145-4198-a256-9c1351cd4fcf", license_types: ["Windows Server"] } }, result.body)).toEqual([]);
  });

  it("Get Result for add license to VM: requested_param as eclcloud's fixture (vm_name), a running job, a failed one and an unknown one", async () => {
    const action = t(`/servers/${serverId}/action`);
    const result = async (jobId: string) => call("POST", action, { "get-result-for-add-license-to-vm": { job_id: jobId } });
    // nttcom/eclcloud v4/ecl/dedicated_hypervisor/v1/servers/testing/fixtures.go:601-636 (AddLicenseRequest, GetAddLicenseResultResponse), verbatim values.
    const byName = await call("POST", action, { "add-license-to-vm": { vm_name: "Alice", license_types: ["Windows Server", "SQL Server 2014 Standard Edition"] } });
    const jobId = (byName.body as { job_id: string }).job_id;
    expect((await result(jobId)).body).toEqual({ job_id: jobId, status: "COMPLETED", requested_param: { vm_name: "Alice", license_types: ["Windows Server", "SQL Server 2014 Standard Edition"] } });
    // By vm_id: requested_param echoes vm_id (in no fixture; the Go RequestedParam has vm_name only).
    const byId = await call("POST", action, { "add-license-to-vm": { vm_id: "cd898512-d145-4198-a256-9c1351cd4fcf", license_types: ["Windows Server"] } });
    expect(((await result((byId.body as { job_id: string }).job_id)).body as { requested_param: Json }).requested_param).toEqual({ vm_id: "cd898512-d145-4198-a256-9c1351cd4fcf", license_types: ["Windows Server"] });
    // Both or neither of vm_id and vm_name (eclsdk _proxy.py:215-226: "Specify either vm_id or vm_name"): a 400 in the seed's error shape.
    expectErrorBody(await call("POST", action, { "add-license-to-vm": { vm_id: "x", vm_name: "y", license_types: ["Windows Server"] } }), 400);
    expectErrorBody(await call("POST", action, { "add-license-to-vm": { license_types: ["Windows Server"] } }), 400);
    // Running (status RUNNING: no public source names it) until jobMs has passed on the emulator clock.
    emu.setKnobs({ jobMs: 60_000 });
    const slow = (await call("POST", action, { "add-license-to-vm": { vm_name: "slow", license_types: ["Windows Server"] } })).body as { job_id: string };
    expect(((await result(slow.job_id)).body as { status: string }).status).toBe("RUNNING");
    emu.advanceClock(60_000);
    expect(((await result(slow.job_id)).body as { status: string }).status).toBe("COMPLETED");
    // Failed (status and message invented): the failJobs knob, or a vm_name starting with "fail-".
    emu.setKnobs({ jobMs: 0, failJobs: true });
    const failing = (await call("POST", action, { "add-license-to-vm": { vm_name: "any", license_types: ["Windows Server"] } })).body as { job_id: string };
    emu.setKnobs({ failJobs: false });
    const failed = (await call("POST", action, { "add-license-to-vm": { vm_name: "fail-vm", license_types: ["Windows Server"] } })).body as { job_id: string };
    for (const id of [failing.job_id, failed.job_id]) expect((await result(id)).body).toMatchObject({ job_id: id, status: "FAILED", message: expect.stringContaining("could not be added") });
    // An unknown or forgotten job: 404 in the itemNotFound shape.
    expectErrorBody(await result("000000000000000000000000"), 404);
    emu.setKnobs({ forgottenJobs: [jobId] });
    expectErrorBody(await result(jobId), 404);
    emu.setKnobs({ forgottenJobs: [] });
  });

  it("Delete Server once ACTIVE: 204 No Content (l.461)", async () => {
    const deleted = await call("DELETE", t(`/servers/${serverId}`));
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeNull();
  });

  it("List LicenseTypes: 200 with exactly the types of l.779-803", async () => {
    const types = await call("GET", t("/license_types"));
    expect(types.status).toBe(200);
    expect(types.body).toEqual({
      license_types: [
        { id: "69fcba22209347719e764e3eba862db1", name: "vCenter Server 5.5 Standard", has_license_key: true, license_switch: false, unit: "license", description: "vCenter Server 5.5 Standard" },
        { id: "69fcba22209347719e764e3eba862db2", name: "SQL Server 2014 Standard Edition", has_license_key: false, license_switch: true, unit: "vCPU", description: "SQL Server 2014 Standard Edition" },
        { id: "69fcba22209347719e764e3eba862db3", name: "Windows Server", has_license_key: false, license_switch: false, unit: "VM", description: "Windows Server 2008 - 2012 R2" },
      ],
    });
  });

  it("Create and List Licenses: 200 with l.726-733 and l.684-699, the type echoed as 'vCenter.Server 5.5 Standard'; Delete 204 (l.740)", async () => {
    const license: Json = { id: "string", key: "4fbc-b7a2-03b62b884931aaaaaaaaa", assigned_from: "2016-06-01T00:00:00.000Z", expires_at: "2016-07-01T00:00:00.000Z", license_type: "vCenter.Server 5.5 Standard" };
    const made = await call("POST", t("/licenses"), { license_type: "vCenter Server 5.5 Standard" }); // request sample l.716
    expect(made.status).toBe(200);
    expect(shapeDiff({ license }, made.body)).toEqual([]);
    expect((made.body as { license: { license_type: string } }).license.license_type).toBe("vCenter.Server 5.5 Standard");
    const listed = await call("GET", t(`/licenses?license_type=${encodeURIComponent("vCenter Server 5.5 Standard")}`)); // query example l.669
    expect(listed.status).toBe(200);
    expect(shapeDiff({ licenses: [license] }, listed.body)).toEqual([]);
    const id = (made.body as { license: { id: string } }).license.id;
    expect((await call("DELETE", t(`/licenses/${id}`))).status).toBe(204);
  });

  it("Create License of an unknown type: 400 in the body of l.477-481", async () => {
    const refused = await call("POST", t("/licenses"), { license_type: "vCenter 9 Ultimate" });
    expectErrorBody(refused, 400);
    expect((refused.body as { badRequest: { message: string } }).badRequest.message).toMatch(/^Request Parameter Error:/);
  });

  it("List Usages and Show Usage Histories: 200 with l.826-857 and l.880-899", async () => {
    const made = await call("POST", t("/licenses"), { license_type: "Windows Server" });
    const usages = await call("GET", t("/usages"));
    expect(usages.status).toBe(200);
    const usage: Json = { id: "9da9116d-cc44-4ad8-aca5-7db398fcb477", type: "dedicated-hypervisor.guest-image.windows-server", value: 3, unit: "VM", name: "Windows Server", description: "Windows Server 2008 - 2012 R2", has_license_key: false, resource_id: "d-cc44-4ad8-aca5-cc44" };
    expect(shapeDiff({ tenant_id: "9da9116d-cc44-4ad8-aca5-7db398fcb477", usages: [usage] }, usages.body)).toEqual([]);
    const usageId = (usages.body as { usages: { id: string }[] }).usages[0].id;
    const histories = await call("GET", t(`/usages/${usageId}/histories`));
    expect(histories.status).toBe(200);
    const sample: Json = { tenant_id: "9da9116d-cc44-4ad8-aca5-7db398fcb477", unit: "VM", resource_id: "9da9116d-cc44-4ad8-aca5-7db398fcb488", license_type: "Windows Server", histories: [{ time: "2015-05-06 11:00:00", value: 0 }] };
    expect(shapeDiff(sample, histories.body)).toEqual([]);
    // "2015-05-06 11:00:00": date, a space, time (l.886).
    for (const h of (histories.body as { histories: { time: string }[] }).histories) expect(h.time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    await call("DELETE", t(`/licenses/${(made.body as { license: { id: string } }).license.id}`));
  });

  it("Register vCenter: 200 with l.1068-1077 (metering fields null until metering has run)", async () => {
    const registered = await call("POST", t("/vcenters"), REGISTER_VCENTER);
    expect(registered.status).toBe(200);
    expect(shapeDiff(VCENTER_REGISTERED, registered.body)).toEqual([]);
  });

  it("Register vCenter at an address in use: 400 (l.1044-1051 list no 409) in the body of l.477-481", async () => {
    expectErrorBody(await call("POST", t("/vcenters"), REGISTER_VCENTER), 400);
  });

  it("List vCenters, Update, Delete: 200 with l.1026-1037, 200 with l.1111-1120, 204 (l.1127)", async () => {
    const listed = await call("GET", t("/vcenters"));
    expect(listed.status).toBe(200);
    const vcenter: Json = { id: "string", link_local_address: "169.254.127.132", metering_health: false, metering_health_error_type: "CONNECTION_ERROR", version: "8.0.2.00400", instance_name: "production-vcenter", license_id: "bac8b95f-77b9-439a-ac43-53566502ff3f" };
    // The register and update samples (l.1071-1074, l.1114-1117) show these four as null; a healthy one has no error type.
    const nullable = (root: string) => ["metering_health", "metering_health_error_type", "version", "instance_name"].map((k) => `${root}.${k}`);
    expect(shapeDiff({ vcenters: [vcenter] }, listed.body, { nullable: nullable("$.vcenters[]") })).toEqual([]);
    expect((listed.body as { vcenters: { version: string | null }[] }).vcenters[0].version).toEqual(expect.any(String));
    const id = (listed.body as { vcenters: { id: string }[] }).vcenters[0].id;
    const updated = await call("PUT", t(`/vcenters/${id}`), REGISTER_VCENTER); // request sample l.1096-1101
    expect(updated.status).toBe(200);
    expect(shapeDiff({ vcenter }, updated.body, { nullable: nullable("$.vcenter") })).toEqual([]);
    expect((await call("DELETE", t(`/vcenters/${id}`))).status).toBe(204);
  });

  it("List Available IP Addresses of vCenter: 200 with l.1166-1178", async () => {
    const addresses = await call("GET", t("/vcenters/addresses"));
    expect(addresses.status).toBe(200);
    expect(shapeDiff({ addresses: [{ address: "169.254.127.132", in_use: true }] }, addresses.body)).toEqual([]);
  });

  it("Manage vSphere Contracts, Enable/Disable Renewal, List: 200 with l.1278-1287, l.1317-1325, l.1199-1224", async () => {
    const managed = await call("POST", t("/vsphere_contracts"), { vsphere_contract: { contract_year: 1, cores: 16 } }); // l.1265-1269
    expect(managed.status).toBe(200);
    expect(shapeDiff({ vsphere_contract: CONTRACT }, managed.body)).toEqual([]);
    const renewed = await call("PUT", t("/vsphere_contracts"), { vsphere_contract: { contract_year: 1, contract_renewal: true } }); // l.1304-1308
    expect(renewed.status).toBe(200);
    expect(shapeDiff({ vsphere_contract: CONTRACT }, renewed.body)).toEqual([]);
    expect((renewed.body as { vsphere_contract: { contract_renewal: boolean } }).vsphere_contract.contract_renewal).toBe(true);
    emu.seedContract({ contractYear: 3, startInMonths: -2, cores: 32 });
    const listed = await call("GET", t("/vsphere_contracts"));
    expect(listed.status).toBe(200);
    const sample: Json = { vsphere_contracts: [CONTRACT], all_server_cores: 64, vsphere_contracts_histories: [{ month: "2025-10", vsphere_contracts_summaries: [{ contract_year: 1, cores: 16 }, { contract_year: 3, cores: 32 }] }] };
    expect(shapeDiff(sample, listed.body)).toEqual([]);
    for (const c of (listed.body as { vsphere_contracts: { start_month: string; end_month: string }[] }).vsphere_contracts) {
      expect(c.start_month).toMatch(/^\d{4}-\d{2}$/); // "2025-10" (l.1204)
      expect(c.end_month).toMatch(/^\d{4}-\d{2}$/);
    }
  });

  it("a request without a valid token: 401 in the error shape of l.477-481", async () => {
    const saved = token;
    token = "bogus";
    try {
      expectErrorBody(await call("GET", t("/servers")), 401);
    } finally {
      token = saved;
    }
  });
});
