import { Agent, request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startVspcEmulator, type VspcEmulator } from "../../emulators";

let emu: VspcEmulator;
let agent: Agent;

beforeAll(async () => {
  emu = await startVspcEmulator({ knobs: { asyncMs: 30 } });
  agent = new Agent({ connect: { ca: emu.caCert } });
});
afterAll(async () => {
  await agent.close();
  await emu.close();
});
beforeEach(() => {
  emu.clearLog();
  emu.clearFaults();
  emu.setKnobs({ maxParallel: 0, maxPerWindow: 0, asyncCreates: false });
});

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: Record<string, unknown> & { errors?: Record<string, unknown>[]; data?: unknown };
}

async function call(method: string, path: string, opts: { token?: string; json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(opts.form).toString();
  } else if (opts.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.json);
  }
  const res = await request(`${emu.apiUrl}${path}`, { method: method as "GET", headers, body, dispatcher: agent });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: text ? JSON.parse(text) : {} };
}

async function token(): Promise<{ access: string; refresh: string }> {
  const res = await call("POST", "/token", { form: { grant_type: "password", username: emu.credentials.username, password: emu.credentials.password } });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ token_type: "bearer", expires_in: 3600, mfa_token: null });
  return { access: String(res.body.access_token), refresh: String(res.body.refresh_token) };
}

const company = (name: string) => ({ organizationInput: { name }, ownerCredentials: { userName: `${name}-owner`, password: "Owner-Pass-1" } });

describe("VSPC emulator", () => {
  it("issues tokens by password and refresh grants; a used refresh token is spent; tokens expire in an hour", async () => {
    const first = await token();
    const refreshed = await call("POST", "/token", { form: { grant_type: "refresh_token", refresh_token: first.refresh } });
    expect(refreshed.status).toBe(200);
    expect((await call("POST", "/token", { form: { grant_type: "refresh_token", refresh_token: first.refresh } })).status).toBe(401);
    expect((await call("POST", "/token", { form: { grant_type: "password", username: "x", password: "y" } })).body.errors?.[0]).toMatchObject({ type: "security", code: 401 });
    expect((await call("GET", "/users", { token: first.access })).status).toBe(200);
    emu.advanceClock(60 * 60_000 + 1);
    expect((await call("GET", "/users", { token: first.access })).status).toBe(401);
  });

  it("keeps refresh tokens for 48 hours, as the seed's example token says, and as long as the refreshTokenTtlMs knob says", async () => {
    const first = await token();
    emu.advanceClock(47 * 60 * 60_000);
    const renewed = await call("POST", "/token", { form: { grant_type: "refresh_token", refresh_token: first.refresh } });
    expect(renewed.status).toBe(200);
    emu.advanceClock(48 * 60 * 60_000 + 1);
    const late = await call("POST", "/token", { form: { grant_type: "refresh_token", refresh_token: String(renewed.body.refresh_token) } });
    expect(late.status).toBe(401);
    expect(late.body.errors?.[0]).toMatchObject({ type: "security", code: 401 });
    emu.setKnobs({ refreshTokenTtlMs: 1_000 });
    const short = await token();
    emu.advanceClock(1_001);
    expect((await call("POST", "/token", { form: { grant_type: "refresh_token", refresh_token: short.refresh } })).status).toBe(401);
    emu.setKnobs({ refreshTokenTtlMs: 48 * 60 * 60_000 });
  });

  it("answers without credentials with 401 in VSPC's error shape", async () => {
    const res = await call("GET", "/organizations/companies");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: "Authorization is required.", type: "security", code: 401 }] });
  });

  it("lets read-only API keys GET only", async () => {
    const key = emu.issueAdminApiKey({ isReadAccessOnly: true });
    expect((await call("GET", "/organizations/companies", { token: key })).status).toBe(200);
    const denied = await call("POST", "/organizations/companies", { token: key, json: company("ro") });
    expect(denied.status).toBe(403);
    expect(denied.body.errors?.[0]).toMatchObject({ type: "security", code: 403 });
  });

  it("creates companies, rejects duplicates with 409 and invalid input with the property name", async () => {
    const { access } = await token();
    const made = await call("POST", "/organizations/companies", { token: access, json: company("Gamma") });
    expect(made.status).toBe(200);
    expect(made.body.data).toMatchObject({ name: "Gamma", status: "Active", ownerCredentials: { userName: "Gamma-owner", password: null } });
    // The seed's error shape (lines 1084-1095) with propertyName naming the conflicting property (code 409, line 1105).
    const sameName = await call("POST", "/organizations/companies", { token: access, json: company("gamma") });
    expect(sameName.status).toBe(409);
    expect(sameName.body).toEqual({ errors: [{ message: "A company with the same name already exists.", type: "logical", code: 409, propertyName: "organizationInput.name" }] });
    const sameOwner = await call("POST", "/organizations/companies", { token: access, json: { ...company("Delta"), ownerCredentials: { userName: "gamma-OWNER", password: "Owner-Pass-1" } } });
    expect(sameOwner.status).toBe(409);
    expect(sameOwner.body).toEqual({ errors: [{ message: "A user with the same name already exists.", type: "logical", code: 409, propertyName: "ownerCredentials.userName" }] });
    expect(emu.inventory().companies.filter((c) => c.name === "Delta")).toHaveLength(0);
    const bad = await call("POST", "/organizations/companies", { token: access, json: { ...company("Bad"), organizationInput: { name: "Bad", email: "nope" } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]).toMatchObject({ type: "logical", code: 400, propertyName: "organizationInput.email" });
  });

  it("does not deduplicate a resent create by x-request-id: the header only names the async action (seed line 1233)", async () => {
    const { access } = await token();
    const headers = { "x-request-id": "6f1c2e9a-8d7b-4c3a-9e2f-1a2b3c4d5e6f" };
    const a = await call("POST", "/organizations/companies", { token: access, json: company("Replay"), headers });
    expect(a.status).toBe(200);
    const b = await call("POST", "/organizations/companies", { token: access, json: company("Replay"), headers });
    expect(b.status).toBe(409);
    expect(b.body.errors?.[0]).toMatchObject({ code: 409, propertyName: "organizationInput.name" });
    expect(emu.inventory().companies.filter((c) => c.name === "Replay")).toHaveLength(1);
  });

  it("checks an async create's conflicts again when its action runs, and fails the action with the 409", async () => {
    emu.setKnobs({ asyncCreates: true, asyncMs: 100 });
    const { access } = await token();
    const first = await call("POST", "/organizations/companies", { token: access, json: company("Twice"), headers: { "x-request-id": "21111111-2222-4333-8444-555555555555" } });
    const second = await call("POST", "/organizations/companies", { token: access, json: company("Twice"), headers: { "x-request-id": "31111111-2222-4333-8444-555555555555" } });
    expect([first.status, second.status]).toEqual([202, 202]);
    await new Promise((r) => setTimeout(r, 250));
    expect(emu.inventory().companies.filter((c) => c.name === "Twice")).toHaveLength(1);
    expect(((await call("GET", "/asyncActions/31111111-2222-4333-8444-555555555555", { token: access })).body.data as { status: string }).status).toBe("failed");
    const result = await call("GET", "/asyncActions/31111111-2222-4333-8444-555555555555/result", { token: access });
    expect(result.status).toBe(409);
    expect(result.body).toEqual({ errors: [{ message: "A company with the same name already exists.", type: "logical", code: 409, propertyName: "organizationInput.name" }] });
    emu.setKnobs({ asyncCreates: false, asyncMs: 30 });
  });

  it("answers creates with 202 and an async action when asked to", async () => {
    // Long enough that a loaded machine still sees the action running; then waited out.
    emu.setKnobs({ asyncCreates: true, asyncMs: 400 });
    const { access } = await token();
    const res = await call("POST", "/organizations/companies", { token: access, json: company("Later"), headers: { "x-request-id": "11111111-2222-4333-8444-555555555555" } });
    expect(res.status).toBe(202);
    // Seed line 1232: Location links to /asyncAction/{asyncActionId}; the generated clients poll /asyncActions/{id}: both answer.
    expect(res.headers.location).toBe("/api/v3/asyncAction/11111111-2222-4333-8444-555555555555");
    for (const path of ["/asyncAction/11111111-2222-4333-8444-555555555555", "/asyncActions/11111111-2222-4333-8444-555555555555"]) {
      const info = await call("GET", path, { token: access });
      // Cenvora/veeam-spc v3_6_1/models/async_action_info.py (AsyncActionInfo).
      expect(info.body.data).toEqual({
        id: "11111111-2222-4333-8444-555555555555",
        initiatorUid: expect.any(String),
        actionName: "CreateCompany",
        status: "running",
        queryParameters: {},
        requestBody: JSON.stringify(company("Later")),
      });
    }
    expect((await call("GET", "/asyncActions/11111111-2222-4333-8444-555555555555/result", { token: access })).status).toBe(404);
    await new Promise((r) => setTimeout(r, 450));
    const result = await call("GET", "/asyncActions/11111111-2222-4333-8444-555555555555/result", { token: access });
    expect(result.body.data).toMatchObject({ name: "Later" });
    expect((await call("GET", "/asyncAction/11111111-2222-4333-8444-555555555555/result", { token: access })).body).toEqual(result.body);
    emu.setKnobs({ asyncMs: 30 });
  });

  it("pages and filters collections, with meta.pagingInfo", async () => {
    const { access } = await token();
    for (const n of ["P1", "P2", "P3"]) await call("POST", "/organizations/companies", { token: access, json: company(n) });
    const all = await call("GET", "/organizations/companies?limit=2&offset=1", { token: access });
    expect(all.body.meta).toMatchObject({ pagingInfo: { count: 2, offset: 1 } });
    const filter = encodeURIComponent(JSON.stringify([{ property: "name", operation: "equals", collation: "ignorecase", value: "p2" }]));
    const one = await call("GET", `/organizations/companies?filter=${filter}&expand=Organization`, { token: access });
    expect(one.body.data).toHaveLength(1);
    expect((one.body.data as { _embedded: { organization: { name: string } } }[])[0]._embedded.organization.name).toBe("P2");
    const badOffset = await call("GET", "/organizations/companies?offset=-1", { token: access });
    expect(badOffset.body.errors?.[0]).toMatchObject({ code: 400, parameterName: "offset" });
  });

  it("applies JSON Patch and answers 1001 when it cannot", async () => {
    const { access } = await token();
    const made = (await call("POST", "/organizations/companies", { token: access, json: company("Patched") })).body.data as { instanceUid: string };
    const ok = await call("PATCH", `/organizations/companies/${made.instanceUid}`, { token: access, json: [{ op: "replace", path: "/isAlarmDetectEnabled", value: true }] });
    expect(ok.body.data).toMatchObject({ isAlarmDetectEnabled: true });
    // RFC 6902 §4.1 (the seed points PATCH at it, line 1054): `add` on an existing member replaces it whole.
    const whole = await call("PATCH", `/organizations/companies/${made.instanceUid}`, { token: access, json: [{ op: "add", path: "/companyServices/remoteServices", value: { isBackupResourcesEnabled: true } }] });
    expect((whole.body.data as { companyServices: unknown }).companyServices).toEqual({ hostedServices: { isVbPublicCloudManagementEnabled: false }, remoteServices: { isBackupResourcesEnabled: true } });
    const bad = await call("PATCH", `/organizations/companies/${made.instanceUid}`, { token: access, json: [{ op: "replace", path: "/no/such/path", value: 1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]).toMatchObject({ code: 1001, type: "logical" });
    expect((await call("DELETE", `/organizations/companies/${made.instanceUid}`, { token: access })).body.errors?.[0]).toMatchObject({ parameterName: "removeAllAgents" });
  });

  it("throttles by parallel requests and per window, with retryAfter for the window", async () => {
    emu.setKnobs({ maxPerWindow: 2, windowMs: 5_000 });
    const key = emu.issueAdminApiKey();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await call("GET", "/users", { token: key }));
    expect(statuses.map((s) => s.status)).toContain(429);
    const limited = statuses.find((s) => s.status === 429);
    expect(limited?.body.errors?.[0]).toMatchObject({ type: "transport", code: 429, retryAfter: expect.any(Number) });
    emu.setKnobs({ maxPerWindow: 0, maxParallel: 1, latencyMs: 100 });
    const parallel = await Promise.all([call("GET", "/users", { token: key }), call("GET", "/users", { token: key })]);
    expect(parallel.map((p) => p.status).sort()).toEqual([200, 429]);
    emu.setKnobs({ latencyMs: 0 });
  });

  it("sends server errors as 520", async () => {
    const key = emu.issueAdminApiKey();
    emu.addFaults([{ method: "GET", path: "/api/v3/users", kind: { type: "status", status: 520, body: { errors: [{ message: "boom", type: "unspecified", code: 500 }] } } }]);
    expect((await call("GET", "/users", { token: key })).status).toBe(520);
  });
});
