import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNsxEmulator, startScpEmulator, startSdpEmulator, startSppEmulator, startVspcEmulator } from "../../emulators";

interface Started {
  url: string;
  close(): Promise<void>;
}

async function call(url: string, method: string, body?: unknown, raw?: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method, headers: body !== undefined || raw !== undefined ? { "content-type": "application/json" } : {}, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body: parsed };
}

/** A 400 whose `error` is one line naming the field, not a 500 carrying zod's issue list. */
function expectOneLine400(answer: { status: number; body: unknown }, path: RegExp): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(400);
  const error = (answer.body as { error?: unknown }).error;
  expect(typeof error).toBe("string");
  expect(error as string).not.toContain("\n");
  expect(error as string).toMatch(path);
}

const VENDORS: { vendor: string; start: () => Promise<Started>; goodSeed: unknown; badSeed: unknown; badSeedPath: RegExp }[] = [
  { vendor: "spp", start: () => startSppEmulator({ tls: false }), goodSeed: { identityUsers: [{ name: "ops", username: "ops", password: "ops-password-1" }] }, badSeed: { identityUsers: [{ name: "ops", username: 7 }] }, badSeedPath: /^identityUsers\.0\.username: / },
  { vendor: "vspc", start: () => startVspcEmulator({ tls: false }), goodSeed: { adminApiKeys: [{ isReadAccessOnly: true }] }, badSeed: { adminApiKeys: [{ isReadAccessOnly: "yes" }] }, badSeedPath: /^adminApiKeys\.0\.isReadAccessOnly: / },
  { vendor: "sdp", start: () => startSdpEmulator({ tls: false }), goodSeed: { contracts: [{ contractYear: 1, startInMonths: -1, cores: 16 }] }, badSeed: { contracts: [{ contractYear: 1, startInMonths: 0, cores: -4 }] }, badSeedPath: /^contracts\.0\.cores: / },
  {
    vendor: "nsx",
    start: () => startNsxEmulator({ tls: false }),
    goodSeed: { groups: [{ groupId: "g1", map: [{ ls_id: "ls-1", vm_and_vnics_mapping: [{ vm_instance_id: "vm-1", vnics: ["vnic-1"] }] }] }] },
    badSeed: { groups: [{ groupId: "g1", map: [{ ls_id: 1 }] }] },
    badSeedPath: /^groups\.0\.map\.0\.ls_id: /,
  },
  { vendor: "scp", start: () => startScpEmulator({ tls: false }), goodSeed: { servers: [{ id: "vm-proxy-template", name: "proxy-template" }] }, badSeed: { servers: [{ id: "vm-1" }] }, badSeedPath: /^servers\.0\.name: / },
];

describe.each(VENDORS)("$vendor control API", ({ start, goodSeed, badSeed, badSeedPath }) => {
  let e: Started;
  beforeAll(async () => {
    e = await start();
  });
  afterAll(async () => {
    await e?.close();
  });

  it("answers bad knobs, faults and clock input with a one-line 400", async () => {
    expectOneLine400(await call(`${e.url}/_emulator/knobs`, "PUT", { latencyMs: -1 }), /^latencyMs: /);
    expectOneLine400(await call(`${e.url}/_emulator/knobs`, "PUT", { noSuchKnob: 1 }), /^\(root\): /);
    expectOneLine400(await call(`${e.url}/_emulator/faults`, "POST", [{ method: "GET", path: "/x", kind: { type: "status", status: 42 } }]), /^0\.kind\.status: /);
    expectOneLine400(await call(`${e.url}/_emulator/clock`, "POST", { advanceMs: "soon" }), /^advanceMs: /);
    expectOneLine400(await call(`${e.url}/_emulator/seed`, "POST", undefined, "{not json"), /JSON/);
  });

  it("refuses a bad seed with the field's path, and takes a good one", async () => {
    expectOneLine400(await call(`${e.url}/_emulator/seed`, "POST", badSeed), badSeedPath);
    expectOneLine400(await call(`${e.url}/_emulator/seed`, "POST", { noSuchObjects: [] }), /^\(root\): /);
    const made = await call(`${e.url}/_emulator/seed`, "POST", goodSeed);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
  });

  it("lists its endpoints at the control root", async () => {
    const index = await call(`${e.url}/_emulator/`, "GET");
    expect(index.status).toBe(200);
    expect((index.body as { endpoints: string[] }).endpoints).toEqual(expect.arrayContaining(["GET /_emulator/inventory", "POST /_emulator/seed", "PUT /_emulator/knobs"]));
  });
});

describe("seeding over the control API", () => {
  it("SCP: a server with the id given exists (the estate's proxy source VM), a second with that id is refused", async () => {
    const scp = await startScpEmulator({ tls: false });
    try {
      const made = await call(`${scp.url}/_emulator/seed`, "POST", { servers: [{ id: "vm-proxy-template", name: "proxy-template" }], images: [{ id: "img-base", name: "base", sourceVmId: "vm-proxy-template", imageType: "public" }] });
      expect(made).toEqual({ status: 201, body: { servers: ["vm-proxy-template"], images: ["img-base"] } });
      expect(scp.inventory().servers).toEqual([expect.objectContaining({ id: "vm-proxy-template", name: "proxy-template", status: "running" })]);
      expect(scp.inventory().images).toEqual([expect.objectContaining({ id: "img-base", source_server_id: "vm-proxy-template", image_type: "public", status: "active" })]);
      expectOneLine400(await call(`${scp.url}/_emulator/seed`, "POST", { servers: [{ id: "vm-proxy-template", name: "again" }] }), /^servers\.0\.id: a server vm-proxy-template exists already$/);
      expectOneLine400(await call(`${scp.url}/_emulator/seed`, "POST", { servers: [{ id: "a", name: "x" }, { id: "a", name: "y" }] }), /^servers: the id a is given twice$/);
      expect(scp.inventory().servers).toHaveLength(1);
    } finally {
      await scp.close();
    }
  });

  it("VSPC: a seeded administrator API key is in the answer and the inventory", async () => {
    const vspc = await startVspcEmulator({ tls: false });
    try {
      const made = await call(`${vspc.url}/_emulator/seed`, "POST", { adminApiKeys: [{}] });
      expect(made.status).toBe(201);
      expect((made.body as { adminApiKeys: string[] }).adminApiKeys).toHaveLength(1);
      expect(vspc.inventory().logins).toHaveLength(1);
    } finally {
      await vspc.close();
    }
  });

  it("SPP, SDP, NSX: the seeded objects are in the inventory", async () => {
    const spp = await startSppEmulator({ tls: false });
    const sdp = await startSdpEmulator({ tls: false });
    const nsx = await startNsxEmulator({ tls: false });
    try {
      await call(`${spp.url}/_emulator/seed`, "POST", { identityUsers: [{ name: "ops", username: "ops", password: "ops-password-1" }] });
      expect(spp.inventory().users).toEqual([expect.objectContaining({ name: "ops", username: "ops" })]);
      await call(`${sdp.url}/_emulator/seed`, "POST", { contracts: [{ contractYear: 1, startInMonths: -1, cores: 16 }] });
      expect(sdp.contracts()).toHaveLength(1);
      await call(`${nsx.url}/_emulator/seed`, "POST", { groups: [{ groupId: "g1", map: [] }] });
      expect((await call(`${nsx.url}/_emulator/inventory`, "GET")).body).toEqual({ "g1|": { map: [], failedVmInstanceIds: [] } });
    } finally {
      await Promise.all([spp.close(), sdp.close(), nsx.close()]);
    }
  });
});
