import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startSppEmulator, type SppEmulator } from "../../../emulators";
import { setStackConfig } from "../../../providers/core/config";
import { closeAllAgents } from "../../../providers/core/transport";
import { resetSppClients } from "../../../providers/spp/client";
import { AdoptionRequiredError, ObjectGoneError } from "../../../providers/core/errors";
import { SppHypervisorCredentialsError, SppHypervisorUnreachableError } from "../../../providers/spp/errors";
import { provider } from "../../../providers/spp/hypervisor.provider";

let emu: SppEmulator;
let stderr: string[] = [];

function configure(extra: Record<string, string> = {}): void {
  const values: Record<string, string> = { ...emu.stackConfig(), ...extra };
  setStackConfig({ get: (k) => values[k] });
}

beforeAll(async () => {
  emu = await startSppEmulator({ port: 0, tls: true, knobs: { inventoryMs: 50 } });
});

afterAll(async () => {
  await closeAllAgents();
  await emu.close();
});

beforeEach(() => {
  resetSppClients();
  configure();
  emu.clearLog();
  emu.clearFaults();
  stderr = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

const vmware = (host: string, extra: Record<string, unknown> = {}) => ({
  hostAddress: host,
  type: "vmware",
  username: "administrator@vsphere.local",
  password: "vc-Password-1",
  ...extra,
});

async function create(inputs: Record<string, unknown>) {
  return provider.create({ ...inputs, __provider: "shim" });
}

function hypervisorsNamed(host: string): unknown[] {
  return emu.inventory().hypervisors.filter((h: { hostAddress: string }) => h.hostAddress === host);
}

describe("SppHypervisor against the SPP emulator", () => {
  it("registers with an identity href exactly as the seed's request shows", async () => {
    const user = emu.seedIdentityUser({ name: "vc-admin", username: "AD\\sarah.wiseman", password: "vc-Password-1" });
    const res = await create({ hostAddress: "10.0.0.10", type: "vmware", identityUserHref: user.href });
    const post = emu.requests().find((r) => r.method === "POST" && r.path === "/ngp/hypervisor");
    expect(post?.body).toEqual({
      hostAddress: "10.0.0.10",
      portNumber: 443,
      type: "vmware",
      username: user.href,
      sslConnection: true,
      opProperties: { snapshotConcurrency: 3 },
    });
    expect(res.id).toMatch(/^\d+$/);
    expect(res.outs).toMatchObject({
      hostAddress: "10.0.0.10",
      type: "vmware",
      portNumber: 443,
      sslConnection: true,
      snapshotConcurrency: 3,
      name: "10.0.0.10",
      rbacPath: `root:0/hypervisor.all:0/hypervisor.type:vmware/hypervisor:${res.id}`,
      version: null,
      adopted: false,
      serverUrl: emu.url,
    });
    expect(res.outs.uniqueId).toMatch(/^[0-9a-f-]{36}$/);
    await provider.delete!(res.id, res.outs);
  });

  it("registers Hyper-V with user name and password, defaulting to port 5986", async () => {
    const res = await create({ hostAddress: "hyperv.dallas.example", type: "hyperv", username: "AD\\sarah", password: "hv-Password-1" });
    const post = emu.requests().find((r) => r.method === "POST" && r.path === "/ngp/hypervisor");
    expect(post?.body).toMatchObject({ portNumber: 5986, type: "hyperv", username: "AD\\sarah", password: "hv-Password-1" });
    expect(res.outs.userHref).toMatch(/\/api\/identity\/user\/\d+$/);
    expect(JSON.stringify(emu.inventory())).not.toContain("hv-Password-1");
    await provider.delete!(res.id, res.outs);
  });

  it("reads, updates in place, sees out-of-band changes and deletion", async () => {
    const { id, outs } = await create(vmware("vc-rud.example"));
    expect((await provider.read!(id, outs)).props).toMatchObject({ portNumber: 443, snapshotConcurrency: 3 });

    const updated = await provider.update!(id, outs, { ...vmware("vc-rud.example", { snapshotConcurrency: 6, portNumber: 8443 }), __provider: "shim" });
    expect(updated.outs).toMatchObject({ snapshotConcurrency: 6, portNumber: 8443 });
    const put = emu.requests().find((r) => r.method === "PUT");
    expect(put?.path).toBe(`/ngp/hypervisor/${id}`);
    expect(put?.body).toMatchObject({ portNumber: 8443, opProperties: { snapshotConcurrency: 6 } });

    emu.mutateHypervisor(id, { portNumber: 9443 });
    const refreshed = await provider.read!(id, updated.outs!);
    expect(refreshed.props).toMatchObject({ portNumber: 9443 });
    const diff = await provider.diff!(id, refreshed.props!, { ...vmware("vc-rud.example", { snapshotConcurrency: 6, portNumber: 8443 }) });
    expect(diff).toMatchObject({ changes: true, replaces: [] });

    emu.removeHypervisor(id);
    expect(await provider.read!(id, updated.outs!)).toEqual({});
    await expect(provider.delete!(id, updated.outs!)).resolves.toBeUndefined();
  });

  it("refuses to duplicate an existing registration, and adopts it when asked", async () => {
    const first = await create(vmware("vc-adopt.example"));
    const refused = (await create(vmware("vc-adopt.example")).catch((e: unknown) => e)) as Error;
    expect(refused).toBeInstanceOf(AdoptionRequiredError);
    expect(refused.message).toBe(
      `SppHypervisor "vc-adopt.example" create failed: a Spectrum Protect Plus registration of this host address already exists (${first.id}). Set adopt: true to manage it with Pulumi, or remove it first.`,
    );
    const adopted = await create(vmware("vc-adopt.example", { adopt: true, snapshotConcurrency: 4 }));
    expect(adopted.id).toBe(first.id);
    expect(adopted.outs).toMatchObject({ adopted: true, snapshotConcurrency: 4 });
    expect(hypervisorsNamed("vc-adopt.example")).toHaveLength(1);
    await provider.delete!(adopted.id, adopted.outs);
  });

  it("turns SPP's 400 into one line naming the host and the cause", async () => {
    const error = await create(vmware("10.0.0.200")).catch((e: Error) => e);
    expect(error).toBeInstanceOf(SppHypervisorUnreachableError);
    const message = (error as Error).message;
    expect(message).toMatch(/^SppHypervisor "10\.0\.0\.200" create failed: Spectrum Protect Plus could not connect to the hypervisor — /);
    expect(message).toMatch(/ \[Spectrum Protect Plus HypervisorConnectionException, HTTP 400, POST \/ngp\/hypervisor\]$/);
    expect(message).toContain("Could not connect to server 10.0.0.200");
    expect(message).toContain("HypervisorConnectionException");
    expect(message).not.toContain("\n");
    expect(message).not.toContain("vc-Password-1");
  });

  it.each([
    ["vmware", "HypervisorConnectionAuthException"],
    ["hyperv", "HypervisorAuthException"],
  ])("turns SPP's 401 for %s credentials into %s without the password", async (type, id) => {
    const error = (await create({ hostAddress: `bad-${type}.example`, type, username: "u", password: "wrong-password" }).catch((e: Error) => e)) as Error;
    expect(error).toBeInstanceOf(SppHypervisorCredentialsError);
    expect(error.message).toMatch(new RegExp(`^SppHypervisor "bad-${type}\\.example" create failed: the hypervisor rejected the credentials — Authentication failed\\.`));
    expect(error.message).toContain(id);
    expect(error.message).not.toContain("wrong-password");
    expect(error.message).not.toContain("\n");
    expect(error.stack).not.toContain("wrong-password");
  });

  it("logs in exactly once for many concurrent operations", async () => {
    const hosts = Array.from({ length: 12 }, (_, i) => `vc-many-${i}.example`);
    const made = await Promise.all(hosts.map((h) => create(vmware(h))));
    await Promise.all(made.map((m) => provider.read!(m.id, m.outs)));
    await Promise.all(made.map((m) => provider.delete!(m.id, m.outs)));
    expect(emu.count("POST", "/api/endeavour/session")).toBe(1);
  });

  it("renews an expired session once, without failing the operation", async () => {
    const made = await create(vmware("vc-expiry.example"));
    emu.expireSessions();
    await Promise.all([provider.read!(made.id, made.outs), provider.read!(made.id, made.outs), provider.read!(made.id, made.outs)]);
    await provider.delete!(made.id, made.outs);
    expect(emu.count("POST", "/api/endeavour/session")).toBe(2);
  });

  it("ends with one hypervisor when the create response is lost after SPP committed it", async () => {
    emu.addFaults([{ method: "POST", path: "/ngp/hypervisor", kind: { type: "commit-then-drop" } }]);
    const res = await create(vmware("vc-dropped.example"));
    expect(hypervisorsNamed("vc-dropped.example")).toHaveLength(1);
    expect(emu.count("POST", "/ngp/hypervisor")).toBe(1);
    await provider.delete!(res.id, res.outs);
  });

  it("sends the create again when the lookup proves the first attempt did not land", async () => {
    emu.addFaults([{ method: "POST", path: "/ngp/hypervisor", kind: { type: "status", status: 503 } }]);
    const res = await create(vmware("vc-retry.example"));
    expect(hypervisorsNamed("vc-retry.example")).toHaveLength(1);
    expect(emu.count("POST", "/ngp/hypervisor")).toBe(2);
    await provider.delete!(res.id, res.outs);
  });

  it("retries reads through transient gateway errors", async () => {
    const made = await create(vmware("vc-flaky.example"));
    emu.addFaults([{ method: "GET", path: "/api/hypervisor/:id", times: 2, kind: { type: "status", status: 502 } }]);
    expect((await provider.read!(made.id, made.outs)).id).toBe(made.id);
    await provider.delete!(made.id, made.outs);
  });

  it("waits for the first inventory and reports the hypervisor's version", async () => {
    const res = await create(vmware("vc-inventory.example", { waitForInventory: true }));
    expect(res.outs).toMatchObject({ inventoryStatus: "COMPLETED" });
    expect(res.outs.version).toEqual(expect.any(String));
    await provider.delete!(res.id, res.outs);
  });

  it("records the id when the inventory fails (init failed)", async () => {
    emu.setKnobs({ inventoryFails: true });
    try {
      const error = (await create(vmware("vc-inv-fail.example", { waitForInventory: true })).catch((e: unknown) => e)) as {
        id?: string;
        properties?: Record<string, unknown>;
        reasons?: string[];
      };
      expect(error.id).toMatch(/^\d+$/);
      expect(error.properties).toMatchObject({ hostAddress: "vc-inv-fail.example", inventoryStatus: "FAILED" });
      expect(error.reasons?.[0]).toMatch(/first inventory of vc-inv-fail\.example failed/);
      emu.removeHypervisor(error.id!);
    } finally {
      emu.setKnobs({ inventoryFails: false });
    }
  });

  it("records a failed inventory as whole outputs with __provider, and the next update runs it again", async () => {
    emu.setKnobs({ inventoryFails: true });
    const inputs = vmware("vc-inv-again.example", { waitForInventory: true });
    let recorded: Record<string, unknown>;
    try {
      const error = (await create(inputs).catch((e: unknown) => e)) as { id: string; properties: Record<string, unknown> };
      recorded = error.properties;
      // What the engine stores as the outputs: a successful create's shape, and the host needs __provider to load the provider again.
      expect(recorded).toMatchObject({ __provider: "shim", hostAddress: "vc-inv-again.example", portNumber: 443, sslConnection: true, snapshotConcurrency: 3, password: "vc-Password-1", waitForInventory: true, serverUrl: emu.url, adopted: false, inventoryStatus: "FAILED" });
      // Unfinished work shows as an update, from the recorded outputs alone (a refresh clears the engine's init errors).
      expect(await provider.diff!(error.id, recorded, { ...inputs, __provider: "shim" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
      // Still failing: the update is init-failed again, with the same whole outputs.
      const again = (await provider.update!(error.id, recorded, { ...inputs, __provider: "shim" }).catch((e: unknown) => e)) as { id: string; properties: Record<string, unknown> };
      expect(again).toMatchObject({ id: error.id, properties: { __provider: "shim", hostAddress: "vc-inv-again.example", inventoryStatus: "FAILED" } });
    } finally {
      emu.setKnobs({ inventoryFails: false });
    }
    emu.clearLog();
    const id = String(hypervisorsNamed("vc-inv-again.example").map((h) => (h as { id: string }).id)[0]);
    const repaired = await provider.update!(id, recorded, { ...inputs, __provider: "shim" });
    expect(repaired.outs).toMatchObject({ inventoryStatus: "COMPLETED", serverUrl: emu.url });
    // Nothing to change in the registration: only the inventory is run again.
    expect(emu.requests().filter((r) => r.method === "PUT")).toEqual([]);
    expect(emu.requests().filter((r) => r.method === "POST" && r.route !== "/api/endeavour/session").map((r) => r.route)).toEqual(["/api/endeavour/job/:id"]);
    expect(hypervisorsNamed("vc-inv-again.example")).toHaveLength(1);
    expect(await provider.diff!(id, repaired.outs!, { ...inputs, __provider: "shim" })).toMatchObject({ changes: false });
    await provider.delete!(id, recorded);
    expect(hypervisorsNamed("vc-inv-again.example")).toEqual([]);
  });

  it("records an adopted registration whose inventory fails again on update as still adopted", async () => {
    // Every inventory fails from here, also the run the registration itself starts (the adopting create may wait for that one).
    emu.setKnobs({ inventoryFails: true });
    const first = await create(vmware("vc-adopt-inv.example"));
    try {
      const inputs = vmware("vc-adopt-inv.example", { adopt: true, waitForInventory: true });
      const created = (await create(inputs).catch((e: unknown) => e)) as { id: string; properties: Record<string, unknown> };
      expect(created).toMatchObject({ id: first.id, properties: { adopted: true, inventoryStatus: "FAILED" } });
      const again = (await provider.update!(first.id, created.properties, { ...inputs, __provider: "shim" }).catch((e: unknown) => e)) as { id: string; properties: Record<string, unknown> };
      expect(again).toMatchObject({ id: first.id, properties: { adopted: true, inventoryStatus: "FAILED", serverUrl: emu.url } });
    } finally {
      emu.setKnobs({ inventoryFails: false });
    }
    await provider.delete!(first.id, first.outs);
  });

  it("records a registration that landed after the deadline as not adopted, at this server", async () => {
    emu.addFaults([{ method: "POST", path: "/ngp/hypervisor", kind: { type: "stall", ms: 2_500 } }]);
    const error = (await create(vmware("vc-late.example", { timeouts: { create: "1s" } })).catch((e: unknown) => e)) as { id?: string; properties?: Record<string, unknown>; reasons?: string[] };
    expect(error.reasons?.[0]).toMatch(/^SppHypervisor "vc-late\.example" create did not finish within 1s .*; the registration landed anyway as \d+ and is recorded/);
    expect(error.properties).toMatchObject({ __provider: "shim", hostAddress: "vc-late.example", adopted: false, serverUrl: emu.url, inventoryStatus: null });
    expect(hypervisorsNamed("vc-late.example")).toHaveLength(1);
    await provider.delete!(error.id!, error.properties!);
    expect(hypervisorsNamed("vc-late.example")).toEqual([]);
  });

  it("reads, updates and deletes at the SPP server create recorded, whatever the connection says now", async () => {
    const made = await create(vmware("vc-recorded-server.example"));
    resetSppClients();
    configure({ "spp:url": "https://127.0.0.1:9" });
    expect((await provider.read!(made.id, made.outs)).props).toMatchObject({ hostAddress: "vc-recorded-server.example", serverUrl: emu.url });
    const updated = await provider.update!(made.id, made.outs, { ...vmware("vc-recorded-server.example", { snapshotConcurrency: 5 }), __provider: "shim" });
    expect(updated.outs).toMatchObject({ snapshotConcurrency: 5, serverUrl: emu.url, adopted: false });
    await provider.delete!(made.id, updated.outs!);
    expect(hypervisorsNamed("vc-recorded-server.example")).toEqual([]);
  });

  it("imports by id alone: the identity user at this server instead of the password, the server recorded, no change after", async () => {
    const made = await create(vmware("vc-imported.example", { snapshotConcurrency: 7 }));
    const found = await provider.importById(made.id);
    const userId = String(made.outs.userHref).split("/").pop();
    expect(found?.inputs).toEqual({
      hostAddress: "vc-imported.example",
      type: "vmware",
      portNumber: 443,
      sslConnection: true,
      snapshotConcurrency: 7,
      // SPP reports the user's href with port -1: the href proposed is at the server read from.
      identityUserHref: `${new URL(emu.url).origin}/api/identity/user/${userId}`,
    });
    expect(found?.props).toMatchObject({ serverUrl: emu.url, userHref: made.outs.userHref });
    expect((await provider.check!({}, found!.inputs)).failures ?? []).toEqual([]);
    expect(await provider.diff!(made.id, found!.props, found!.inputs)).toMatchObject({ changes: false, replaces: [] });
    // The proposed href is one SPP takes: an update with it keeps the same identity user.
    const updated = await provider.update!(made.id, found!.props, { ...found!.inputs, snapshotConcurrency: 8, __provider: "shim" });
    expect(updated.outs).toMatchObject({ snapshotConcurrency: 8, userHref: made.outs.userHref });
    await provider.delete!(made.id, updated.outs!);
    emu.clearLog();
    expect(await provider.importById(made.id)).toBeUndefined();
    expect(emu.requests().filter((r) => r.path.startsWith("/api/hypervisor/"))).toHaveLength(1);
  });

  it("fails an update with nothing to change when the registration is gone, naming it once", async () => {
    const made = await create(vmware("vc-gone.example"));
    emu.removeHypervisor(made.id);
    const error = (await provider.update!(made.id, made.outs, { ...vmware("vc-gone.example"), __provider: "shim" }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ObjectGoneError);
    expect(error.message).toBe(`SppHypervisor "vc-gone.example" update failed: hypervisor ${made.id} is no longer registered`);
    expect(emu.requests().filter((r) => r.method === "PUT")).toEqual([]);
  });

  it("stops at the create deadline", async () => {
    emu.setKnobs({ latencyMs: 1_500 });
    try {
      await expect(create(vmware("vc-slow.example", { timeouts: { create: "1s" } }))).rejects.toThrow(
        /SppHypervisor "vc-slow\.example" create did not finish within 1s/,
      );
    } finally {
      emu.setKnobs({ latencyMs: 0 });
    }
  });

  it("verifies TLS by default and names the problem", async () => {
    configure({ "spp:caCert": "" });
    await expect(create(vmware("vc-tls.example"))).rejects.toThrow(/certificate/i);
    resetSppClients();
    configure({ "spp:caCert": "", "spp:insecure": "true" });
    const res = await create(vmware("vc-tls.example"));
    await provider.delete!(res.id, res.outs);
    const warnings = stderr.join("").split("\n").filter((l) => l.includes("TLS certificate verification is OFF"));
    expect(warnings).toEqual([`[pulumi-backup-infra] warn spp: TLS certificate verification is OFF for ${emu.url} (insecure: true); use caCert instead outside a lab`]);
  });

  it("sends nothing for invalid inputs", async () => {
    const bad = [
      { hostAddress: 5, type: "vmware", username: "u", password: "pw-pw-pw" },
      { hostAddress: "h.example", type: "vmware", username: "u", password: "pw-pw-pw", portNumber: 70000 },
      { hostAddress: "h.example", type: "xen", username: "u", password: "pw-pw-pw" },
      { hostAddress: "h.example", type: "vmware" },
      { hostAddress: "h.example", type: "vmware", username: "u", password: "pw-pw-pw", identityUserHref: "https://spp/api/identity/user/1" },
    ];
    for (const news of bad) {
      expect((await provider.check!({}, news)).failures?.length).toBeGreaterThan(0);
      await expect(create(news)).rejects.toThrow(/invalid inputs/);
    }
    expect(emu.requests()).toHaveLength(0);
  });

  it("masks a password even when the server echoes it back", async () => {
    emu.addFaults([
      // The seed's envelope of an /ngp/ error (l.124-134).
      { method: "POST", path: "/ngp/hypervisor", kind: { type: "status", status: 400, body: { statusCode: 400, response: { id: "X", description: "bad password Echo-Me-Secret-1", title: "Error" } } } },
    ]);
    const error = (await create(vmware("vc-echo.example", { password: "Echo-Me-Secret-1" })).catch((e: Error) => e)) as Error;
    expect(error.message).toContain("bad password [redacted]");
    expect(`${error.message}${error.stack}`).not.toContain("Echo-Me-Secret-1");
  });

  it("keeps passwords and session ids out of errors, logs and non-secret outputs", async () => {
    const made = await create(vmware("vc-secrets.example", { password: "Sup3r-Secret-VC" }));
    const errors: string[] = [];
    for (const attempt of [
      () => create(vmware("10.0.0.200", { password: "Sup3r-Secret-VC" })),
      () => create(vmware("vc-wrong.example", { password: "wrong-password" })),
      () => create(vmware("vc-secrets.example", { password: "Sup3r-Secret-VC" })),
    ]) {
      const e = (await attempt().catch((x: Error) => x)) as Error;
      errors.push(`${e.message}\n${e.stack ?? ""}`);
    }
    const sessionIds = emu.inventory().sessions.map((s: { id: string }) => s.id);
    expect(sessionIds.length).toBeGreaterThan(0);
    const { password: _secret, connection: _conn, ...nonSecret } = made.outs as Record<string, unknown>;
    const haystack = [...errors, ...stderr, JSON.stringify(nonSecret)].join("\n");
    for (const secret of ["Sup3r-Secret-VC", "wrong-password", emu.credentials.password, ...sessionIds]) {
      expect(haystack).not.toContain(secret);
    }
    expect(stderr.join("")).toContain("vc-secrets.example");
    await provider.delete!(made.id, made.outs);
  });
});
