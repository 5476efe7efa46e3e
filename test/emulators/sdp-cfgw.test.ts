import { Agent, request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSdpEmulator, type SdpEmulator } from "../../emulators";

/** The SDP emulator's CFGW connection: up once ACTIVE, taken down by `breakCfgw`, re-established by the bodiless POST update, kept by snapshots. */

const opened: SdpEmulator[] = [];
let agent: Agent;

beforeAll(() => {
  agent = new Agent({ connect: { rejectUnauthorized: false } });
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((e) => e.close()));
});
afterAll(async () => {
  await agent.close();
});

/** An emulator whose builds end when the test moves its clock, and a caller logged in to it. */
async function open(): Promise<{ emu: SdpEmulator; call: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Record<string, unknown> | null }> }> {
  const emu = await startSdpEmulator({ knobs: { buildMs: 600_000 } });
  opened.push(emu);
  let token = "";
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await request(`${emu.url}${path}`, {
      method: method as "GET",
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token ? { "x-auth-token": token } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: agent,
    });
    if (path === "/v3/auth/tokens") token = String(res.headers["x-subject-token"] ?? "");
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  };
  const c = emu.credentials;
  await call("POST", "/v3/auth/tokens", { auth: { identity: { methods: ["password"], password: { user: { name: c.username, password: c.password, domain: { name: "Default" } } } }, scope: { project: { id: c.tenantId } } } });
  return { emu, call };
}

const cfgwOf = (answer: { body: Record<string, unknown> | null }) => (answer.body?.server as { cfgw_connection: Record<string, unknown> }).cfgw_connection;

describe("the SDP emulator's CFGW connection", () => {
  it("is down while the server builds, up once ACTIVE; a break before ACTIVE means it was never established", async () => {
    const { emu, call } = await open();
    const t = (p: string) => `/v1.0/${emu.credentials.tenantId}${p}`;
    const make = async (name: string) => ((await call("POST", t("/servers"), { server: { name, adminPass: "x".repeat(12), imageRef: "i", flavorRef: "f", networks: [{ uuid: "n" }] } })).body?.server as { id: string }).id;
    const id = await make("esx-a");
    const early = await make("esx-b");
    expect(cfgwOf(await call("GET", t(`/servers/${id}/cfgw_connection`)))).toMatchObject({ status: false, error_type: "NOT_CONNECTED", last_established_at: null });
    emu.breakCfgw(early, "EMULATED_LINK_DOWN");
    emu.advanceClock(600_000);
    const up = cfgwOf(await call("GET", t(`/servers/${id}/cfgw_connection`)));
    expect(up).toMatchObject({ status: true, error_type: null, last_established_at: expect.any(String) });
    expect(cfgwOf(await call("GET", t(`/servers/${early}/cfgw_connection`)))).toMatchObject({ status: false, error_type: "EMULATED_LINK_DOWN", last_established_at: null });

    // Down after it was up: last_established_at stays, updated_at moves; the POST re-establishes it now.
    emu.advanceClock(60_000);
    emu.breakCfgw(id, "EMULATED_LINK_DOWN");
    const down = cfgwOf(await call("GET", t(`/servers/${id}/cfgw_connection`)));
    expect(down).toMatchObject({ status: false, error_type: "EMULATED_LINK_DOWN", last_established_at: up.last_established_at });
    expect(Date.parse(String(down.updated_at))).toBeGreaterThan(Date.parse(String(up.updated_at)));
    emu.advanceClock(60_000);
    const updated = await call("POST", t(`/servers/${id}/cfgw_connection`));
    expect(updated.body?.info).toBe("Successfully updated");
    expect(Date.parse(String(cfgwOf(updated).last_established_at))).toBeGreaterThan(Date.parse(String(up.last_established_at)));
    expect(emu.inventory().servers.find((s) => s.id === id)?.cfgw_connection_status).toBe(true);
  });

  it("keeps a break, sticky or not, through snapshot and restore", async () => {
    const { emu, call } = await open();
    const t = (p: string) => `/v1.0/${emu.credentials.tenantId}${p}`;
    const made = async (name: string) => ((await call("POST", t("/servers"), { server: { name, adminPass: "x".repeat(12), imageRef: "i", flavorRef: "f", networks: [{ uuid: "n" }] } })).body?.server as { id: string }).id;
    const sticky = await made("esx-sticky");
    const loose = await made("esx-loose");
    emu.advanceClock(600_000);
    emu.breakCfgw(sticky, "EMULATED_STICKY", { sticky: true });
    emu.breakCfgw(loose, "EMULATED_LINK_DOWN");
    const snapshot = emu.snapshot();

    const { emu: fresh, call: again } = await open();
    fresh.restore({ ...snapshot, url: fresh.url }, { secrets: [] });
    const f = (p: string) => `/v1.0/${fresh.credentials.tenantId}${p}`;
    expect(cfgwOf(await again("GET", f(`/servers/${loose}/cfgw_connection`)))).toMatchObject({ status: false, error_type: "EMULATED_LINK_DOWN" });
    expect(cfgwOf(await again("POST", f(`/servers/${sticky}/cfgw_connection`)))).toMatchObject({ status: false, error_type: "EMULATED_STICKY" });
    expect(cfgwOf(await again("POST", f(`/servers/${loose}/cfgw_connection`)))).toMatchObject({ status: true, error_type: null });
    expect(fresh.snapshot().servers.find((s) => s.id === sticky)?.cfgw?.broken).toEqual({ errorType: "EMULATED_STICKY", sticky: true });
  });
});
