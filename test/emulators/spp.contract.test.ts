/**
 * The SPP emulator's answers pinned to the seed's own example bodies
 * (../shared/seeds/spp-register-hypervisor.txt, quoted below with their line numbers) and, where the
 * seed shows nothing, to what IBM/sppclient reads (`spplib/sdk/client.py`, `samples/*.py`): status,
 * envelope, field names and types, error bodies. Raw HTTP (undici `request` over an Agent trusting
 * the emulator's certificate, after a login at the session endpoint), never the provider's client,
 * so that what the provider parses cannot shape what is checked here.
 */
import { Agent, request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { startSppEmulator, type SppEmulator } from "../../emulators";
import { shapeDiff, type Json, type Leeway } from "./shape";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Json;
}

let emu: SppEmulator;
let agent: Agent;
let session = "";

beforeAll(async () => {
  emu = await startSppEmulator({ knobs: { inventoryMs: 40 } });
  agent = new Agent({ connect: { ca: emu.caCert } });
  session = String(field((await login()).body, "sessionid"));
});
afterAll(async () => {
  await agent.close();
  await emu.close();
});
beforeEach(() => emu.clearFaults());

async function call(method: "GET" | "POST" | "PUT" | "DELETE", path: string, opts: { body?: unknown; session?: string | null; auth?: string } = {}): Promise<Answer> {
  // The headers IBM/sppclient sends with every call (client.py SppSession.__init__).
  const headers: Record<string, string> = { accept: "application/json", "x-endeavour-locale": "en-us" };
  const sid = opts.session === undefined ? session : opts.session;
  if (sid) headers["x-endeavour-sessionid"] = sid;
  if (opts.auth) headers.authorization = opts.auth;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const res = await request(`${emu.url}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), dispatcher: agent });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: text ? (JSON.parse(text) as Json) : null };
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const login = () => call("POST", "/api/endeavour/session", { session: null, auth: basic(emu.credentials.username, emu.credentials.password) });

function field(body: Json, ...path: string[]): Json {
  return path.reduce<Json>((v, k) => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v[k] ?? null) : null), body);
}


/** Seed l.80-89: Example 1's request body (the identity href goes in `username`, no password). */
const EXAMPLE_1_REQUEST = { hostAddress: "10.0.0.10", portNumber: 443, username: "https://10.0.0.100/api/identity/user/2137", sslConnection: true, type: "vmware", opProperties: { snapshotConcurrency: 3 } };

/**
 * Seed l.94-123, Example 1's 201: the body is `{statusCode, response}`. `links` is elided as
 * `{...}` (l.98); rbacPath's "1↪001" (l.119-120) is one value wrapped by the page. The seed answers
 * snapshotConcurrency 2 to a request of 3 (l.87 vs l.116); Example 2 (l.161, l.190) echoes it.
 */
const EXAMPLE_1_201: Json = {
  statusCode: 201,
  response: {
    links: {},
    name: "10.0.0.10",
    hostAddress: "10.0.0.10",
    user: { href: "https://10.0.0.100:-1/api/identity/user/2137" },
    sslConnection: true,
    portNumber: 443,
    type: "vmware",
    id: "1001",
    uniqueId: "fa8f1a0f-9d01-44e6-b281-6c577cd920ae",
    version: null,
    build: null,
    apiVersion: null,
    properties: {},
    logicalDelete: false,
    accountName: null,
    opProperties: { snapshotConcurrency: 2, veServerInfo: null },
    rbacPath: "root:0/hypervisor.all:0/hypervisor.type:vmware/hypervisor:1001",
    resourceType: "hypervisor",
  },
};
const HYPERVISOR = field(EXAMPLE_1_201, "response");
const ON_REGISTRATION: Leeway = { opaque: ["$.response.links"] };

/** Seed l.155-162: Example 2's request, the user named without a password (`\\\\` in the Python f-string is one backslash in the JSON). */
const EXAMPLE_2_REQUEST = { hostAddress: "hyperv.dallas.bluemachines.com.invalid", portNumber: 5986, username: "AD-BLUEMACHINES\\sarah.wiseman", sslConnection: false, type: "hyperv", opProperties: { snapshotConcurrency: 3 } };

/** The seed's four error bodies: `{statusCode, response: {id, description, title}}`; descriptions joined where the page wrapped them ("↪"). */
const SEED_ERRORS = {
  // l.124-134
  vmwareRefused: {
    statusCode: 400,
    response: {
      id: "HypervisorConnectionException",
      description: "Could not connect to server 10.0.0.200: Exception caught trying to invoke method RetrieveServiceContent; nested exception is: \n\tjava.net.ConnectException: Connection refused (Connection refused)",
      title: "Error",
    },
  },
  // l.135-145
  vmwareAuth: {
    statusCode: 401,
    response: {
      id: "HypervisorConnectionAuthException",
      description: "Authentication failed. Ensure the username and password are correct. User must have all vCenter VMware User privileges as documented.",
      title: "Error",
    },
  },
  // l.198-210
  hypervRefused: {
    statusCode: 400,
    response: {
      id: "HypervisorConnectionException",
      description:
        "Could not connect to server hyperv.dallas.bluemachines.com.invalid: Connect to Hyper-V Server hyperv.dallas.bluemachines.com.invalid failed. Cause: intel.management.wsman.WsmanException: Connect to hyperv.dallas.bluemachines.com.invalid:1 [hyperv.dallas.bluemachines.com.invalid/10.2.1.10] failed: Connection refused (Connection refused)",
      title: "Error",
    },
  },
  // l.211-227
  hypervAuth: {
    statusCode: 401,
    response: {
      id: "HypervisorAuthException",
      description:
        'Authentication failed. Ensure the username and password are correct. The username must be a member of the local administrators group. For non-SSL connections, set the "AllowUnencrypted" permission to true by entering the following command in a Windows command prompt running with elevated privileges (start the command prompt with the "Run as administrator" option):\n\nwinrm set winrm/config/service @{AllowUnencrypted="true"}\n\nIn cluster environments, ensure all nodes meet the above requirements. Ensure you understand the security risks associated with configuring WinRM to allow unencrypted network traffic.',
      title: "Error",
    },
  },
} satisfies Record<string, Json>;
const ERROR_SHAPE = SEED_ERRORS.vmwareRefused.response;

/** Any error: the seed's envelope with the HTTP status as statusCode, and `{id, description, title: "Error"}` inside. */
function expectSeedError(answer: Answer, status: number): void {
  expect(answer.status).toBe(status);
  expect(shapeDiff({ statusCode: status, response: ERROR_SHAPE }, answer.body)).toEqual([]);
  expect(field(answer.body, "statusCode")).toBe(status);
  expect(field(answer.body, "response", "title")).toBe("Error");
}
/** The bare `{id, description, title}` of the /api/ service (API-NOTES "Errors carry {id, description, title}"). */
function expectBareError(answer: Answer, status: number): void {
  expect(answer.status).toBe(status);
  expect(shapeDiff(ERROR_SHAPE, answer.body)).toEqual([]);
}

let sarah: Promise<{ id: string; href: string }> | undefined;
/** The one identity user of both examples (l.75-77 and l.150-152 name user 2138 for AD-BLUEMACHINES\\sarah.wiseman), made once. */
function identityUser(): Promise<{ id: string; href: string }> {
  sarah ??= call("POST", "/api/identity/user", { body: { name: "sarah.wiseman", username: EXAMPLE_2_REQUEST.username, password: "vc-password" } }).then((made) => {
    expect(made.status).toBe(201);
    return { id: String(field(made.body, "id")), href: `${emu.url}/api/identity/user/${String(field(made.body, "id"))}` };
  });
  return sarah;
}

async function unregister(id: Json): Promise<void> {
  expect((await call("DELETE", `/ngp/hypervisor/${String(id)}`)).status).toBe(204);
}

describe("SPP emulator answers as the seed's examples", () => {
  it("POST /ngp/hypervisor answers Example 1 with 201 and the seed's {statusCode, response} (l.94-123)", async () => {
    const user = await identityUser();
    const answer = await call("POST", "/ngp/hypervisor", { body: { ...EXAMPLE_1_REQUEST, username: user.href } });
    expect(answer.status).toBe(201);
    expect(answer.headers["content-type"]).toMatch(/^application\/json/);
    expect(shapeDiff(EXAMPLE_1_201, answer.body, ON_REGISTRATION)).toEqual([]);
    const h = field(answer.body, "response") as Record<string, Json>;
    expect(answer.body).toMatchObject({ statusCode: 201 });
    expect(h).toMatchObject({
      name: "10.0.0.10",
      hostAddress: "10.0.0.10",
      // l.102: the identity href with SPP's "-1" port
      user: { href: `https://127.0.0.1:-1/api/identity/user/${user.id}` },
      sslConnection: true,
      portNumber: 443,
      type: "vmware",
      version: null,
      build: null,
      apiVersion: null,
      properties: {},
      logicalDelete: false,
      accountName: null,
      opProperties: { snapshotConcurrency: 3, veServerInfo: null },
      resourceType: "hypervisor",
    });
    expect(h.id).toMatch(/^\d+$/); // l.107: a string of digits
    expect(h.uniqueId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/); // l.108
    expect(h.rbacPath).toBe(`root:0/hypervisor.all:0/hypervisor.type:vmware/hypervisor:${String(h.id)}`);
    await unregister(h.id);
  });

  it("Example 2: a Hyper-V server registered by the identity user's name alone answers 201 naming that user (l.146-197)", async () => {
    // l.150-152: "Username: AD-BLUEMACHINES\sarah.wiseman ({identityUserHref} …/api/identity/user/2138)";
    // the request (l.155-162) carries the name and no password, the answer (l.176) that user's href.
    const user = await identityUser();
    const answer = await call("POST", "/ngp/hypervisor", { body: EXAMPLE_2_REQUEST });
    expect(answer.status).toBe(201);
    // As printed, l.170-172 close `response` after `links` and l.197 has one brace too many: the
    // fields of l.173-195 are read as inside `response`, as in Example 1.
    expect(shapeDiff(EXAMPLE_1_201, answer.body, ON_REGISTRATION)).toEqual([]);
    expect(field(answer.body, "response")).toMatchObject({
      name: "hyperv.dallas.bluemachines.com.invalid",
      hostAddress: "hyperv.dallas.bluemachines.com.invalid",
      user: { href: `https://127.0.0.1:-1/api/identity/user/${user.id}` },
      sslConnection: false,
      portNumber: 5986,
      type: "hyperv",
      opProperties: { snapshotConcurrency: 3, veServerInfo: null },
      resourceType: "hypervisor",
    });
    expect(String(field(answer.body, "response", "rbacPath"))).toMatch(/^root:0\/hypervisor\.all:0\/hypervisor\.type:hyperv\/hypervisor:\d+$/);
    await unregister(field(answer.body, "response", "id"));
  });

  it("answers the seed's 400 and 401 bodies word for word (l.124-145, l.198-227)", async () => {
    // sppclient samples/registerhypervisor.py registers with username + password.
    const cred = { username: "AD-BLUEMACHINES\\sarah.wiseman", password: "vc-password" };
    expect(await call("POST", "/ngp/hypervisor", { body: { ...EXAMPLE_1_REQUEST, ...cred, hostAddress: "10.0.0.200" } })).toMatchObject({ status: 400, body: SEED_ERRORS.vmwareRefused });
    expect(await call("POST", "/ngp/hypervisor", { body: { ...EXAMPLE_1_REQUEST, ...cred, password: "wrong-password" } })).toMatchObject({ status: 401, body: SEED_ERRORS.vmwareAuth });
    emu.setKnobs({ unreachableHosts: ["10.0.0.200", EXAMPLE_2_REQUEST.hostAddress] });
    try {
      const refused = await call("POST", "/ngp/hypervisor", { body: { ...EXAMPLE_2_REQUEST, ...cred } });
      expect(refused).toMatchObject({ status: 400, body: SEED_ERRORS.hypervRefused });
      expect(refused.body).toEqual(SEED_ERRORS.hypervRefused);
    } finally {
      emu.setKnobs({ unreachableHosts: ["10.0.0.200"] });
    }
    const auth = await call("POST", "/ngp/hypervisor", { body: { ...EXAMPLE_2_REQUEST, ...cred, password: "wrong-password" } });
    expect(auth.status).toBe(401);
    expect(auth.body).toEqual(SEED_ERRORS.hypervAuth);
  });

  it("answers what the seed does not show in the envelope of its errors: a second registration, a bad body, an unknown id", async () => {
    // The seed shows no answer to a second registration of the same host, nor to a malformed body:
    // the emulator's 409 and 400 are assumptions, given the envelope of the seed's own errors.
    const first = await call("POST", "/ngp/hypervisor", { body: { ...EXAMPLE_1_REQUEST, username: "u", password: "vc-password", hostAddress: "dup.example" } });
    expect(first.status).toBe(201);
    expectSeedError(await call("POST", "/ngp/hypervisor", { body: { ...EXAMPLE_1_REQUEST, username: "u", password: "vc-password", hostAddress: "dup.example" } }), 409);
    const { portNumber: _dropped, ...noPort } = EXAMPLE_1_REQUEST;
    expectSeedError(await call("POST", "/ngp/hypervisor", { body: { ...noPort, hostAddress: "noport.example" } }), 400);
    expectSeedError(await call("PUT", "/ngp/hypervisor/999999", { body: EXAMPLE_1_REQUEST }), 404);
    expectSeedError(await call("DELETE", "/ngp/hypervisor/999999"), 404);
    // Nor to a call without a session; under /ngp/ it comes in the same envelope.
    expectSeedError(await call("POST", "/ngp/hypervisor", { session: null, body: EXAMPLE_1_REQUEST }), 401);
    await unregister(field(first.body, "response", "id"));
  });

  it("PUT /ngp/hypervisor/{id} (path unconfirmed) answers the hypervisor in the same envelope", async () => {
    const made = await call("POST", "/ngp/hypervisor", { body: { ...EXAMPLE_1_REQUEST, username: "u", password: "vc-password", hostAddress: "put.example" } });
    const id = String(field(made.body, "response", "id"));
    const put = await call("PUT", `/ngp/hypervisor/${id}`, { body: { ...EXAMPLE_1_REQUEST, username: "u", password: "vc-password", hostAddress: "put.example", portNumber: 8443 } });
    expect(put.status).toBe(200);
    expect(shapeDiff({ statusCode: 200, response: HYPERVISOR }, put.body, { opaque: ["$.response.links"] })).toEqual([]);
    expect(put.body).toMatchObject({ statusCode: 200, response: { id, portNumber: 8443 } });
    const del = await call("DELETE", `/ngp/hypervisor/${id}`);
    expect(del).toMatchObject({ status: 204, body: null });
  });

  it("logs in at /api/endeavour/session: a bare {sessionid} of 32 hex digits; logout answers 204 and ends the session", async () => {
    // API-NOTES / sppclient client.py login(): r.json()['sessionid']; IBM's REST reference: 32 hexadecimals.
    const answer = await login();
    expect(answer.status).toBe(200);
    expect(field(answer.body, "sessionid")).toMatch(/^[0-9a-f]{32}$/);
    const sid = String(field(answer.body, "sessionid"));
    expect((await call("GET", "/api/hypervisor", { session: sid })).status).toBe(200);
    expect(await call("DELETE", "/api/endeavour/session", { session: sid })).toMatchObject({ status: 204, body: null });
    expectBareError(await call("GET", "/api/hypervisor", { session: sid }), 401);
    // Seed silent on a failed login and a missing session: the error shape of API-NOTES, no envelope.
    expectBareError(await call("POST", "/api/endeavour/session", { session: null, auth: basic(emu.credentials.username, "nope") }), 401);
    expectBareError(await call("GET", "/api/hypervisor", { session: null }), 401);
  });

  it("GET /api/hypervisor answers a bare {hypervisors: [...]} of the seed's hypervisor, and /{id} the hypervisor itself", async () => {
    // sppclient samples/vmware_inventory.py reads vcenters['hypervisors'] from GET api/hypervisor.
    const made = await call("POST", "/ngp/hypervisor", { body: { ...EXAMPLE_1_REQUEST, username: "u", password: "vc-password", hostAddress: "list.example" } });
    const id = String(field(made.body, "response", "id"));
    const list = await call("GET", "/api/hypervisor");
    expect(list.status).toBe(200);
    expect(Object.keys(list.body as object)).toEqual(["hypervisors"]);
    const items = field(list.body, "hypervisors") as Json[];
    expect(items.length).toBeGreaterThan(0);
    // version, build and apiVersion are null on registration (l.109-111) until an inventory fills them.
    const listed: Leeway = { opaque: ["$.hypervisors[].links"], nullable: ["$.hypervisors[].version", "$.hypervisors[].build", "$.hypervisors[].apiVersion"] };
    expect(shapeDiff({ hypervisors: [HYPERVISOR] }, list.body, listed)).toEqual([]);
    const one = await call("GET", `/api/hypervisor/${id}`);
    expect(one.status).toBe(200);
    expect(field(one.body, "id")).toBe(id);
    expect(shapeDiff(HYPERVISOR, one.body, { opaque: ["$.links"], nullable: ["$.version", "$.build", "$.apiVersion"] })).toEqual([]);
    // Seed silent on an unknown id: 404 in the /api/ error shape.
    expectBareError(await call("GET", "/api/hypervisor/999999"), 404);
    await unregister(id);
  });

  it("identity users: POST {name, username, password, ostype, comment}, listed as {users: [...]}, the password read back as null", async () => {
    // API-NOTES; sppclient client.py resource_to_listfield: 'identityuser' → 'users'.
    const made = await call("POST", "/api/identity/user", { body: { name: "vc-admin", username: "administrator@vsphere.local", password: "Id-Passw0rd", ostype: "VMWARE", comment: "vCenter" } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ id: expect.stringMatching(/^\d+$/), name: "vc-admin", username: "administrator@vsphere.local", password: null });
    const list = await call("GET", "/api/identity/user");
    expect((field(list.body, "users") as Json[]).map((u) => field(u, "username"))).toContain("administrator@vsphere.local");
    expect(JSON.stringify(list.body)).not.toContain("Id-Passw0rd");
  });

  it("the inventory job as sppclient reads it: {jobs}, links.start.href, currentStatus, lastrun.sessionId, the job session's status", async () => {
    // A run long enough to be seen RUNNING however busy the machine (the file's 40 ms was not, under load).
    emu.setKnobs({ inventoryMs: 1_000 });
    onTestFinished(() => emu.setKnobs({ inventoryMs: 40 }));
    const made = await call("POST", "/ngp/hypervisor", { body: { ...EXAMPLE_1_REQUEST, username: "u", password: "vc-password", hostAddress: "inventory.example" } });
    // l.2: "A hypervisor inventory job will start automatically after a new vCenter Server is registered".
    const jobs = await call("GET", "/api/endeavour/job");
    expect(jobs.status).toBe(200);
    const job = (field(jobs.body, "jobs") as Json[]).find((j) => field(j, "name") === "Hypervisor Inventory");
    expect(field(job ?? null, "currentStatus")).toBe("RUNNING");
    const id = String(field(job ?? null, "id"));
    // sppclient samples/runjob.py: "job/" + id + "?action=start&actionname=start"; client.py JobAPI.run posts links.start.href.
    expect(field(job ?? null, "links", "start", "href")).toBe(`${emu.url}/api/endeavour/job/${id}?action=start&actionname=start`);
    await expect.poll(async () => field((await call("GET", `/api/endeavour/job/${id}`)).body, "currentStatus"), { timeout: 5_000, interval: 100 }).toBe("IDLE");
    const after = await call("GET", `/api/endeavour/job/${id}`);
    expect(after.body).toMatchObject({ id, name: "Hypervisor Inventory", currentStatus: "IDLE", lastSessionStatus: "COMPLETED", lastrun: { sessionId: expect.any(String), status: "COMPLETED" } });
    // client.py JobAPI.monitor: GET api/endeavour/jobsession/{lastrun.sessionId} → ['status']; samples/get_sessions.py reads start and jobName too.
    const run = await call("GET", `/api/endeavour/jobsession/${String(field(after.body, "lastrun", "sessionId"))}`);
    expect(run.body).toMatchObject({ status: "COMPLETED", jobName: "Hypervisor Inventory", start: expect.any(Number) });
    const started = await call("POST", String(field(job ?? null, "links", "start", "href")).replace(emu.url, ""));
    expect(started.status).toBe(200);
    expect(field((await call("GET", `/api/endeavour/job/${id}`)).body, "currentStatus")).toBe("RUNNING");
    await unregister(field(made.body, "response", "id"));
  });
});
