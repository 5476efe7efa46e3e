import { Agent, request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startVspcEmulator, type VspcEmulator } from "../../emulators";

/**
 * Pins the VSPC emulator's answers to the example bodies of the seed
 * (`../shared/seeds/vspc-rest-api-v3.txt`, quoted below with their line numbers), over raw HTTP:
 * nothing here goes through the provider's client, so a shape the provider happens to parse
 * cannot make it pass.
 */

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
  emu.clearFaults();
  emu.setKnobs({ maxParallel: 0, maxPerWindow: 0, asyncCreates: false });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

async function call(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, opts: { token?: string; json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { "x-client-version": "3.6.1", ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(opts.form).toString();
  } else if (opts.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.json);
  }
  const res = await request(`${emu.apiUrl}${path}`, { method, headers, body, dispatcher: agent });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** The shape of a JSON value: objects by their keys (recursively), arrays by their first item, scalars by type. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shape(value[0])] : [];
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.keys(value).sort().map((k) => [k, shape((value as Record<string, unknown>)[k])]));
  return value === null ? "null" : typeof value;
}
/** As `shape`, but where the seed shows null the emulator may hold a value (and the reverse). */
function keys(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [keys(value[0])] : [];
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.keys(value).sort().map((k) => [k, keys((value as Record<string, unknown>)[k])]));
  return "scalar";
}

async function passwordGrant(): Promise<Answer> {
  return call("POST", "/token", { form: { grant_type: "password", username: emu.credentials.username, password: emu.credentials.password } });
}

async function accessToken(): Promise<string> {
  return String((await passwordGrant()).body.access_token);
}

// Seed line 999, the answer to the password grant of lines 994-998 (tokens shortened; the seed's
// own text lacks the comma before "mfa_token" and has one after expires_in).
const SEED_TOKEN_ANSWER = { access_token: "eyJ0eXAiOiJKV1Qi…", token_type: "bearer", refresh_token: "eyJ0eXAiOiJKV1Qi…", mfa_token: null, encrypted_code: null, expires_in: 3600 };

// Seed lines 1084-1093: "The following example illustrates the response for the 400 Bad Request error."
const SEED_400 = { errors: [{ message: "Property value must be larger or equal to 0.", type: "logical", code: 400, parameterName: "offset" }] };

// Seed lines 1294-1302: the 429 of the per-time-unit throttling limit.
const SEED_429 = { errors: [{ type: "transport", code: 429, retryAfter: 25 }] };

// Seed lines 1402-1465: the first company of "a collection of company resources with embedded properties".
const SEED_COMPANY_PAGE = {
  meta: { pagingInfo: { total: 2, count: 2, offset: 0 } },
  data: [
    {
      instanceUid: "eb866e8f-a0f5-41f4-9dd9-8cc59266ff25",
      name: "Alpha",
      status: "Active",
      resellerUid: "a1797b02-364e-4e31-b052-7d7db48edb4a",
      subscriptionPlanUid: "615808c7-12ba-4cd4-a1c2-3ba78d95fbe9",
      isRestAccessEnabled: true,
      isAlarmDetectEnabled: true,
      companyServices: {
        hostedServices: { isVbPublicCloudManagementEnabled: false },
        remoteServices: {
          isBackupResourcesEnabled: true,
          backupAgentsManagement: { workstationAgentsQuota: 20, serverAgentsQuota: 20 },
          backupServersManagement: { backupServerQuota: 20 },
          vb365ServersManagement: null,
          isVbPublicCloudManagementEnabled: false,
        },
      },
      loginUrl: null,
      ownerCredentials: { userName: "alphauser", password: null },
      _embedded: {
        organization: {
          instanceUid: "ece6d725-2fc2-48e6-af85-b78b3778b63c",
          name: "Alpha",
          alias: "alpha",
          type: "Company",
          taxId: "65432",
          email: "t.barb@alpha.com",
          phone: "916-336-1534",
          country: 1,
          state: 5,
          countryName: "USA",
          regionName: "West",
          city: "Sacramento",
          street: "Awesome street",
          locationAdmin0Code: "us",
          locationAdmin1Code: "us-ca",
          locationAdmin2Code: null,
          notes: "",
          zipCode: "95814",
          website: "www.alpha.com",
          veeamTenantId: "10",
        },
      },
    },
  ],
};

// Seed line 1022: the answer to `POST /users/{userUid}/logins/apikey?description=Portal Operator API Key&scopes=["integration","rest"]&isReadAccessOnly=true` (key shortened).
const SEED_API_KEY = {
  data: {
    id: 12,
    userUid: "955b0b80-03b2-49fd-bf38-14785ecff0a8",
    userName: "alpha_admin",
    companyId: "3b139961-6b11-4fd8-9e87-c2be1b0e9ca8",
    companyName: "Alpha",
    identityProviderName: "AK",
    description: "Portal Operator API Key",
    isReadAccessOnly: true,
    scopes: ["integration", "rest"],
    status: "enabled",
    parameters: "4baccb809a3578f4xZGp74ik1k54wD03Y25fJ7KRIR7oVJsfgyFu…",
    // 11217524525076510964 in the seed: a number beyond double precision.
    identifierInProvider: Number("11217524525076510964"),
    creationDate: "2020-08-18T16:02:26.0136931+00:00",
  },
};

/** The seed's company Alpha as a CompanyInput (its owner password is not in the seed). */
const alphaInput = (name: string) => {
  const { organization } = SEED_COMPANY_PAGE.data[0]._embedded;
  const { instanceUid: _uid, type: _type, countryName: _cn, regionName: _rn, locationAdmin0Code: _a0, locationAdmin1Code: _a1, locationAdmin2Code: _a2, veeamTenantId: _t, ...organizationInput } = organization;
  const { companyServices } = SEED_COMPANY_PAGE.data[0];
  const { vb365ServersManagement: _vb, ...remoteServices } = companyServices.remoteServices;
  return {
    organizationInput: { ...organizationInput, name },
    ownerCredentials: { userName: `${name.toLowerCase()}user`, password: "Owner-Passw0rd-1" },
    isRestAccessEnabled: true,
    isAlarmDetectEnabled: true,
    companyServices: { hostedServices: companyServices.hostedServices, remoteServices },
  };
};

describe("VSPC emulator against the seed's example bodies", () => {
  it("answers the password grant as in seed line 999", async () => {
    const res = await passwordGrant();
    expect(res.status).toBe(200);
    expect(shape(res.body)).toEqual(shape(SEED_TOKEN_ANSWER));
    expect(res.body).toMatchObject({ token_type: "bearer", mfa_token: null, encrypted_code: null, expires_in: 3600 });
  });

  it("answers the refresh-token grant (seed lines 1000-1003) with a new pair of tokens, in the same shape (line 987)", async () => {
    const first = (await passwordGrant()).body;
    const res = await call("POST", "/token", { form: { grant_type: "refresh_token", refresh_token: String(first.refresh_token) } });
    expect(res.status).toBe(200);
    expect(shape(res.body)).toEqual(shape(SEED_TOKEN_ANSWER));
    expect(res.body.access_token).not.toBe(first.access_token);
    expect(res.body.refresh_token).not.toBe(first.refresh_token);
  });

  it("answers a bad offset with the seed's 400 example, word for word (lines 1084-1093)", async () => {
    const res = await call("GET", "/organizations/companies?offset=-1", { token: await accessToken() });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(SEED_400);
  });

  it("answers 401 with a security error in the seed's error shape (lines 1095-1097, code 401 line 1102)", async () => {
    const res = await call("GET", "/organizations/companies");
    expect(res.status).toBe(401);
    expect(shape(res.body)).toEqual(shape({ errors: [{ message: "", type: "security", code: 401 }] }));
    expect((res.body.errors as Record<string, unknown>[])[0]).toMatchObject({ type: "security", code: 401 });
  });

  it("lists companies with expand=Organization in the seed's envelope and field names (lines 1402-1465)", async () => {
    const token = await accessToken();
    const made = await call("POST", "/organizations/companies", { token, json: alphaInput("Alpha") });
    expect(made.status).toBe(200);
    const filter = encodeURIComponent(JSON.stringify([{ property: "name", operation: "equals", collation: "ignorecase", value: "alpha" }]));
    const res = await call("GET", `/organizations/companies?filter=${filter}&expand=Organization`, { token });
    expect(res.status).toBe(200);
    expect(keys(res.body)).toEqual(keys(SEED_COMPANY_PAGE));
    const [alpha] = res.body.data as Record<string, unknown>[];
    const seed = SEED_COMPANY_PAGE.data[0];
    const { instanceUid: _a, resellerUid: _r, subscriptionPlanUid: _s, _embedded, ...same } = seed;
    expect(alpha).toMatchObject({ ...same, ownerCredentials: { userName: "alphauser", password: null } });
    const { instanceUid: _o, regionName: _rg, locationAdmin0Code: _l0, locationAdmin1Code: _l1, veeamTenantId: _v, ...organization } = _embedded.organization;
    expect((alpha._embedded as { organization: unknown }).organization).toMatchObject(organization);
    expect(res.body.meta).toEqual({ pagingInfo: { total: 1, count: 1, offset: 0 } });
  });

  it("pages with offset and limit, reporting them in meta.pagingInfo (lines 1332, 1527-1528)", async () => {
    const token = await accessToken();
    const res = await call("GET", "/organizations/companies?offset=10&limit=5", { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ meta: { pagingInfo: { total: expect.any(Number), count: 0, offset: 10 } }, data: [] });
  });

  it("filters users with the seed's grouping example (line 1390)", async () => {
    const filter = '[{"operation":"or","items":[{"property":"role","operation":"equals","value":"PortalAdministrator"},{"property":"role","operation":"equals","value":"PortalOperator"}]}]';
    const res = await call("GET", `/users?filter=${encodeURIComponent(filter)}`, { token: await accessToken() });
    expect(res.status).toBe(200);
    expect((res.body.data as { userName: string; role: string }[]).map((u) => [u.userName, u.role])).toEqual([[emu.credentials.username, "PortalAdministrator"]]);
  });

  it("issues an API key from query parameters as in seed line 1022, the key in parameters", async () => {
    const token = await accessToken();
    expect((await call("POST", "/organizations/companies", { token, json: alphaInput("Keyed") })).status).toBe(200);
    const owner = emu.inventory().users.find((u) => u.userName === "keyeduser");
    expect(owner).toBeDefined();
    const res = await call("POST", `/users/${String(owner?.instanceUid)}/logins/apikey?description=${encodeURIComponent("Portal Operator API Key")}&scopes=${encodeURIComponent('["integration","rest"]')}&isReadAccessOnly=true`, { token });
    expect(res.status).toBe(200);
    expect(shape(res.body)).toEqual(shape(SEED_API_KEY));
    expect(res.body.data).toMatchObject({ identityProviderName: "AK", description: "Portal Operator API Key", isReadAccessOnly: true, scopes: ["integration", "rest"], status: "enabled", userUid: owner?.instanceUid });
    expect(String((res.body.data as { parameters: string }).parameters).length).toBeGreaterThan(32);
  });

  it("answers both conflicts of a company create with 409 in the seed's error shape (lines 1095, 1105)", async () => {
    const token = await accessToken();
    await call("POST", "/organizations/companies", { token, json: alphaInput("Conflicted") });
    const sameName = await call("POST", "/organizations/companies", { token, json: { ...alphaInput("Conflicted"), ownerCredentials: { userName: "someone-else", password: "Owner-Passw0rd-1" } } });
    const sameOwner = await call("POST", "/organizations/companies", { token, json: { ...alphaInput("Elsewhere"), ownerCredentials: { userName: "conflicteduser", password: "Owner-Passw0rd-1" } } });
    for (const [res, propertyName] of [
      [sameName, "organizationInput.name"],
      [sameOwner, "ownerCredentials.userName"],
    ] as const) {
      expect(res.status).toBe(409);
      expect(shape(res.body)).toEqual(shape({ errors: [{ message: "", type: "logical", code: 409, propertyName: "" }] }));
      expect((res.body.errors as Record<string, unknown>[])[0]).toMatchObject({ type: "logical", code: 409, propertyName });
    }
  });

  it("accepts a create as an async action: 202, Location /asyncAction/{the x-request-id} (lines 1232-1233)", async () => {
    emu.setKnobs({ asyncCreates: true });
    const id = "0b3a6f4e-7c1d-4e8b-9a2f-3c4d5e6f7a8b";
    const res = await call("POST", "/organizations/companies", { token: await accessToken(), json: alphaInput("Later"), headers: { "x-request-id": id } });
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/api/v3/asyncAction/${id}`);
  });

  it("applies a JSON Patch document (RFC 6902, lines 1054-1066) and answers 200 (line 1079)", async () => {
    const token = await accessToken();
    const made = (await call("POST", "/organizations/companies", { token, json: alphaInput("Patched") })).body.data as { instanceUid: string };
    const res = await call("PATCH", `/organizations/companies/${made.instanceUid}`, { token, json: [{ op: "replace", path: "/companyServices/remoteServices/backupAgentsManagement/workstationAgentsQuota", value: 450 }] });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ companyServices: { remoteServices: { backupAgentsManagement: { workstationAgentsQuota: 450, serverAgentsQuota: 20 } } } });
  });

  it("throttles per time unit with the seed's 429 body (lines 1293-1302)", async () => {
    emu.setKnobs({ maxPerWindow: 1, windowMs: 30_000 });
    const key = emu.issueAdminApiKey();
    const answers = [await call("GET", "/users", { token: key }), await call("GET", "/users", { token: key })];
    const limited = answers.find((a) => a.status === 429);
    expect(limited).toBeDefined();
    expect(shape(limited?.body)).toEqual(shape(SEED_429));
  });
});
