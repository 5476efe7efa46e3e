import { request } from "undici";
import { Agent } from "undici";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startVspcEmulator, type VspcEmulator } from "../../../emulators";
import { closeAllAgents } from "../../../providers/core/transport";
import { provider } from "../../../providers/vspc/api-key.provider";
import { resetVspcClients } from "../../../providers/vspc/client";
import { provider as companies } from "../../../providers/vspc/company.provider";
import { captureStderr, companyArgs, configureVspc } from "./setup";

let emu: VspcEmulator;
let agent: Agent;
let ownerUid: string;
let company: { id: string; outs: Record<string, unknown> };
let stderr: string[];

beforeAll(async () => {
  emu = await startVspcEmulator();
  agent = new Agent({ connect: { ca: emu.caCert } });
  resetVspcClients();
  configureVspc(emu);
  const created = await companies.create({ ...companyArgs("KeyCo"), __provider: "shim" });
  company = { id: created.id, outs: created.outs ?? {} };
  ownerUid = String(company.outs.ownerUserUid);
});
afterAll(async () => {
  await companies.delete!(company.id, company.outs);
  await agent.close();
  await closeAllAgents();
  await emu.close();
});
beforeEach(() => {
  configureVspc(emu);
  emu.clearLog();
  emu.clearFaults();
  stderr = captureStderr();
});
afterEach(() => vi.restoreAllMocks());

async function callWith(key: string, method: "GET" | "POST", path: string): Promise<number> {
  const res = await request(`${emu.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${key}`, "x-client-version": "3.6.1" }, dispatcher: agent });
  await res.body.text();
  return res.statusCode;
}

const args = (extra: Record<string, unknown> = {}) => ({ userUid: ownerUid, description: "portal integration", scopes: ["rest"], isReadAccessOnly: true, ...extra });

describe("VspcApiKey against the VSPC emulator", () => {
  it("issues a key with query parameters only, and keeps the key from state on every read", async () => {
    const { id, outs } = await provider.create({ ...args(), __provider: "shim" });
    const post = emu.requests().find((r) => r.path === `/api/v3/users/${ownerUid}/logins/apikey`);
    expect(post?.method).toBe("POST");
    expect(post?.body).toBeNull();
    expect(post?.query).toEqual({ description: "portal integration", scopes: '["rest"]', isReadAccessOnly: "true" });
    const key = String(outs.apiKey);
    expect(key).toMatch(/^[0-9a-f]{96}$/);
    expect(outs).toMatchObject({ userUid: ownerUid, scopes: ["rest"], isReadAccessOnly: true, enabled: true, companyUid: company.outs.organizationUid });

    expect(await callWith(key, "GET", `/users/${ownerUid}`)).toBe(200);
    expect(await callWith(key, "POST", `/users/${ownerUid}/logins/apikey?scopes=["rest"]`)).toBe(403);

    const read = await provider.read!(id, outs);
    expect(read.props?.apiKey).toBe(key);
    expect(emu.inventory().logins.find((l) => String(l.id) === id)?.parameters).toBeNull();
    expect(stderr.join("")).not.toContain(key);
    await provider.delete!(id, outs);
  });

  it("updates the description and disables and re-enables the login by patch", async () => {
    const made = await provider.create({ ...args(), __provider: "shim" });
    const key = String(made.outs.apiKey);
    const described = await provider.update!(made.id, made.outs, args({ description: "renamed" }));
    const disabled = await provider.update!(made.id, described.outs!, args({ description: "renamed", enabled: false }));
    expect(disabled.outs).toMatchObject({ description: "renamed", enabled: false, apiKey: key });
    expect(emu.requests().filter((r) => r.method === "PATCH").map((r) => r.body)).toEqual([
      [{ op: "replace", path: "/description", value: "renamed" }],
      [{ op: "replace", path: "/status", value: "disabled" }],
    ]);
    expect(await callWith(key, "GET", `/users/${ownerUid}`)).toBe(401);
    await provider.update!(made.id, disabled.outs!, args({ description: "renamed" }));
    expect(await callWith(key, "GET", `/users/${ownerUid}`)).toBe(200);
    await provider.delete!(made.id, made.outs);
    expect(await provider.read!(made.id, made.outs)).toEqual({});
    expect(await callWith(key, "GET", `/users/${ownerUid}`)).toBe(401);
  });

  it("replaces on user, scopes or read-only changes and updates description and enabled in place", async () => {
    const olds = { ...args(), description: "portal integration", enabled: true, apiKey: "k" };
    expect((await provider.diff!("1", olds, args({ scopes: ["rest", "ui"] }))).replaces).toEqual(["scopes"]);
    expect((await provider.diff!("1", olds, args({ isReadAccessOnly: false }))).replaces).toEqual(["isReadAccessOnly"]);
    expect((await provider.diff!("1", olds, args({ userUid: "0b2d5b0e-1111-4a8f-9d6e-000000000000" }))).replaces).toEqual(["userUid"]);
    expect(await provider.diff!("1", olds, args({ enabled: false }))).toMatchObject({ changes: true, replaces: [] });
    expect(await provider.diff!("1", olds, args())).toMatchObject({ changes: false });
  });

  it("sends nothing for unknown or missing scopes", async () => {
    for (const [news, property] of [
      [args({ scopes: ["rest", "admin"] }), "scopes[1]"],
      [args({ scopes: [] }), "scopes"],
      [args({ scopes: ["rest", "rest"] }), "scopes"],
      [args({ userUid: "owner" }), "userUid"],
    ] as [Record<string, unknown>, string][]) {
      expect(((await provider.check!({}, news)).failures ?? []).map((f) => f.property)).toContain(property);
      await expect(provider.create({ ...news, __provider: "shim" })).rejects.toThrow(/invalid inputs/);
    }
    expect(emu.requests()).toHaveLength(0);
  });

  it("fails on an answer of an unexpected shape with one line naming the request and the field", async () => {
    emu.addFaults([{ method: "POST", path: "/api/v3/users/:userUid/logins/apikey", kind: { type: "status", status: 200, body: { data: { id: 99 } } } }]);
    const error = (await provider.create({ ...args(), __provider: "shim" }).catch((e: Error) => e)) as Error;
    expect(error.message).toBe(
      `VspcApiKey "${ownerUid} portal integration" create failed: Veeam Service Provider Console answered POST /users/${ownerUid}/logins/apikey with an unexpected shape: data.userUid: Invalid input: expected string, received undefined`,
    );
  });

  it("imports by id alone: found over the logins list, proposes the key's settings, and the key stays unknown", async () => {
    const made = await provider.create({ ...args({ description: "imported key", enabled: false }), __provider: "shim" });
    emu.clearLog();
    const found = await provider.importById(made.id);
    expect(found?.inputs).toEqual({ userUid: ownerUid, description: "imported key", scopes: ["rest"], isReadAccessOnly: true, enabled: false });
    // VSPC shows the key only in the answer that issued it.
    expect(found?.props).toMatchObject({ apiKey: null, userName: made.outs.userName, companyUid: company.outs.organizationUid });
    expect(JSON.stringify(found)).not.toContain(String(made.outs.apiKey));
    expect((await provider.check!({}, found!.inputs)).failures ?? []).toEqual([]);
    expect(await provider.diff!(made.id, found!.props, found!.inputs)).toMatchObject({ changes: false, replaces: [] });
    expect(emu.requests().map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/v3/users/logins"]);
    // Updated and refreshed afterwards, the imported key keeps its unknown value.
    const updated = await provider.update!(made.id, found!.props, { ...found!.inputs, enabled: true, __provider: "shim" });
    expect(updated.outs).toMatchObject({ enabled: true, apiKey: null });
    expect((await provider.read!(made.id, updated.outs!)).props).toMatchObject({ enabled: true, apiKey: null });
    await provider.delete!(made.id, updated.outs!);
    expect(emu.inventory().logins.find((l) => String(l.id) === made.id)).toBeUndefined();
  });

  it("imports nothing, at once, for an id that names no key", async () => {
    const started = Date.now();
    await expect(provider.importById("99999")).resolves.toBeUndefined();
    await expect(provider.importById("00000000-0000-4000-8000-00000000dead")).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("reports an unknown user with VSPC's code", async () => {
    await expect(provider.create({ ...args({ userUid: "0b2d5b0e-1111-4a8f-9d6e-000000000000" }), __provider: "shim" })).rejects.toThrow(
      /Specified user does not exist\. \[Veeam Service Provider Console 1100, HTTP 404/,
    );
  });
});
