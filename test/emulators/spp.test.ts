import { request } from "undici";
import { Agent } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSppEmulator, type SppEmulator } from "../../emulators";

let emu: SppEmulator;
let agent: Agent;

beforeAll(async () => {
  emu = await startSppEmulator({ knobs: { inventoryMs: 50 } });
  agent = new Agent({ connect: { ca: emu.caCert } });
});
afterAll(async () => {
  await agent.close();
  await emu.close();
});
beforeEach(() => {
  emu.clearLog();
  emu.clearFaults();
});

async function call(method: string, path: string, opts: { body?: unknown; session?: string; auth?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.session) headers["x-endeavour-sessionid"] = opts.session;
  if (opts.auth) headers.authorization = opts.auth;
  const res = await request(`${emu.url}${path}`, {
    method: method as "GET",
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    dispatcher: agent,
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

/** The `response` of an /ngp/ answer, which the seed wraps as `{statusCode, response}` (l.94-145). */
function inner(res: { status: number; body: Record<string, unknown> | null }): Record<string, unknown> | undefined {
  expect(res.body?.statusCode).toBe(res.status);
  return res.body?.response as Record<string, unknown> | undefined;
}

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;

async function login(): Promise<string> {
  const res = await call("POST", "/api/endeavour/session", { auth: basic(emu.credentials.username, emu.credentials.password) });
  expect(res.status).toBe(200);
  return String(res.body?.sessionid);
}

const seedBody = (host: string, extra: Record<string, unknown> = {}) => ({
  hostAddress: host,
  portNumber: 443,
  username: "administrator@vsphere.local",
  password: "vc-password",
  sslConnection: true,
  type: "vmware",
  opProperties: { snapshotConcurrency: 3 },
  ...extra,
});

describe("SPP emulator", () => {
  it("serves HTTPS that verifies against its own certificate", () => {
    expect(emu.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.caCert).toContain("BEGIN CERTIFICATE");
  });

  it("logs in with Basic auth and rejects wrong credentials in SPP's error shape", async () => {
    expect(await login()).toMatch(/^[0-9a-f]{32}$/);
    const bad = await call("POST", "/api/endeavour/session", { auth: basic("admin", "nope") });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ id: "AuthenticationException", description: expect.any(String), title: "Error" });
  });

  it("expires idle sessions on its clock", async () => {
    const session = await login();
    expect((await call("GET", "/api/hypervisor", { session })).status).toBe(200);
    emu.advanceClock(46 * 60_000);
    const expired = await call("GET", "/api/hypervisor", { session });
    expect(expired.status).toBe(401);
    expect(expired.body?.id).toBe("InvalidSessionException");
  });

  it("answers a registration with exactly the seed's fields", async () => {
    const session = await login();
    const user = emu.seedIdentityUser({ name: "sarah", username: "AD\\sarah.wiseman", password: "vc-password" });
    const res = await call("POST", "/ngp/hypervisor", { session, body: seedBody("10.0.0.10", { username: user.href, password: undefined }) });
    expect(res.status).toBe(201);
    expect(Object.keys(inner(res) ?? {}).sort()).toEqual(
      ["links", "name", "hostAddress", "user", "sslConnection", "portNumber", "type", "id", "uniqueId", "version", "build", "apiVersion", "properties", "logicalDelete", "accountName", "opProperties", "rbacPath", "resourceType"].sort(),
    );
    expect(inner(res)).toMatchObject({
      name: "10.0.0.10",
      user: { href: `https://127.0.0.1:-1/api/identity/user/${user.id}` },
      version: null,
      properties: {},
      logicalDelete: false,
      accountName: null,
      opProperties: { snapshotConcurrency: 3, veServerInfo: null },
      resourceType: "hypervisor",
    });
    expect(inner(res)?.rbacPath).toBe(`root:0/hypervisor.all:0/hypervisor.type:vmware/hypervisor:${String(inner(res)?.id)}`);
    expect(JSON.stringify(res.body)).not.toContain("vc-password");
    const dup = await call("POST", "/ngp/hypervisor", { session, body: seedBody("10.0.0.10") });
    expect(dup.status).toBe(409);
  });

  it("answers unreachable hosts and wrong credentials with the seed's bodies", async () => {
    const session = await login();
    const refused = await call("POST", "/ngp/hypervisor", { session, body: seedBody("10.0.0.200") });
    expect(refused.status).toBe(400);
    expect(inner(refused)).toMatchObject({ id: "HypervisorConnectionException", title: "Error" });
    expect(String(inner(refused)?.description)).toMatch(/^Could not connect to server 10\.0\.0\.200: Exception caught trying to invoke method RetrieveServiceContent/);
    const hv = await call("POST", "/ngp/hypervisor", { session, body: seedBody("hv.example", { type: "hyperv", password: "wrong-password" }) });
    expect(hv.status).toBe(401);
    expect(inner(hv)).toMatchObject({ id: "HypervisorAuthException", title: "Error" });
    expect(String(inner(hv)?.description)).toContain('winrm set winrm/config/service @{AllowUnencrypted="true"}');
  });

  it("lists, reads, updates and deletes hypervisors", async () => {
    const session = await login();
    const made = await call("POST", "/ngp/hypervisor", { session, body: seedBody("crud.example") });
    const id = String(inner(made)?.id);
    expect(((await call("GET", "/api/hypervisor", { session })).body?.hypervisors as unknown[]).length).toBeGreaterThan(0);
    const put = await call("PUT", `/ngp/hypervisor/${id}`, { session, body: seedBody("crud.example", { portNumber: 8443 }) });
    expect(inner(put)?.portNumber).toBe(8443);
    expect((await call("PUT", `/ngp/hypervisor/${id}`, { session, body: seedBody("other.example") })).status).toBe(400);
    expect((await call("DELETE", `/ngp/hypervisor/${id}`, { session })).status).toBe(204);
    expect((await call("GET", `/api/hypervisor/${id}`, { session })).status).toBe(404);
    expect((await call("DELETE", `/ngp/hypervisor/${id}`, { session })).status).toBe(404);
  });

  it("runs the inventory job to COMPLETED and fills in versions", async () => {
    // A run long enough that the list below sees it RUNNING on a loaded machine (50 ms was not: a clean-clone run saw it end first).
    emu.setKnobs({ inventoryMs: 500 });
    try {
      const session = await login();
      const made = await call("POST", "/ngp/hypervisor", { session, body: seedBody("inv.example") });
      const job = (await call("GET", "/api/endeavour/job", { session })).body?.jobs as { id: string; name: string; currentStatus: string }[];
      expect(job[0]).toMatchObject({ name: "Hypervisor Inventory", currentStatus: "RUNNING" });
      await new Promise((r) => setTimeout(r, 700));
      const after = (await call("GET", `/api/endeavour/job/${job[0].id}`, { session })).body as { currentStatus: string; lastrun: { sessionId: string } };
      expect(after.currentStatus).toBe("IDLE");
      expect((await call("GET", `/api/endeavour/jobsession/${after.lastrun.sessionId}`, { session })).body?.status).toBe("COMPLETED");
      expect((await call("GET", `/api/hypervisor/${String(inner(made)?.id)}`, { session })).body).toMatchObject({ version: "7.0.3", build: "21477706" });
    } finally {
      emu.setKnobs({ inventoryMs: 50 });
    }
  });

  it("injects every kind of fault", async () => {
    const session = await login();
    emu.addFaults([{ method: "GET", path: "/api/hypervisor", kind: { type: "status", status: 503 } }]);
    expect((await call("GET", "/api/hypervisor", { session })).status).toBe(503);
    expect((await call("GET", "/api/hypervisor", { session })).status).toBe(200);

    emu.addFaults([{ method: "GET", path: "/api/hypervisor", kind: { type: "reset" } }]);
    await expect(call("GET", "/api/hypervisor", { session })).rejects.toThrow();

    emu.addFaults([{ method: "POST", path: "/ngp/hypervisor", kind: { type: "commit-then-drop" } }]);
    await expect(call("POST", "/ngp/hypervisor", { session, body: seedBody("dropped.example") })).rejects.toThrow();
    expect(emu.inventory().hypervisors.filter((h) => h.hostAddress === "dropped.example")).toHaveLength(1);

    emu.addFaults([{ method: "GET", path: "/api/hypervisor/:id", kind: { type: "delay", ms: 200 } }]);
    const started = Date.now();
    await call("GET", "/api/hypervisor/1", { session });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it("adds latency to vendor routes but not to the control API", async () => {
    emu.setKnobs({ latencyMs: 150 });
    try {
      let started = Date.now();
      await call("POST", "/api/endeavour/session", { auth: basic("admin", "x") });
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
      started = Date.now();
      await call("GET", "/_emulator/counters");
      expect(Date.now() - started).toBeLessThan(150);
    } finally {
      emu.setKnobs({ latencyMs: 0 });
    }
  });

  it("logs requests with credentials redacted and counts them by route", async () => {
    const session = await login();
    await call("GET", "/api/hypervisor/77", { session });
    const log = emu.requests();
    expect(log[0].headers.authorization).toBe("Basic <redacted>");
    expect(log[1].headers["x-endeavour-sessionid"]).toBe("<redacted>");
    expect(JSON.stringify(log)).not.toContain(session);
    expect(emu.count("GET", "/api/hypervisor/:id")).toBe(1);
    const counters = await call("GET", "/_emulator/counters");
    expect(counters.body).toEqual({ "POST /api/endeavour/session": 1, "GET /api/hypervisor/:id": 1 });
    expect((await call("GET", "/_emulator/requests")).body).toHaveLength(2);
  });

  it("takes knobs and faults over its control API, validated", async () => {
    expect((await call("PUT", "/_emulator/knobs", { body: { inventoryMs: 10 } })).body).toMatchObject({ inventoryMs: 10 });
    const refused = await call("PUT", "/_emulator/knobs", { body: { inventoryMs: -1 } });
    expect(refused.status).toBe(400);
    expect((refused.body as { error: string }).error).toMatch(/^inventoryMs: [^\n]+$/);
    expect((await call("POST", "/_emulator/faults", { body: [{ method: "get", path: "/api/hypervisor", kind: { type: "status", status: 520 } }] })).status).toBe(204);
    const session = await login();
    expect((await call("GET", "/api/hypervisor", { session })).status).toBe(520);
    emu.setKnobs({ inventoryMs: 50 });
  });
});
