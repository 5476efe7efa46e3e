import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HEARTBEAT_ENV } from "../../../providers/core/heartbeat";
import { provider } from "../../../providers/sdp/server.provider";
import { serverArgs, useSdpEmulator } from "./setup";

const emu = useSdpEmulator({ knobs: { buildMs: 300, deleteMs: 100 } });
let stderr: string[] = [];
beforeEach(() => {
  stderr = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const create = (inputs: Record<string, unknown>) => provider.create({ ...inputs, __provider: "shim" });
const tenantPath = (p: string) => `/v1.0/${emu.credentials.tenantId}${p}`;

describe("SdpServer against the SDP emulator", () => {
  it("authenticates with Keystone once, creates with the seed's body and waits for ACTIVE", async () => {
    const { id, outs } = await create(serverArgs("esx-01", { metadata: { role: "backup" } }));
    const token = emu.requests().find((r) => r.path === "/v3/auth/tokens");
    expect(token?.body).toEqual({
      auth: {
        identity: { methods: ["password"], password: { user: { name: "sdp-user", password: emu.credentials.password, domain: { name: "Default" } } } },
        scope: { project: { id: emu.credentials.tenantId } },
      },
    });
    const post = emu.requests().find((r) => r.method === "POST" && r.path === tenantPath("/servers"));
    expect(post?.body).toEqual({
      server: {
        name: "esx-01",
        adminPass: "Esxi-Admin-Passw0rd",
        imageRef: "b5660a6e-4b46-4be3-9707-6b47221b454f",
        flavorRef: "05184ba3-00ba-4fbc-b7a2-03b62b884931",
        networks: [
          { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a22", fixed_ip: "10.0.0.100", plane: "data", segmentation_id: 2001 },
          { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a23", fixed_ip: "10.0.1.100", plane: "storage", segmentation_id: 2002 },
        ],
        availability_zone: "zone1-groupa",
        metadata: { role: "backup" },
      },
    });
    expect(post?.headers["x-auth-token"]).toBe("<redacted>");
    expect(outs).toMatchObject({ status: "ACTIVE", hypervisorType: "vsphere_esxi", powerState: "RUNNING", availabilityZone: "zone1-groupa", cfgwConnectionStatus: true });
    expect(outs.nicPhysicalPorts).toHaveLength(2);
    expect(emu.count("POST", "/v3/auth/tokens")).toBe(1);
    await provider.delete!(id, outs);
    expect(emu.inventory().servers).toEqual([]);
  });

  it("renames in place and replaces on every other change", async () => {
    const { id, outs } = await create(serverArgs("esx-rename"));
    expect(await provider.diff!(id, outs, serverArgs("esx-rename"))).toMatchObject({ changes: false });
    expect(await provider.diff!(id, outs, serverArgs("esx-renamed"))).toMatchObject({ changes: true, replaces: [] });
    expect((await provider.diff!(id, outs, serverArgs("esx-rename", { flavorRef: "other" }))).replaces).toEqual(["flavorRef"]);
    expect((await provider.diff!(id, outs, serverArgs("esx-rename", { adminPass: "Another-Passw0rd" }))).replaces).toEqual(["adminPass"]);
    const { availabilityZone: _az, ...withoutZone } = serverArgs("esx-rename");
    expect(await provider.diff!(id, outs, withoutZone)).toMatchObject({ changes: false });
    const renamed = await provider.update!(id, outs, { ...serverArgs("esx-renamed"), __provider: "shim" });
    expect(renamed.outs).toMatchObject({ name: "esx-renamed" });
    expect(emu.requests().find((r) => r.method === "PUT")?.body).toEqual({ server: { name: "esx-renamed" } });
    await provider.delete!(id, renamed.outs!);
  });

  it("records an ERROR build as init-failed with the server's id", async () => {
    const error = (await create(serverArgs("error-esx")).catch((e: unknown) => e)) as { id?: string; reasons?: string[]; properties?: Record<string, unknown> };
    expect(error.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.properties).toMatchObject({ status: "ERROR" });
    expect(error.reasons?.[0]).toMatch(/ended in status ERROR/);
    // Whole outputs, as the engine records them: the inputs with defaults, SDP's view, and __provider.
    expect(error.properties).toMatchObject({ __provider: "shim", name: "error-esx", adminPass: "Esxi-Admin-Passw0rd", description: null, metadata: {}, adopted: false });
    // An ERROR build cannot be repaired: the next diff replaces it, deleting first (the name is the natural key).
    expect(await provider.diff!(error.id!, error.properties!, serverArgs("error-esx"))).toEqual({ changes: true, replaces: ["status"], deleteBeforeReplace: true });
    await provider.delete!(error.id!, error.properties!);
  });

  it("records a server whose build outlasts the deadline as BUILD, and the next update waits for ACTIVE", async () => {
    emu.setKnobs({ buildMs: 2_500 });
    try {
      const inputs = serverArgs("esx-slow", { timeouts: { create: "1s" } });
      const error = (await create(inputs).catch((e: unknown) => e)) as { id: string; properties: Record<string, unknown>; reasons: string[] };
      expect(error.reasons[0]).toMatch(/waiting for ACTIVE failed: .*did not finish within 1s/);
      expect(error.properties).toMatchObject({ __provider: "shim", name: "esx-slow", status: "BUILD", adminPass: "Esxi-Admin-Passw0rd" });
      expect(await provider.diff!(error.id, error.properties, inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
      emu.clearLog();
      const { outs } = await provider.update!(error.id, error.properties, { ...inputs, __provider: "shim" });
      expect(outs).toMatchObject({ status: "ACTIVE", name: "esx-slow" });
      expect(await provider.diff!(error.id, outs!, inputs)).toMatchObject({ changes: false });
      expect(emu.requests().filter((r) => r.method === "PUT" || r.method === "POST" && !r.path.endsWith("/auth/tokens"))).toEqual([]);
      await provider.delete!(error.id, outs!);
    } finally {
      emu.setKnobs({ buildMs: 300 });
    }
  });

  it("records a server whose awaited build ends in ERROR during an update as init-failed, keeping its create-only outputs", async () => {
    emu.setKnobs({ buildMs: 1_500 });
    try {
      const inputs = serverArgs("error-esx-later", { timeouts: { create: "500ms" } });
      const failed = (await create(inputs).catch((e: unknown) => e)) as { id: string; properties: Record<string, unknown> };
      expect(failed.properties).toMatchObject({ status: "BUILD", adopted: false });
      const error = (await provider.update!(failed.id, failed.properties, { ...inputs, __provider: "shim" }).catch((e: unknown) => e)) as { id: string; properties: Record<string, unknown>; reasons: string[] };
      expect(error.reasons).toEqual([`SdpServer "error-esx-later" update failed: server ${failed.id} ended in status ERROR; the next \`pulumi up\` replaces it`]);
      // What the engine records: whole outputs, `adopted` among them (the kernel carries it only through an update that succeeds).
      expect(error.properties).toMatchObject({ __provider: "shim", status: "ERROR", adopted: false, name: "error-esx-later" });
      await provider.delete!(failed.id, error.properties);
    } finally {
      emu.setKnobs({ buildMs: 300 });
    }
  });

  it("deletes an ACTIVE server with one DELETE, then waits for 404", async () => {
    emu.setKnobs({ buildMs: 600 });
    try {
      const post = await create(serverArgs("esx-del"));
      emu.clearLog();
      await provider.delete!(post.id, post.outs);
      expect(emu.requests().filter((r) => r.method === "DELETE").map((r) => r.status)).toEqual([204]);
      expect(emu.requests().at(-1)?.status).toBe(404);
    } finally {
      emu.setKnobs({ buildMs: 300 });
    }
  });

  it("never sends DELETE while the server is in BUILD: waits on its status with progress lines, then deletes once", async () => {
    emu.setKnobs({ buildMs: 2_000 });
    process.env[HEARTBEAT_ENV] = "300";
    try {
      // A create whose wait gave up leaves a server in BUILD (recorded as init-failed).
      const failed = (await create(serverArgs("esx-del-build", { timeouts: { create: "700ms" } })).catch((e: unknown) => e)) as { id: string; properties: Record<string, unknown> };
      expect(failed.properties).toMatchObject({ status: "BUILD" });
      emu.clearLog();
      stderr = [];
      await provider.delete!(failed.id, failed.properties);
      // Seed "Delete Server": "You can delete server when specified server status is ACTIVE or ERROR status."
      const deletes = emu.requests().filter((r) => r.method === "DELETE");
      expect(deletes.map((r) => r.status)).toEqual([204]);
      expect(stderr.join("")).toMatch(/server [0-9a-f-]+ is BUILD.*SDP deletes only ACTIVE or ERROR servers/);
      expect(stderr.join("")).toMatch(/server [0-9a-f-]+ before its DELETE: still BUILD after \d(\.\d)?s \(\d+ checks?\)/);
      expect(emu.inventory().servers.filter((s) => s.name === "esx-del-build")).toEqual([]);
    } finally {
      delete process.env[HEARTBEAT_ENV];
      emu.setKnobs({ buildMs: 300 });
    }
  });

  it.each([
    // Seed "Delete Server" lists 400 and 409 among its errors; its sample error body is the 400 one.
    ["400", 400, { badRequest: { code: 400, message: "Request Parameter Error:\\n" } }],
    ["409", 409, { conflictingRequest: { code: 409, message: "server is not ACTIVE or ERROR" } }],
  ])("takes a %s to DELETE of a server that went back to BUILD as 'not deletable yet', waits and deletes", async (_name, status, body) => {
    emu.setKnobs({ buildMs: 1_500 });
    try {
      const failed = (await create(serverArgs(`esx-race-${status}`, { timeouts: { create: "500ms" } })).catch((e: unknown) => e)) as { id: string; properties: Record<string, unknown> };
      emu.clearLog();
      // The first look says ACTIVE (it changed right after), and the DELETE meets the BUILD.
      emu.addFaults([
        { method: "GET", path: "/v1.0/:tenantId/servers/:id", kind: { type: "status", status: 200, body: { server: { id: failed.id, name: `esx-race-${status}`, status: "ACTIVE" } } } },
        { method: "DELETE", path: "/v1.0/:tenantId/servers/:id", kind: { type: "status", status, body } },
      ]);
      await provider.delete!(failed.id, failed.properties);
      expect(emu.requests().filter((r) => r.method === "DELETE").map((r) => r.status)).toEqual([status, 204]);
      expect(emu.inventory().servers.filter((s) => s.name === `esx-race-${status}`)).toEqual([]);
    } finally {
      emu.setKnobs({ buildMs: 300 });
    }
  });

  it("does not retry a refused DELETE of a server that is ACTIVE: the refusal is not about its state", async () => {
    const made = await create(serverArgs("esx-refused"));
    emu.addFaults([{ method: "DELETE", path: "/v1.0/:tenantId/servers/:id", kind: { type: "status", status: 400, body: { badRequest: { code: 400, message: "Request Parameter Error:\\n" } } } }]);
    await expect(provider.delete!(made.id, made.outs!)).rejects.toThrow(/Request Parameter Error.*HTTP 400, DELETE \/servers\//);
    expect(emu.count("DELETE", "/v1.0/:tenantId/servers/:id")).toBe(1);
    await provider.delete!(made.id, made.outs!);
  });

  it("refreshes out-of-band deletion as gone, and adopts by name", async () => {
    const a = await create(serverArgs("esx-adopt"));
    await expect(create(serverArgs("esx-adopt"))).rejects.toThrow(
      new RegExp(`^SdpServer "esx-adopt" create failed: a server with this name already exists \\(${a.id}\\)\\. Set adopt: true to manage it with Pulumi\\.$`),
    );
    const adopted = await create(serverArgs("esx-adopt", { adopt: true }));
    expect(adopted).toMatchObject({ id: a.id, outs: { adopted: true } });
    emu.removeServer(a.id);
    expect(await provider.read!(a.id, a.outs)).toEqual({});
  });

  it("logs in again once when the token is revoked", async () => {
    const a = await create(serverArgs("esx-token"));
    emu.revokeTokens();
    expect((await provider.read!(a.id, a.outs)).props).toMatchObject({ status: "ACTIVE" });
    expect(emu.count("POST", "/v3/auth/tokens")).toBe(2);
    await provider.delete!(a.id, a.outs);
  });

  it("ends with one server when the create answer is lost after SDP accepted it", async () => {
    emu.addFaults([{ method: "POST", path: "/v1.0/:tenantId/servers", kind: { type: "commit-then-drop" } }]);
    const made = await create(serverArgs("esx-dropped"));
    expect(emu.inventory().servers.filter((s) => s.name === "esx-dropped")).toHaveLength(1);
    expect(emu.count("POST", "/v1.0/:tenantId/servers")).toBe(1);
    await provider.delete!(made.id, made.outs!);
  });

  it("sends the create again when the lookup proves it did not land", async () => {
    emu.addFaults([{ method: "POST", path: "/v1.0/:tenantId/servers", kind: { type: "status", status: 503, body: { serviceUnavailable: { code: 503, message: "busy" } } } }]);
    const made = await create(serverArgs("esx-resent"));
    expect(emu.inventory().servers.filter((s) => s.name === "esx-resent")).toHaveLength(1);
    expect(emu.count("POST", "/v1.0/:tenantId/servers")).toBe(2);
    await provider.delete!(made.id, made.outs!);
  });

  it("sends nothing for invalid inputs", async () => {
    const net = serverArgs("x").networks[0];
    const cases: [Record<string, unknown>, string][] = [
      [serverArgs("x", { networks: [net] }), "networks"],
      [serverArgs("x", { networks: [net, net, net, net, net] }), "networks"],
      [serverArgs("x", { networks: [net, { ...net, segmentationId: 4094 }] }), "networks[1].segmentationId"],
      [serverArgs("x", { networks: [net, { ...net, segmentationId: 3 }] }), "networks[1].segmentationId"],
      [serverArgs("x", { networks: [net, { ...net, plane: "mgmt" }] }), "networks[1].plane"],
      [serverArgs("x", { adminPass: "short" }), "adminPass"],
      [serverArgs(""), "name"],
    ];
    for (const [news, property] of cases) {
      expect(((await provider.check!({}, news)).failures ?? []).map((f) => f.property)).toContain(property);
      await expect(create(news)).rejects.toThrow(/invalid inputs/);
    }
    expect(emu.requests()).toHaveLength(0);
  });

  it("keeps the admin password, Keystone password and token out of errors and logs", async () => {
    emu.addFaults([{ method: "POST", path: "/v1.0/:tenantId/servers", kind: { type: "status", status: 400, body: { badRequest: { code: 400, message: "bad adminPass Esxi-Admin-Passw0rd" } } } }]);
    const error = (await create(serverArgs("esx-secret")).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/bad adminPass \[redacted\] \[Smart Data Platform badRequest, HTTP 400, POST \/servers\]/);
    const haystack = `${error.message}${error.stack}${stderr.join("")}`;
    for (const secret of ["Esxi-Admin-Passw0rd", emu.credentials.password]) expect(haystack).not.toContain(secret);
  });
});
