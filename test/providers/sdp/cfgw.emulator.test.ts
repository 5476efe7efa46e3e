import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { provider } from "../../../providers/sdp/server.provider";
import { captureStderr } from "../capture-stderr";
import { serverArgs, useSdpEmulator } from "./setup";

/** SdpServer's `cfgwConnected`: the CFGW connection as desired state, applied with SDP's bodiless update. */

const emu = useSdpEmulator({ knobs: { buildMs: 400, deleteMs: 100 } });
beforeEach(() => {
  captureStderr();
});
afterEach(() => vi.restoreAllMocks());

type Outs = Record<string, unknown>;
type InitFailed = { id: string; properties: Outs; reasons: string[]; message: string };

const create = (inputs: Outs) => provider.create({ ...inputs, __provider: "shim" });
const update = (id: string, olds: Outs, news: Outs) => provider.update!(id, olds, { ...news, __provider: "shim" });
const CFGW = "/v1.0/:tenantId/servers/:id/cfgw_connection";
const cfgwRequests = () => emu.requests().filter((r) => r.route === CFGW).map((r) => r.method);

/** The server's id once SDP lists it (it is in BUILD then), for a break before the provider looks. */
async function listed(name: string): Promise<string> {
  for (;;) {
    const found = emu.inventory().servers.find((s) => s.name === name && s.status === "BUILD");
    if (found) return found.id;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A create whose server's CFGW connection goes down while it builds. */
async function createBroken(inputs: Outs, errorType: string, sticky = false): Promise<{ id: string; outs?: Outs } | InitFailed> {
  const made = create(inputs).catch((e: unknown) => e as InitFailed);
  emu.breakCfgw(await listed(String(inputs.name)), errorType, { sticky });
  return made;
}

describe("SdpServer's CFGW connection against the SDP emulator", () => {
  it("sends nothing about the connection when cfgwConnected is left out (create, refresh, update)", async () => {
    const { id, outs } = await create(serverArgs("esx-cfgw-none"));
    emu.breakCfgw(id, "EMULATED_LINK_DOWN");
    const read = await provider.read!(id, outs!);
    // The server's own flag still shows it (seed l.452), but nothing more is read, and no update is due.
    expect(read.props).toMatchObject({ cfgwConnectionStatus: false, cfgwErrorType: null, cfgwLastEstablishedAt: null });
    expect(await provider.diff!(id, read.props!, serverArgs("esx-cfgw-none"))).toMatchObject({ changes: false });
    await update(id, read.props!, serverArgs("esx-cfgw-none-2"));
    expect(cfgwRequests()).toEqual([]);
    await provider.delete!(id, outs!);
  });

  it("reads an established connection after create and sends no update", async () => {
    const { id, outs } = await create(serverArgs("esx-cfgw-up", { cfgwConnected: true }));
    expect(cfgwRequests()).toEqual(["GET"]);
    expect(outs).toMatchObject({ cfgwConnected: true, cfgwConnectionStatus: true, cfgwErrorType: null, cfgwLastEstablishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    await provider.delete!(id, outs!);
  });

  it("re-establishes a connection found down after create with SDP's update: a POST with no body", async () => {
    const made = (await createBroken(serverArgs("esx-cfgw-create", { cfgwConnected: true }), "EMULATED_LINK_DOWN")) as { id: string; outs: Outs };
    expect(made.outs).toMatchObject({ status: "ACTIVE", cfgwConnectionStatus: true, cfgwErrorType: null });
    expect(cfgwRequests()).toEqual(["GET", "POST"]);
    const post = emu.requests().find((r) => r.route === CFGW && r.method === "POST");
    expect(post).toMatchObject({ method: "POST", path: `/v1.0/${emu.credentials.tenantId}/servers/${made.id}/cfgw_connection`, body: null, status: 200 });
    expect(post?.headers["content-type"]).toBeUndefined();
    expect(post?.headers["content-length"] ?? "0").toBe("0");
    await provider.delete!(made.id, made.outs);
  });

  it("records a server whose connection stays down after the update as init-failed, with SDP's error type in the message and the outputs", async () => {
    const inputs = serverArgs("esx-cfgw-sticky", { cfgwConnected: true });
    const error = (await createBroken(inputs, "EMULATED_STICKY", true)) as InitFailed;
    expect(error.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.reasons).toEqual([
      `SdpServer "esx-cfgw-sticky" create failed: the CFGW connection of server esx-cfgw-sticky (${error.id}) is not established after SDP's update: error_type EMULATED_STICKY; the next \`pulumi up\` sends the update again`,
    ]);
    expect(error.properties).toMatchObject({ __provider: "shim", status: "ACTIVE", adopted: false, cfgwConnected: true, cfgwConnectionStatus: false, cfgwErrorType: "EMULATED_STICKY" });
    // The server is kept: the next up applies the connection in place.
    expect(await provider.diff!(error.id, error.properties, inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    emu.clearLog();
    const still = (await update(error.id, error.properties, inputs).catch((e: unknown) => e)) as InitFailed;
    expect(still.reasons[0]).toMatch(/^SdpServer "esx-cfgw-sticky" update failed: the CFGW connection of server esx-cfgw-sticky \([0-9a-f-]{36}\) is not established after SDP's update: error_type EMULATED_STICKY;/);
    expect(still.properties).toMatchObject({ cfgwConnectionStatus: false, cfgwErrorType: "EMULATED_STICKY", adopted: false });
    expect(cfgwRequests()).toEqual(["GET", "POST"]);
    emu.breakCfgw(error.id, "EMULATED_LINK_DOWN");
    const { outs } = await update(error.id, still.properties, inputs);
    expect(outs).toMatchObject({ cfgwConnectionStatus: true, cfgwErrorType: null, adopted: false });
    expect(await provider.diff!(error.id, outs!, inputs)).toMatchObject({ changes: false });
    await provider.delete!(error.id, outs!);
  });

  it("refresh shows a connection that went down, and the next update re-applies it in place", async () => {
    const inputs = serverArgs("esx-cfgw-drift", { cfgwConnected: true });
    const { id, outs } = await create(inputs);
    expect(await provider.diff!(id, outs!, inputs)).toMatchObject({ changes: false });
    emu.breakCfgw(id, "EMULATED_LINK_DOWN");
    emu.clearLog();
    const refreshed = (await provider.read!(id, outs!)).props!;
    expect(refreshed).toMatchObject({ cfgwConnectionStatus: false, cfgwErrorType: "EMULATED_LINK_DOWN" });
    expect(cfgwRequests()).toEqual(["GET"]);
    expect(await provider.diff!(id, refreshed, inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    emu.clearLog();
    const repaired = await update(id, refreshed, inputs);
    expect(repaired.outs).toMatchObject({ cfgwConnectionStatus: true, cfgwErrorType: null });
    expect(emu.requests().filter((r) => r.method !== "GET" && !r.path.endsWith("/auth/tokens")).map((r) => `${r.method} ${r.route}`)).toEqual([`POST ${CFGW}`]);
    expect(await provider.diff!(id, repaired.outs!, inputs)).toMatchObject({ changes: false });
    await provider.delete!(id, repaired.outs!);
  });

  it("setting cfgwConnected on an existing server is an update in place that applies it; leaving it out again sends nothing about it", async () => {
    const { id, outs } = await create(serverArgs("esx-cfgw-later"));
    emu.breakCfgw(id, "EMULATED_LINK_DOWN");
    const wanted = serverArgs("esx-cfgw-later", { cfgwConnected: true });
    expect(await provider.diff!(id, outs!, wanted)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    emu.clearLog();
    const applied = await update(id, outs!, wanted);
    expect(applied.outs).toMatchObject({ cfgwConnected: true, cfgwConnectionStatus: true });
    expect(cfgwRequests()).toEqual(["GET", "POST"]);
    emu.clearLog();
    expect(await provider.diff!(id, applied.outs!, serverArgs("esx-cfgw-later"))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const unmanaged = await update(id, applied.outs!, serverArgs("esx-cfgw-later"));
    expect(unmanaged.outs?.cfgwConnected).toBeUndefined();
    expect(cfgwRequests()).toEqual([]);
    await provider.delete!(id, unmanaged.outs!);
  });

  it("records a created server whose connection could not be read as init-failed, its connection unknown, and the next update applies it", async () => {
    const inputs = serverArgs("esx-cfgw-500", { cfgwConnected: true });
    emu.addFaults([{ method: "GET", path: CFGW, times: 1, kind: { type: "status", status: 500, body: { computeFault: { code: 500, message: "CFGW is busy" } } } }]);
    const error = (await create(inputs).catch((e: unknown) => e)) as InitFailed;
    expect(error.reasons).toEqual([expect.stringMatching(/^SdpServer "esx-cfgw-500" create failed: created, but establishing its CFGW connection failed: CFGW is busy .*HTTP 500, GET \/servers\/[0-9a-f-]+\/cfgw_connection/)]);
    expect(error.properties).toMatchObject({ status: "ACTIVE", cfgwConnectionStatus: null, __provider: "shim" });
    expect(await provider.diff!(error.id, error.properties, inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const { outs } = await update(error.id, error.properties, inputs);
    expect(outs).toMatchObject({ cfgwConnectionStatus: true });
    await provider.delete!(error.id, outs!);
  });

  it("refuses cfgwConnected: false at check, saying why, and sends nothing", async () => {
    const news = serverArgs("esx-cfgw-false", { cfgwConnected: false });
    const { failures } = await provider.check!({}, news);
    expect(failures).toEqual([
      { property: "cfgwConnected", reason: "cannot be false: SDP's CFGW update takes no body and only (re)establishes the connection; leave cfgwConnected out to not manage it" },
    ]);
    await expect(create(news)).rejects.toThrow(/invalid inputs: .*cfgwConnected.*leave cfgwConnected out to not manage it/);
    expect((await provider.check!({}, serverArgs("esx-cfgw-true", { cfgwConnected: true }))).failures).toBeUndefined();
    expect(emu.requests()).toEqual([]);
  });
});
