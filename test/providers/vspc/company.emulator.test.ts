import { Agent, request } from "undici";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startVspcEmulator, type VspcEmulator } from "../../../emulators";
import { AdoptionRequiredError, ResourceInitFailedError } from "../../../providers/core/errors";
import { closeAllAgents } from "../../../providers/core/transport";
import { resetVspcClients } from "../../../providers/vspc/client";
import { VspcApiError, VspcConflictError } from "../../../providers/vspc/errors";
import { provider } from "../../../providers/vspc/company.provider";
import { captureStderr, companyArgs, configureVspc } from "./setup";

let emu: VspcEmulator;
let stderr: string[];

beforeAll(async () => {
  emu = await startVspcEmulator({ knobs: { asyncMs: 50 } });
});
afterAll(async () => {
  await closeAllAgents();
  await emu.close();
});
beforeEach(() => {
  resetVspcClients();
  configureVspc(emu);
  emu.clearLog();
  emu.clearFaults();
  stderr = captureStderr();
});
afterEach(() => vi.restoreAllMocks());

const create = (inputs: Record<string, unknown>) => provider.create({ ...inputs, __provider: "shim" });
const patches = () => emu.requests().filter((r) => r.method === "PATCH");
const grants = () => emu.requests().filter((r) => r.path === "/api/v3/token").map((r) => (r.body as { grant_type: string }).grant_type);

describe("VspcCompany against the VSPC emulator", () => {
  it("creates a company from a CompanyInput body, with the client version and a request id", async () => {
    const { id, outs } = await create(companyArgs("Alpha"));
    const post = emu.requests().find((r) => r.method === "POST" && r.path === "/api/v3/organizations/companies");
    expect(post?.body).toEqual({
      organizationInput: { name: "Alpha", alias: "alpha", email: "owner@alpha.example", country: 1, city: "Sacramento", zipCode: "95814" },
      ownerCredentials: { userName: "alpha-owner", password: "Owner-Passw0rd-Alpha" },
      subscriptionPlanUid: null,
      isRestAccessEnabled: true,
      isAlarmDetectEnabled: true,
      companyServices: { remoteServices: { isBackupResourcesEnabled: true, backupAgentsManagement: { workstationAgentsQuota: 20, serverAgentsQuota: 20 } } },
    });
    expect(post?.headers["x-client-version"]).toBe("3.6.1");
    expect(post?.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(emu.requests().every((r) => r.headers["x-client-version"] === "3.6.1")).toBe(true);
    expect(outs).toMatchObject({
      organization: { name: "Alpha", email: "owner@alpha.example", city: "Sacramento" },
      ownerUserName: "alpha-owner",
      isRestAccessEnabled: true,
      isAlarmDetectEnabled: true,
      status: "Active",
      adopted: false,
      companyServices: { remoteServices: { backupAgentsManagement: { serverAgentsQuota: 20 } } },
    });
    const owner = emu.inventory().users.find((u) => u.instanceUid === outs.ownerUserUid);
    expect(owner).toMatchObject({ role: "CompanyOwner", userName: "alpha-owner", organizationUid: outs.organizationUid });
    await provider.delete!(id, outs);
  });

  // VSPC does not deduplicate a resent POST by x-request-id (the seed: it only assigns the async
  // action's UID, line 1233): a lost answer is resolved by looking before any resend.
  it("after a lost create answer, looks for the company (its async action, then its name) before any resend, and keeps what the first attempt made", async () => {
    emu.addFaults([{ method: "POST", path: "/api/v3/organizations/companies", kind: { type: "commit-then-drop" } }]);
    const { id, outs } = await create(companyArgs("Resent"));
    const log = emu.requests();
    const posts = log.filter((r) => r.method === "POST" && r.path === "/api/v3/organizations/companies");
    expect(posts).toHaveLength(1);
    const after = log.slice(log.indexOf(posts[0]) + 1).map((r) => `${r.method} ${r.path}`);
    expect(after.slice(0, 2)).toEqual([`GET /api/v3/asyncActions/${String(posts[0].headers["x-request-id"])}`, "GET /api/v3/organizations/companies"]);
    expect(emu.inventory().companies.filter((c) => c.name === "Resent").map((c) => c.instanceUid)).toEqual([id]);
    expect(outs).toMatchObject({ adopted: false, ownerUserUid: expect.any(String) });
    await provider.delete!(id, outs);
  });

  it("takes the company its own lost first attempt made when the resend meets a 409 for the name", async () => {
    emu.addFaults([
      { method: "POST", path: "/api/v3/organizations/companies", kind: { type: "commit-then-drop" } },
      // The lookup misses the new company, as a lagging read would.
      { method: "GET", path: "/api/v3/organizations/companies", kind: { type: "status", status: 200, body: { meta: { pagingInfo: { total: 0, count: 0, offset: 0 } }, data: [] } } },
    ]);
    const { id, outs } = await create(companyArgs("Landed"));
    const posts = emu.requests().filter((r) => r.method === "POST" && r.path === "/api/v3/organizations/companies");
    expect(posts).toHaveLength(2);
    expect(posts[1].status).toBe(409);
    expect(new Set(posts.map((p) => p.headers["x-request-id"])).size).toBe(2);
    expect(emu.inventory().companies.filter((c) => c.name === "Landed").map((c) => c.instanceUid)).toEqual([id]);
    expect(outs).toMatchObject({ adopted: false, organization: { name: "Landed" } });
    expect(stderr.join("")).toMatch(/took the company its own earlier attempt made/);
    await provider.delete!(id, outs);
  });

  it("with async creates, follows a lost 202 through the async action its x-request-id named, and sends nothing twice", async () => {
    emu.setKnobs({ asyncCreates: true });
    try {
      emu.addFaults([{ method: "POST", path: "/api/v3/organizations/companies", kind: { type: "commit-then-drop" } }]);
      const { id, outs } = await create(companyArgs("AsyncLost"));
      expect(emu.requests().filter((r) => r.method === "POST" && r.path === "/api/v3/organizations/companies")).toHaveLength(1);
      expect(emu.inventory().companies.filter((c) => c.name === "AsyncLost").map((c) => c.instanceUid)).toEqual([id]);
      await provider.delete!(id, outs);
    } finally {
      emu.setKnobs({ asyncCreates: false });
    }
  });

  it("finds the owner by the user's userName and role in one request, and fails naming what it searched when VSPC has no such user", async () => {
    const found = await create(companyArgs("Finder"));
    const lookups = emu.requests().filter((r) => r.method === "GET" && r.path === "/api/v3/users");
    expect(lookups).toHaveLength(1);
    // The seed's filter syntax (lines 1353, 1378) over the fields of Cenvora/veeam-spc v3_6_1/models/user.py.
    expect(JSON.parse(String(lookups[0].query.filter))).toEqual([
      { operation: "and", items: [{ property: "userName", operation: "equals", collation: "ignorecase", value: "finder-owner" }, { property: "role", operation: "equals", value: "CompanyOwner" }] },
    ]);
    expect(found.outs.ownerUserUid).toBe(emu.inventory().users.find((u) => u.userName === "finder-owner")?.instanceUid);
    await provider.delete!(found.id, found.outs);

    emu.clearLog();
    emu.addFaults([{ method: "GET", path: "/api/v3/users", kind: { type: "status", status: 200, body: { meta: { pagingInfo: { total: 0, count: 0, offset: 0 } }, data: [] } } }]);
    const error = (await create(companyArgs("Ownerless")).catch((e: Error) => e)) as ResourceInitFailedError;
    expect(error).toBeInstanceOf(ResourceInitFailedError);
    const made = emu.inventory().companies.find((c) => c.name === "Ownerless");
    expect(error.id).toBe(made?.instanceUid);
    expect(error.reasons).toEqual([
      `VspcCompany "Ownerless" create failed: company ${error.id} was created, but VSPC has no user with userName "ownerless-owner" and role CompanyOwner (GET /users filtered on userName and role), so ownerUserUid is unknown`,
    ]);
    // No fallback: nothing after the one lookup.
    const log = emu.requests().map((r) => `${r.method} ${r.path}`);
    expect(log.slice(log.indexOf("GET /api/v3/users"))).toEqual(["GET /api/v3/users"]);
    emu.removeCompany(error.id);
  });

  it("follows a 202 async action to its result", async () => {
    emu.setKnobs({ asyncCreates: true });
    try {
      const { id, outs } = await create(companyArgs("Async"));
      const post = emu.requests().find((r) => r.method === "POST" && r.path === "/api/v3/organizations/companies");
      expect(post?.status).toBe(202);
      expect(emu.requests().some((r) => r.path === `/api/v3/asyncActions/${String(post?.headers["x-request-id"])}/result`)).toBe(true);
      expect(outs.organization).toMatchObject({ name: "Async" });
      expect(stderr.join("")).toMatch(/accepted as async action/);
      await provider.delete!(id, outs);
    } finally {
      emu.setKnobs({ asyncCreates: false });
    }
  });

  it("reports a failed async action with VSPC's reason, read from the action's result, and never as HTTP 200", async () => {
    emu.setKnobs({ asyncCreates: true, asyncFails: true });
    try {
      const error = (await create(companyArgs("Doomed")).catch((e: Error) => e)) as Error;
      expect(error.message).toMatch(/^VspcCompany "Doomed" create failed: async action [0-9a-f-]+ failed: The operation failed on the server\. \[Veeam Service Provider Console 1000, CreateCompany\]$/);
      expect(error.message).not.toMatch(/HTTP 200/);
      const id = String(emu.requests().find((r) => r.method === "POST" && r.path === "/api/v3/organizations/companies")?.headers["x-request-id"]);
      expect(emu.requests().some((r) => r.path === `/api/v3/asyncActions/${id}/result`)).toBe(true);
    } finally {
      emu.setKnobs({ asyncCreates: false, asyncFails: false });
    }
  });

  it("reads a failed action's reason also from a result answered with 200 and errors", async () => {
    emu.setKnobs({ asyncCreates: true, asyncFails: true });
    emu.addFaults([
      { method: "GET", path: "/api/v3/asyncActions/:id/result", kind: { type: "status", status: 200, body: { errors: [{ message: "The reseller's company quota is exhausted.", type: "logical", code: 1000 }] } } },
    ]);
    try {
      await expect(create(companyArgs("Quota"))).rejects.toThrow(/^VspcCompany "Quota" create failed: async action [0-9a-f-]+ failed: The reseller's company quota is exhausted\. \[Veeam Service Provider Console 1000, CreateCompany\]$/);
    } finally {
      emu.setKnobs({ asyncCreates: false, asyncFails: false });
    }
  });

  it("patches only what changed: organization and company separately, nothing when nothing changed", async () => {
    const made = await create(companyArgs("Patchy"));
    const same = await provider.update!(made.id, made.outs, { ...companyArgs("Patchy"), __provider: "shim" });
    expect(patches()).toEqual([]);

    const emailOnly = await provider.update!(made.id, same.outs!, { ...companyArgs("Patchy"), organization: { ...companyArgs("Patchy").organization, email: "new@patchy.example" } });
    expect(patches().map((p) => [p.path, p.body])).toEqual([
      [`/api/v3/organizations/${String(made.outs.organizationUid)}`, [{ op: "replace", path: "/email", value: "new@patchy.example" }]],
    ]);
    emu.clearLog();

    const args = companyArgs("Patchy", {
      organization: { ...companyArgs("Patchy").organization, email: "new@patchy.example" },
      companyServices: { remoteServices: { isBackupResourcesEnabled: true, backupAgentsManagement: { workstationAgentsQuota: 20, serverAgentsQuota: 50 } } },
    });
    const quota = await provider.update!(made.id, emailOnly.outs!, args);
    expect(patches().map((p) => [p.path, p.body])).toEqual([
      [`/api/v3/organizations/companies/${made.id}`, [{ op: "replace", path: "/companyServices/remoteServices/backupAgentsManagement/serverAgentsQuota", value: 50 }]],
    ]);
    expect(quota.outs).toMatchObject({ companyServices: { remoteServices: { backupAgentsManagement: { serverAgentsQuota: 50 } } } });
    expect(await provider.diff!(made.id, quota.outs!, args)).toMatchObject({ changes: false });
    await provider.delete!(made.id, quota.outs!);
  });

  it("manages a nested companyServices setting for the first time by patching its leaf only, so settings it does not manage survive", async () => {
    const made = await create(companyArgs("Services", { companyServices: undefined }));
    // Set in the portal, outside the program: backup resources on, and a backup server quota.
    const agent = new Agent({ connect: { ca: emu.caCert } });
    const portal = await request(`${emu.apiUrl}/organizations/companies/${made.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${emu.issueAdminApiKey()}`, "content-type": "application/json" },
      body: JSON.stringify([
        { op: "replace", path: "/companyServices/remoteServices/isBackupResourcesEnabled", value: true },
        { op: "replace", path: "/companyServices/remoteServices/backupServersManagement/backupServerQuota", value: 7 },
      ]),
      dispatcher: agent,
    });
    expect(portal.statusCode).toBe(200);
    await portal.body.text();
    await agent.close();
    emu.clearLog();

    const args = companyArgs("Services", { companyServices: { remoteServices: { backupAgentsManagement: { serverAgentsQuota: 5 } } } });
    const updated = await provider.update!(made.id, made.outs, args);
    const remote = emu.inventory().companies.find((c) => c.instanceUid === made.id)?.companyServices as { remoteServices: Record<string, unknown> };
    expect(remote.remoteServices).toMatchObject({
      isBackupResourcesEnabled: true,
      backupServersManagement: { backupServerQuota: 7 },
      backupAgentsManagement: { workstationAgentsQuota: null, serverAgentsQuota: 5 },
    });
    expect(patches().map((p) => p.body)).toEqual([[{ op: "replace", path: "/companyServices/remoteServices/backupAgentsManagement/serverAgentsQuota", value: 5 }]]);
    expect(updated.outs).toMatchObject({ companyServices: { remoteServices: { backupAgentsManagement: { serverAgentsQuota: 5 } } } });
    expect(await provider.diff!(made.id, updated.outs!, args)).toMatchObject({ changes: false });
    await provider.delete!(made.id, updated.outs!);
  });

  it("reports a patch the server cannot apply as VSPC error 1001", async () => {
    const made = await create(companyArgs("Broken"));
    emu.addFaults([
      { method: "PATCH", path: "/api/v3/organizations/:uid", kind: { type: "status", status: 400, body: { errors: [{ message: "JSON Patch modifications failed to apply.", type: "logical", code: 1001 }] } } },
    ]);
    await expect(provider.update!(made.id, made.outs, { ...companyArgs("Broken"), organization: { ...companyArgs("Broken").organization, city: "Reno" } })).rejects.toThrow(
      /JSON Patch modifications failed to apply\. \[Veeam Service Provider Console 1001, HTTP 400, PATCH \/organizations\//,
    );
    await provider.delete!(made.id, made.outs);
  });

  it("fails on an answer of an unexpected shape with one line naming the request and the field", async () => {
    const made = await create(companyArgs("Shapely"));
    emu.addFaults([{ method: "GET", path: "/api/v3/organizations/companies/:uid", kind: { type: "status", status: 200, body: { data: { instanceUid: 5, name: "Shapely" } } } }]);
    const error = (await provider.read!(made.id, made.outs).catch((e: Error) => e)) as Error;
    expect(error.message).toBe(
      `VspcCompany "Shapely" read failed: Veeam Service Provider Console answered GET /organizations/companies/${made.id} with an unexpected shape: data.instanceUid: Invalid input: expected string, received number`,
    );
    await provider.delete!(made.id, made.outs);
  });

  it("refreshes out-of-band changes and deletion", async () => {
    const made = await create(companyArgs("Drift"));
    emu.renameOrganization(made.id, "Drifted");
    const read = await provider.read!(made.id, made.outs);
    expect(read.props?.organization).toMatchObject({ name: "Drifted" });
    expect((await provider.diff!(made.id, read.props!, companyArgs("Drift"))).changes).toBe(true);
    emu.removeCompany(made.id);
    expect(await provider.read!(made.id, made.outs)).toEqual({});
    await expect(provider.delete!(made.id, made.outs)).resolves.toBeUndefined();
  });

  it("reads, updates and deletes a company whose managed settings were cleared in the portal (recorded as null)", async () => {
    const made = await create(companyArgs("Cleared"));
    const agent = new Agent({ connect: { ca: emu.caCert } });
    const portal = async (path: string, ops: unknown[]): Promise<void> => {
      const res = await request(`${emu.apiUrl}${path}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${emu.issueAdminApiKey()}`, "content-type": "application/json" },
        body: JSON.stringify(ops),
        dispatcher: agent,
      });
      expect(res.statusCode).toBe(200);
      await res.body.text();
    };
    await portal(`/organizations/${String(made.outs.organizationUid)}`, [{ op: "replace", path: "/alias", value: null }]);
    await portal(`/organizations/companies/${made.id}`, [{ op: "replace", path: "/companyServices/remoteServices/backupAgentsManagement/workstationAgentsQuota", value: null }]);
    await agent.close();

    const read = await provider.read!(made.id, made.outs);
    expect(read.props).toMatchObject({ organization: { alias: null }, companyServices: { remoteServices: { backupAgentsManagement: { workstationAgentsQuota: null } } } });
    // The next refresh and update start from that state.
    expect((await provider.read!(made.id, read.props!)).props).toMatchObject({ organization: { alias: null } });
    emu.clearLog();
    const updated = await provider.update!(made.id, read.props!, companyArgs("Cleared"));
    expect(patches().map((p) => p.body)).toEqual([
      [{ op: "replace", path: "/companyServices/remoteServices/backupAgentsManagement/workstationAgentsQuota", value: 20 }],
      [{ op: "replace", path: "/alias", value: "cleared" }],
    ]);
    expect(updated.outs).toMatchObject({ organization: { alias: "cleared" } });
    await provider.delete!(made.id, read.props!);
    expect(emu.inventory().companies.filter((c) => c.name === "Cleared")).toEqual([]);
  });

  it("imports by id alone: the managed settings as VSPC holds them, the owner found; only the owner's password is the user's to add", async () => {
    const made = await create(companyArgs("Imported"));
    const found = await provider.importById(made.id);
    expect(found?.inputs).toEqual({
      organization: { name: "Imported", alias: "imported", email: "owner@imported.example", country: 1, city: "Sacramento", zipCode: "95814" },
      ownerUserName: "imported-owner",
      isRestAccessEnabled: true,
      isAlarmDetectEnabled: true,
      // Every managed setting VSPC reports a value for (its defaults included); unset (null) ones are left out.
      companyServices: {
        hostedServices: { isVbPublicCloudManagementEnabled: false },
        remoteServices: { isBackupResourcesEnabled: true, isVbPublicCloudManagementEnabled: false, backupAgentsManagement: { workstationAgentsQuota: 20, serverAgentsQuota: 20 } },
      },
    });
    expect(found?.props).toMatchObject({ organizationUid: made.outs.organizationUid, ownerUserUid: made.outs.ownerUserUid, status: "Active", resellerUid: null, adopted: null });
    expect(found?.props).not.toHaveProperty("ownerPassword");
    // VSPC never shows the password: check asks for it, and for nothing else.
    expect((await provider.check!({}, found!.inputs)).failures).toEqual([{ property: "ownerPassword", reason: "is required" }]);
    const program: Record<string, unknown> = { ...found!.inputs, ownerPassword: "Owner-Passw0rd-Imported" };
    const organization = program.organization as Record<string, unknown>;
    expect((await provider.check!({}, program)).failures ?? []).toEqual([]);
    expect(await provider.diff!(made.id, found!.props, found!.inputs)).toMatchObject({ changes: false, replaces: [] });
    // Write-only: the password the program adds is no change either.
    expect(await provider.diff!(made.id, found!.props, program)).toMatchObject({ changes: false, replaces: [] });

    // As adopt does, the first update takes the program's password as the owner's without sending it; a later change sends it.
    emu.clearLog();
    const moved = await provider.update!(made.id, found!.props, { ...program, organization: { ...organization, city: "Reno" }, __provider: "shim" });
    expect(patches().map((p) => p.body)).toEqual([[{ op: "replace", path: "/city", value: "Reno" }]]);
    expect(moved.outs).toMatchObject({ ownerPassword: "Owner-Passw0rd-Imported", ownerUserUid: made.outs.ownerUserUid, organization: { city: "Reno" } });
    const changed = { ...program, organization: { ...organization, city: "Reno" }, ownerPassword: "Owner-Passw0rd-Changed" };
    expect(await provider.diff!(made.id, moved.outs!, changed)).toMatchObject({ changes: true, replaces: [] });
    emu.clearLog();
    await provider.update!(made.id, moved.outs!, { ...changed, __provider: "shim" });
    expect(patches().map((p) => p.body)).toEqual([[{ op: "replace", path: "/ownerCredentials/password", value: "Owner-Passw0rd-Changed" }]]);
    await provider.delete!(made.id, moved.outs!);

    await expect(provider.importById(made.id)).resolves.toBeUndefined();
    await expect(provider.importById("not-a-company")).resolves.toBeUndefined();
  });

  it("imports only what the input schema takes of an organization the portal holds beyond the input's limits", async () => {
    const made = await create(companyArgs("Overlong", { organization: { name: "Overlong", email: "owner@overlong.example", city: "Reno" } }));
    const agent = new Agent({ connect: { ca: emu.caCert } });
    const res = await request(`${emu.apiUrl}/organizations/${String(made.outs.organizationUid)}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${emu.issueAdminApiKey()}`, "content-type": "application/json" },
      body: JSON.stringify([{ op: "replace", path: "/city", value: "x".repeat(200) }]),
      dispatcher: agent,
    });
    await res.body.text();
    await agent.close();
    expect(res.statusCode).toBe(200);
    const found = await provider.importById(made.id);
    expect(found?.inputs.organization).toEqual({ name: "Overlong", email: "owner@overlong.example" });
    expect(await provider.diff!(made.id, found!.props, found!.inputs)).toMatchObject({ changes: false, replaces: [] });
    await provider.delete!(made.id, made.outs);
  });

  it("deletes with removeAllAgents from the input, false by default", async () => {
    const a = await create(companyArgs("KeepAgents"));
    await provider.delete!(a.id, a.outs);
    const b = await create(companyArgs("DropAgents", { removeAllAgents: true }));
    await provider.delete!(b.id, b.outs);
    const deletes = emu.requests().filter((r) => r.method === "DELETE");
    expect(deletes.map((d) => d.query.removeAllAgents)).toEqual(["false", "true"]);
    expect(emu.inventory().companies).toEqual([]);
  });

  it("refuses a duplicate name with VSPC's cause, and adopts the existing company when asked", async () => {
    const first = await create(companyArgs("Taken"));
    const refused = (await create(companyArgs("Taken")).catch((e: Error) => e)) as AdoptionRequiredError;
    expect(refused).toBeInstanceOf(AdoptionRequiredError);
    expect(refused.message).toBe(`VspcCompany "Taken" create failed: a company with this name already exists (${first.id}). Set adopt: true to manage it with Pulumi, or choose another name.`);
    expect(refused.existingId).toBe(first.id);
    // VSPC's own answer is the cause: its 409 naming the company name.
    expect(refused.cause).toBeInstanceOf(VspcApiError);
    expect(refused.cause).toMatchObject({ status: 409, property: "organizationInput.name", detail: "A company with the same name already exists. (organizationInput.name)" });
    const adopted = await create(companyArgs("Taken", { adopt: true, isAlarmDetectEnabled: false }));
    expect(adopted.id).toBe(first.id);
    expect(adopted.outs).toMatchObject({ adopted: true, isAlarmDetectEnabled: false });
    expect(emu.inventory().companies.filter((c) => c.name === "Taken")).toHaveLength(1);
    await provider.delete!(adopted.id, adopted.outs);
  });

  it("names an owner login that already exists as the cause of a 409, without suggesting adopt", async () => {
    const first = await create(companyArgs("Owned"));
    const refused = (await create(companyArgs("Other", { ownerUserName: "OWNED-owner" })).catch((e: Error) => e)) as VspcConflictError;
    expect(refused).toBeInstanceOf(VspcConflictError);
    expect(refused.property).toBe("ownerCredentials.userName");
    expect(refused.message).toBe(
      'VspcCompany "Other" create failed: A user with the same name already exists. (ownerCredentials.userName) The owner login "OWNED-owner" is taken: choose another ownerUserName. [Veeam Service Provider Console 409, HTTP 409, POST /organizations/companies]',
    );
    expect(refused.message).not.toMatch(/adopt|company with this name/);
    expect(emu.inventory().companies.filter((c) => c.name === "Other")).toHaveLength(0);
    // Only the create was sent: a conflict that names the owner login needs no lookup of the name.
    expect(emu.requests().filter((r) => r.path === "/api/v3/organizations/companies").map((r) => r.method)).toEqual(["POST", "POST"]);
    await provider.delete!(first.id, first.outs);
  });

  it("passes on a 409 about another property in VSPC's words, without a lookup or a suggestion to adopt", async () => {
    emu.addFaults([
      {
        method: "POST",
        path: "/api/v3/organizations/companies",
        kind: { type: "status", status: 409, body: { errors: [{ message: "The reseller has no company quota left.", type: "logical", code: 409, propertyName: "resellerUid" }] } },
      },
    ]);
    const refused = (await create(companyArgs("Quoted")).catch((e: Error) => e)) as VspcConflictError;
    expect(refused).toBeInstanceOf(VspcConflictError);
    expect(refused.property).toBe("resellerUid");
    expect(refused.message).toBe(
      'VspcCompany "Quoted" create failed: The reseller has no company quota left. (resellerUid) VSPC names resellerUid as the conflict, not the company name: change that input. [Veeam Service Provider Console 409, HTTP 409, POST /organizations/companies]',
    );
    expect(emu.requests().filter((r) => r.path === "/api/v3/organizations/companies").map((r) => r.method)).toEqual(["POST"]);
  });

  it("asks for adopt only when a lookup finds the company holding the name: a 409 naming no property, or the name with no holder found, stays VSPC's conflict", async () => {
    const conflict = (propertyName?: string) => ({
      method: "POST" as const,
      path: "/api/v3/organizations/companies",
      kind: { type: "status" as const, status: 409, body: { errors: [{ message: "Conflict.", type: "logical", code: 409, ...(propertyName ? { propertyName } : {}) }] } },
    });
    const tag = "[Veeam Service Provider Console 409, HTTP 409, POST /organizations/companies]";
    emu.addFaults([conflict("organizationInput.name")]);
    const byName = (await create(companyArgs("Nameless")).catch((e: Error) => e)) as VspcConflictError;
    expect(byName).toBeInstanceOf(VspcConflictError);
    expect(byName.property).toBe("organizationInput.name");
    expect(byName.message).toBe(`VspcCompany "Nameless" create failed: Conflict. (organizationInput.name) Set adopt: true to manage the company that holds this name with Pulumi, or choose another name. ${tag}`);
    emu.clearFaults();

    emu.addFaults([conflict()]);
    const unnamed = (await create(companyArgs("Unnamed")).catch((e: Error) => e)) as VspcConflictError;
    expect(unnamed).toBeInstanceOf(VspcConflictError);
    expect(unnamed.property).toBeUndefined();
    expect(unnamed.message).toBe(`VspcCompany "Unnamed" create failed: Conflict. No company holds this name, so adopting would not help: change the conflicting input. ${tag}`);
    emu.clearFaults();
    // Each 409 was followed by one lookup of the name.
    expect(emu.requests().filter((r) => r.path === "/api/v3/organizations/companies").map((r) => r.method)).toEqual(["POST", "GET", "POST", "GET"]);

    const holder = await create(companyArgs("Holder"));
    emu.addFaults([conflict()]);
    const held = (await create(companyArgs("Holder")).catch((e: Error) => e)) as AdoptionRequiredError;
    expect(held).toBeInstanceOf(AdoptionRequiredError);
    expect(held.existingId).toBe(holder.id);
    expect(held.message).toBe(`VspcCompany "Holder" create failed: a company with this name already exists (${holder.id}). Set adopt: true to manage it with Pulumi, or choose another name.`);
    await provider.delete!(holder.id, holder.outs);
  });

  it("gets one token for many operations, renews it when the server expires it, and refreshes it before expiry", async () => {
    const made = await Promise.all(["T1", "T2", "T3"].map((n) => create(companyArgs(n))));
    expect(emu.count("POST", "/api/v3/token")).toBe(1);
    emu.advanceClock(61 * 60_000);
    await Promise.all(made.map((m) => provider.read!(m.id, m.outs)));
    // Seed: "To obtain a new pair of tokens in case the access token expires or becomes invalid, send … the refresh token".
    expect(grants()).toEqual(["password", "refresh_token"]);
    for (const m of made) await provider.delete!(m.id, m.outs);

    resetVspcClients();
    emu.setKnobs({ tokenTtlMs: 300_600 });
    try {
      const x = await create(companyArgs("Refresh"));
      await new Promise((r) => setTimeout(r, 1_200));
      // Three reads see the token about to expire at once: they share one refresh.
      await Promise.all([1, 2, 3].map(() => provider.read!(x.id, x.outs)));
      expect(grants().slice(-2)).toEqual(["password", "refresh_token"]);
      await provider.delete!(x.id, x.outs);
    } finally {
      emu.setKnobs({ tokenTtlMs: 3_600_000 });
    }
  });

  it("logs in with the password again only when the refresh token is refused too", async () => {
    emu.setKnobs({ refreshTokenTtlMs: 2 * 60 * 60_000 });
    const made = await create(companyArgs("Relogin"));
    try {
      emu.advanceClock(3 * 60 * 60_000);
      await provider.read!(made.id, made.outs);
      expect(grants()).toEqual(["password", "refresh_token", "password"]);
      const refused = emu.requests().filter((r) => r.path === "/api/v3/token")[1];
      expect(refused.status).toBe(401);
    } finally {
      emu.setKnobs({ refreshTokenTtlMs: 48 * 60 * 60_000 });
    }
    await provider.delete!(made.id, made.outs);
  });

  it("authenticates with an API key instead of a token", async () => {
    configureVspc(emu, { "vspc:apiKey": emu.issueAdminApiKey() });
    const made = await create(companyArgs("Keyed"));
    expect(emu.count("POST", "/api/v3/token")).toBe(0);
    expect(emu.requests()[0].headers.authorization).toBe("Bearer <redacted>");
    await provider.delete!(made.id, made.outs);
  });

  it("names the problem when a read-only API key tries to write", async () => {
    const key = emu.issueAdminApiKey({ isReadAccessOnly: true });
    configureVspc(emu, { "vspc:apiKey": key });
    const error = (await create(companyArgs("ReadOnly")).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/The API key allows read access only\. \[Veeam Service Provider Console 403, HTTP 403, POST \/organizations\/companies\]/);
    expect(`${error.message}${error.stack}`).not.toContain(key);
  });

  it("sends nothing for invalid inputs and names each property", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [companyArgs("X", { organization: { name: "" } }), "organization.name"],
      [companyArgs("X", { organization: { name: "X", email: "not-an-email" } }), "organization.email"],
      [companyArgs("X", { companyServices: { remoteServices: { backupAgentsManagement: { serverAgentsQuota: -1 } } } }), "companyServices.remoteServices.backupAgentsManagement.serverAgentsQuota"],
      [companyArgs("X", { companyServices: { remoteServices: { backupServersManagement: { backupServerQuota: -5 } } } }), "companyServices.remoteServices.backupServersManagement.backupServerQuota"],
      [companyArgs("X", { ownerPassword: "short" }), "ownerPassword"],
      [companyArgs("X", { resellerUid: "nope" }), "resellerUid"],
      [companyArgs("X", { organization: { name: "X", colour: "red" } }), "organization"],
    ];
    for (const [news, property] of cases) {
      const failures = (await provider.check!({}, news)).failures ?? [];
      expect(failures.map((f) => f.property)).toContain(property);
      await expect(create(news)).rejects.toThrow(/invalid inputs/);
    }
    expect(emu.requests()).toHaveLength(0);
  });

  it("keeps the owner password out of errors, logs and non-secret outputs", async () => {
    const made = await create(companyArgs("Secretive", { ownerPassword: "Owner-Secret-Value-1" }));
    const dup = (await create(companyArgs("Secretive", { ownerPassword: "Owner-Secret-Value-1" })).catch((e: Error) => e)) as Error;
    const { ownerPassword: _secret, connection: _c, ...nonSecret } = made.outs as Record<string, unknown>;
    const haystack = [dup.message, dup.stack ?? "", ...stderr, JSON.stringify(nonSecret)].join("\n");
    for (const secret of ["Owner-Secret-Value-1", emu.credentials.password]) expect(haystack).not.toContain(secret);
    expect(stderr.join("")).toContain("Secretive");
    await provider.delete!(made.id, made.outs);
  });
});
