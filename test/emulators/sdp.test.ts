import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSdpEmulator, type SdpEmulator } from "../../emulators";

let emu: SdpEmulator;
let agent: Agent;
let token: string;

beforeAll(async () => {
  // Builds end when a test moves the emulated clock, never by the time a loaded machine takes.
  emu = await startSdpEmulator({ knobs: { buildMs: 600_000 } });
  agent = new Agent({ connect: { ca: emu.caCert } });
});
afterAll(async () => {
  await agent.close();
  await emu.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await request(`${emu.url}${path}`, {
    method: method as "GET",
    headers: { "content-type": "application/json", ...(token ? { "x-auth-token": token } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    dispatcher: agent,
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}
const t = (p: string) => `/v1.0/${emu.credentials.tenantId}${p}`;

describe("SDP emulator", () => {
  it("issues Keystone tokens with a dedicated-hypervisor catalog entry and rejects bad passwords", async () => {
    const auth = (password: string) => ({
      auth: { identity: { methods: ["password"], password: { user: { name: emu.credentials.username, password, domain: { name: "Default" } } } }, scope: { project: { id: emu.credentials.tenantId } } },
    });
    expect((await call("POST", "/v3/auth/tokens", auth("nope"))).status).toBe(401);
    const ok = await call("POST", "/v3/auth/tokens", auth(emu.credentials.password));
    expect(ok.status).toBe(201);
    token = String(ok.headers["x-subject-token"]);
    const catalog = (ok.body?.token as { catalog: { type: string; endpoints: { url: string }[] }[] }).catalog;
    expect(catalog.find((c) => c.type === "dedicated-hypervisor")?.endpoints[0].url).toBe(`${emu.url}/v1.0/${emu.credentials.tenantId}`);
    expect((await call("GET", t("/servers"), undefined, { "x-auth-token": "bogus" })).body).toEqual({ unauthorized: { code: 401, message: "Authentication required" } });
  });

  it("runs the server status machine and refuses deletion during BUILD", async () => {
    const made = await call("POST", t("/servers"), { server: { name: "esx", adminPass: "x".repeat(12), imageRef: "i", flavorRef: "f", networks: [{ uuid: "n", segmentation_id: 5 }] } });
    const id = (made.body?.server as { id: string }).id;
    expect(((await call("GET", t(`/servers/${id}`))).body?.server as { status: string }).status).toBe("BUILD");
    const early = await call("DELETE", t(`/servers/${id}`));
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ conflictingRequest: { code: 409 } });
    emu.advanceClock(600_000);
    expect(((await call("GET", t(`/servers/${id}`))).body?.server as { status: string }).status).toBe("ACTIVE");
    expect(JSON.stringify((await call("GET", t(`/servers/${id}`))).body)).not.toContain("x".repeat(12));
    const job = await call("POST", t(`/servers/${id}/action`), { "add-license-to-vm": { vm_id: "vm-1", license_types: ["Windows Server"] } });
    expect(job.body).toEqual({ job_id: expect.any(String) });
    expect((await call("POST", t(`/servers/${id}/action`), { "get-result-for-add-license-to-vm": { job_id: job.body?.job_id } })).body).toMatchObject({ status: "COMPLETED" });
    expect((await call("POST", t(`/servers/${id}/cfgw_connection`))).body).toMatchObject({ info: "Successfully updated", server: { cfgw_connection: { status: true } } });
    expect((await call("DELETE", t(`/servers/${id}`))).status).toBe(204);
  });

  it("answers bad requests in the documented shape", async () => {
    const bad = await call("POST", t("/licenses"), { license_type: "Nope" });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ badRequest: { code: 400, message: expect.stringMatching(/^Request Parameter Error/) } });
  });

  it("echoes license types in the spelling of the seed's samples, and filters by the requested name", async () => {
    // Seed l.716 requests "vCenter Server 5.5 Standard"; its answers (l.690, l.696, l.731) echo "vCenter.Server 5.5 Standard".
    const made = await call("POST", t("/licenses"), { license_type: "vCenter Server 5.5 Standard" });
    expect(made.status).toBe(200);
    expect((made.body?.license as { license_type: string }).license_type).toBe("vCenter.Server 5.5 Standard");
    const listed = await call("GET", t(`/licenses?license_type=${encodeURIComponent("vCenter Server 5.5 Standard")}`));
    expect((listed.body?.licenses as { id: string; license_type: string }[]).map((l) => l.license_type)).toContain("vCenter.Server 5.5 Standard");
    expect((listed.body?.licenses as { id: string }[]).map((l) => l.id)).toContain((made.body?.license as { id: string }).id);
  });

  it("answers a vCenter registration at an address in use with a 400 (the seed lists no 409 for register)", async () => {
    const vcenter = { link_local_address: "169.254.127.139", password: "Vcenter-Passw0rd", license_id: "bac8b95f-77b9-439a-ac43-53566502ff3f" };
    expect((await call("POST", t("/vcenters"), { vcenter })).status).toBe(200);
    const again = await call("POST", t("/vcenters"), { vcenter });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ badRequest: { code: 400, message: expect.stringMatching(/^Request Parameter Error/) } });
  });

  it("moves contract months with the clock and stamps answers with it", async () => {
    await call("POST", t("/vsphere_contracts"), { vsphere_contract: { contract_year: 1, cores: 8 } });
    const before = (await call("GET", t("/vsphere_contracts"))).body?.vsphere_contracts as { cores: number; pending_cores: number }[];
    expect(before[0]).toMatchObject({ cores: 0, pending_cores: 8 });
    emu.advanceMonths(1);
    expect((await call("GET", t("/vsphere_contracts"))).status).toBe(401);
    const auth = { auth: { identity: { methods: ["password"], password: { user: { name: emu.credentials.username, password: emu.credentials.password } } }, scope: { project: { id: emu.credentials.tenantId } } } };
    token = String((await call("POST", "/v3/auth/tokens", auth)).headers["x-subject-token"]);
    const after = await call("GET", t("/vsphere_contracts"));
    expect((after.body?.vsphere_contracts as unknown[])[0]).toMatchObject({ cores: 8, pending_cores: 0, cores_in_next_month: 8 });
    const month = new Date(String(after.headers.date));
    expect(`${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, "0")}`).toBe((after.body?.vsphere_contracts as { start_month: string }[])[0].start_month);
  });

  it("counts contract months in Asia/Tokyo: at 2026-11-30T15:30Z (December there) a new contract starts 2027-01", async () => {
    const tokyo = await startSdpEmulator({ tls: false });
    try {
      tokyo.setClock(Date.parse("2026-11-30T15:30:00Z"));
      const auth = { auth: { identity: { methods: ["password"], password: { user: { name: tokyo.credentials.username, password: tokyo.credentials.password } } }, scope: { project: { id: tokyo.credentials.tenantId } } } };
      const login = await request(`${tokyo.url}/v3/auth/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(auth) });
      await login.body.text();
      const post = await request(`${tokyo.url}/v1.0/${tokyo.credentials.tenantId}/vsphere_contracts`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-auth-token": String(login.headers["x-subject-token"]) },
        body: JSON.stringify({ vsphere_contract: { contract_year: 1, cores: 8 } }),
      });
      expect(await post.body.json()).toMatchObject({ vsphere_contract: { start_month: "2027-01", end_month: "2027-12" } });
    } finally {
      await tokyo.close();
    }
  });
});

describe("SDP emulator on the emulated clock (setClock, advanceClock, advanceMonths)", () => {
  let clocked: SdpEmulator;
  let clockedToken = "";
  const at = async (method: string, path: string, body?: unknown) => {
    const res = await request(`${clocked.url}${path}`, {
      method: method as "GET",
      headers: { "content-type": "application/json", ...(clockedToken ? { "x-auth-token": clockedToken } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  };
  const tenant = (p: string) => `/v1.0/${clocked.credentials.tenantId}${p}`;
  const login = async () => {
    const auth = { auth: { identity: { methods: ["password"], password: { user: { name: clocked.credentials.username, password: clocked.credentials.password } } }, scope: { project: { id: clocked.credentials.tenantId } } } };
    clockedToken = String((await at("POST", "/v3/auth/tokens", auth)).headers["x-subject-token"]);
  };

  beforeAll(async () => {
    // Long build and delete times: only the emulated clock can end them within the test.
    clocked = await startSdpEmulator({ tls: false, knobs: { buildMs: 600_000, deleteMs: 60_000, tokenTtlMs: 3_600_000 } });
    await login();
  });
  afterAll(async () => {
    await clocked.close();
  });

  it("drops a deleted server from the inventory and the lists once deleteMs has passed on the emulated clock", async () => {
    const made = await at("POST", tenant("/servers"), { server: { name: "esx-clocked", adminPass: "y".repeat(12), imageRef: "i", flavorRef: "f", networks: [{ uuid: "n" }] } });
    const id = (made.body?.server as { id: string }).id;
    const listed = async () => ({
      inventory: clocked.inventory().servers.filter((s) => s.id === id).map((s) => s.status),
      detail: ((await at("GET", tenant("/servers/detail"))).body?.servers as { id: string; status: string }[]).filter((s) => s.id === id).map((s) => s.status),
      list: ((await at("GET", tenant("/servers"))).body?.servers as { id: string }[]).filter((s) => s.id === id).length,
    });
    expect(await listed()).toEqual({ inventory: ["BUILD"], detail: ["BUILD"], list: 1 });
    clocked.advanceClock(600_000);
    expect(await listed()).toEqual({ inventory: ["ACTIVE"], detail: ["ACTIVE"], list: 1 });
    expect((await at("DELETE", tenant(`/servers/${id}`))).status).toBe(204);
    expect(await listed()).toEqual({ inventory: ["DELETED"], detail: ["DELETED"], list: 1 });
    clocked.advanceClock(60_000);
    // Nobody has asked for the server by id: the lists and the inventory still follow the clock.
    expect(await listed()).toEqual({ inventory: [], detail: [], list: 0 });
    expect((await at("GET", tenant(`/servers/${id}/cfgw_connection`))).status).toBe(404);
    expect((await at("POST", tenant(`/servers/${id}/action`), { "add-license-to-vm": { vm_id: "vm-1", license_types: ["Windows Server"] } })).status).toBe(404);
    expect((await at("GET", tenant(`/servers/${id}`))).status).toBe(404);
  });

  it("counts in the inventory only the tokens that the emulated clock has not expired", async () => {
    await login();
    expect(clocked.inventory().tokens).toBeGreaterThan(0);
    clocked.advanceClock(3_600_000);
    expect((await at("GET", tenant("/servers"))).status).toBe(401);
    expect(clocked.inventory().tokens).toBe(0);
    await login();
    expect(clocked.inventory().tokens).toBe(1);
  });

  it("advanceMonths moves by contract months (Asia/Tokyo), also in the hours when UTC is still in the month before", async () => {
    // 2026-11-30T15:30Z is already December in Tokyo.
    clocked.setClock(Date.parse("2026-11-30T15:30:00Z"));
    clocked.seedContract({ contractYear: 3, startInMonths: 1, cores: 0, pendingCores: 16 });
    expect(clocked.contracts().find((c) => c.contract_year === 3)).toMatchObject({ start_month: "2027-01", cores: 0, pending_cores: 16 });
    clocked.advanceMonths(1);
    // January 2027 in Tokyo: the contract has started and its commitment is in force.
    expect(clocked.contracts().find((c) => c.contract_year === 3)).toMatchObject({ start_month: "2027-01", cores: 16, pending_cores: 0 });
    await login();
    const answer = await at("GET", tenant("/vsphere_contracts"));
    expect(answer.body?.vsphere_contracts_histories).toEqual([{ month: "2027-01", vsphere_contracts_summaries: [{ contract_year: 3, cores: 16 }] }]);
  });
});
