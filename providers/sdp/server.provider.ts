import { z } from "zod";
import { connectionFailures } from "../core/check";
import { AdoptionRequiredError, errorMessage, ObjectGoneError, ResourceInitFailedError, VendorApiError } from "../core/errors";
import { ADAPTIVE_POLL, pollUntil } from "../core/poll";
import { defineProvider, type OperationContext } from "../core/provider";
import { sendOnce } from "../core/send-once";
import { unrecorded } from "../core/unrecorded";
import type { InputsOf } from "../program/descriptor";
import { showCfgwConnection, updateCfgwConnection, type CfgwConnection } from "./cfgw";
import { SDP_PATHS, sdpAnswer, sdpClientFor, type SdpClient } from "./client";
import { resolveSdpConnection } from "./connection";
import { sdpServer } from "./server";

const MINUTE = 60_000;

/** A port SDP attached to a physical NIC for one entry of the create's `networks` (seed "Show Server" l.415-425). */
const attachedPort = z.looseObject({
  port_id: z.string().nullish(),
  network_id: z.string().nullish(),
  fixed_ips: z.array(z.looseObject({ ip_address: z.string().nullish() })).nullish(),
});
const reference = z.looseObject({ id: z.string().nullish() }).nullish();

const serverDetail = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  hypervisor_type: z.string().nullish(),
  imageRef: z.string().nullish(),
  status: z.string(),
  baremetal_server: z
    .looseObject({
      "OS-EXT-STS:power_state": z.string().nullish(),
      "OS-EXT-AZ:availability_zone": z.string().nullish(),
      flavor: reference,
      image: reference,
      metadata: z.record(z.string(), z.string()).nullish(),
      nic_physical_ports: z
        .array(z.looseObject({ id: z.string(), mac_addr: z.string().nullish(), plane: z.string().nullish(), hardware_id: z.string().nullish(), attached_ports: z.array(attachedPort).nullish() }))
        .nullish(),
      "chassis-status": z.record(z.string(), z.unknown()).nullish(),
    })
    .nullish(),
  cfgw_connection_status: z.boolean().nullish(),
});
type ServerDetail = z.infer<typeof serverDetail>;
const envelope = z.looseObject({ server: serverDetail });
const created = z.looseObject({ server: z.looseObject({ id: z.string() }) });
const list = z.looseObject({ servers: z.array(serverDetail) });

/** The request body of `POST /servers` (snake_case, as the API takes it). */
export function serverBody(i: InputsOf<typeof sdpServer.inputs>): Record<string, unknown> {
  return {
    server: {
      name: i.name,
      ...(i.description !== undefined ? { description: i.description } : {}),
      adminPass: i.adminPass,
      imageRef: i.imageRef,
      flavorRef: i.flavorRef,
      networks: i.networks.map((n) => ({
        ...(n.uuid ? { uuid: n.uuid } : { port: n.port }),
        ...(n.fixedIp ? { fixed_ip: n.fixedIp } : {}),
        ...(n.plane ? { plane: n.plane } : {}),
        ...(n.segmentationId !== undefined ? { segmentation_id: n.segmentationId } : {}),
      })),
      ...(i.availabilityZone ? { availability_zone: i.availabilityZone } : {}),
      ...(i.metadata ? { metadata: i.metadata } : {}),
    },
  };
}

function remoteOutputs(s: ServerDetail): Record<string, unknown> {
  const bm = s.baremetal_server;
  return {
    name: s.name,
    status: s.status,
    hypervisorType: s.hypervisor_type ?? null,
    powerState: bm?.["OS-EXT-STS:power_state"] ?? null,
    availabilityZone: bm?.["OS-EXT-AZ:availability_zone"] ?? null,
    nicPhysicalPorts: (bm?.nic_physical_ports ?? []).map((p) => ({ id: p.id, macAddr: p.mac_addr ?? null, plane: p.plane ?? null, hardwareId: p.hardware_id ?? null })),
    chassisStatus: bm?.["chassis-status"] ?? null,
    cfgwConnectionStatus: s.cfgw_connection_status ?? null,
    cfgwErrorType: null,
    cfgwLastEstablishedAt: null,
  };
}

/**
 * The create's networks as SDP reports them: one entry per port attached to a physical NIC, in
 * SDP's order, with its logical network (`uuid`; the port's id when SDP names no network), its one
 * fixed IP and the NIC's plane. SDP does not report `segmentation_id`, nor whether the create
 * named a network or a port.
 */
function reportedNetworks(s: ServerDetail): Record<string, unknown>[] {
  return (s.baremetal_server?.nic_physical_ports ?? []).flatMap((nic) =>
    (nic.attached_ports ?? []).map((a) => {
      const ips = (a.fixed_ips ?? []).flatMap((ip) => (ip.ip_address ? [ip.ip_address] : []));
      return {
        ...(a.network_id ? { uuid: a.network_id } : { port: a.port_id ?? undefined }),
        ...(ips.length === 1 ? { fixedIp: ips[0] } : {}),
        ...(nic.plane === "data" || nic.plane === "storage" ? { plane: nic.plane } : {}),
      };
    }),
  );
}

/**
 * The inputs SDP reports (everything but adminPass, which it never does), for a state that has
 * never recorded them: a server read by its id alone (`pulumi import`). A recorded state keeps the
 * program's values: SDP's spelling of them (an image named by id, a fixed IP it chose) is never a
 * reason to replace a server.
 */
function reportedInputs(s: ServerDetail, olds: Record<string, unknown>): Record<string, unknown> {
  const bm = s.baremetal_server;
  const reported: Record<string, unknown> = {
    description: s.description ?? null,
    imageRef: s.imageRef ?? bm?.image?.id ?? undefined,
    flavorRef: bm?.flavor?.id ?? undefined,
    networks: reportedNetworks(s),
    metadata: bm?.metadata ?? {},
  };
  return unrecorded(olds, reported);
}

function cfgwOutputs(c: CfgwConnection): Record<string, unknown> {
  return { cfgwConnectionStatus: c.status, cfgwErrorType: c.errorType, cfgwLastEstablishedAt: c.lastEstablishedAt };
}

/**
 * `cfgwConnected: true` on an ACTIVE server: reads the CFGW connection and, when it is down, sends
 * SDP's update (which only (re)establishes) and takes its answer. `failure`: still down after it.
 */
async function establishCfgw(client: SdpClient, id: string, name: string, ctx: OperationContext): Promise<{ outs: Record<string, unknown>; failure?: string }> {
  const current = await showCfgwConnection(client, id, ctx.deadline);
  if (current.status) return { outs: cfgwOutputs(current) };
  ctx.log(`the CFGW connection of server ${id} is down (error_type ${current.errorType ?? "null"}); sending SDP's CFGW update`);
  const after = await updateCfgwConnection(client, id, ctx.deadline);
  if (!after.status) {
    return {
      outs: cfgwOutputs(after),
      failure: `the CFGW connection of server ${name} (${id}) is not established after SDP's update: error_type ${after.errorType ?? "null"}; the next \`pulumi up\` sends the update again`,
    };
  }
  ctx.log(`the CFGW connection of server ${id} is established`);
  return { outs: cfgwOutputs(after) };
}

/** The outputs with the CFGW connection applied when the program manages it; a connection left down is recorded as init-failed with them. */
async function applyCfgw(client: SdpClient, id: string, name: string, outs: Record<string, unknown>, wanted: boolean | undefined, ctx: OperationContext): Promise<Record<string, unknown>> {
  if (wanted !== true) return outs;
  const { outs: cfgw, failure } = await establishCfgw(client, id, name, ctx);
  if (failure) throw new ResourceInitFailedError(id, { ...outs, ...cfgw }, [failure]);
  return { ...outs, ...cfgw };
}

async function getServer(client: SdpClient, id: string, ctx: OperationContext): Promise<ServerDetail | undefined> {
  const res = await client.send("GET", SDP_PATHS.server(id), { deadline: ctx.deadline, allow404: true });
  return res.status === 404 ? undefined : sdpAnswer("GET", SDP_PATHS.server(id), envelope, res).server;
}

async function findByName(client: SdpClient, name: string, ctx: OperationContext): Promise<ServerDetail | undefined> {
  const { servers } = await client.answer("GET", SDP_PATHS.serversDetail, list, { query: { name }, deadline: ctx.deadline });
  return servers.find((s) => s.name === name && s.status !== "DELETED");
}

/**
 * Polls the server until `settled` says so (adaptive schedule, bounded by the deadline), with a
 * heartbeat line at a bounded rate: builds and deletions take many minutes. `wait` names it in those lines.
 */
async function watch(client: SdpClient, id: string, ctx: OperationContext, settled: (s: ServerDetail) => boolean, wait: string): Promise<ServerDetail | undefined> {
  const { value } = await pollUntil(
    () => getServer(client, id, ctx),
    (s) => !s || settled(s),
    ctx.deadline,
    ADAPTIVE_POLL,
    { what: `server ${id} ${wait}`, say: ctx.log, status: (s) => s?.status ?? "gone" },
  );
  return value;
}

const waitWhileBuilding = (client: SdpClient, id: string, ctx: OperationContext) => watch(client, id, ctx, (s) => s.status !== "BUILD", "build");

/** Seed "Delete Server": "You can delete server when specified server status is ACTIVE or ERROR status." */
const DELETABLE = new Set(["ACTIVE", "ERROR"]);
/** DELETED: a deletion is already under way (a resent DELETE, or someone else's). */
const deletableOrDeleting = (s: ServerDetail) => DELETABLE.has(s.status) || s.status === "DELETED";

/** The server once SDP would take a DELETE (or undefined when it is gone): other statuses are waited out, never sent a DELETE. */
async function untilDeletable(client: SdpClient, id: string, ctx: OperationContext): Promise<ServerDetail | undefined> {
  const current = await getServer(client, id, ctx);
  if (!current || deletableOrDeleting(current)) return current;
  ctx.log(`server ${id} is ${current.status}; SDP deletes only ACTIVE or ERROR servers, so the DELETE waits until it is one of them`);
  return watch(client, id, ctx, deletableOrDeleting, "before its DELETE");
}

/**
 * "Not deletable in this state": the seed lists both 400 and 409 for Delete Server (its one sample
 * error body is a badRequest), so either may be the answer to a DELETE that met a server whose
 * status changed after it was looked at.
 */
const refusedForState = (error: unknown): error is VendorApiError => error instanceof VendorApiError && (error.status === 400 || error.status === 409);

/** Sends DELETE once the server is deletable; false when it is already gone. */
async function requestDeletion(client: SdpClient, id: string, ctx: OperationContext): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const current = await untilDeletable(client, id, ctx);
    if (!current) return false;
    if (current.status === "DELETED") return true;
    try {
      return (await client.send("DELETE", SDP_PATHS.server(id), { deadline: ctx.deadline, allow404: true })).status !== 404;
    } catch (error) {
      if (!refusedForState(error) || attempt >= 3) throw error;
      const after = await getServer(client, id, ctx);
      if (!after) return false;
      if (after.status === "DELETED") return true;
      // Refused while ACTIVE or ERROR: the refusal is about something else, and a resend would meet it again.
      if (DELETABLE.has(after.status)) throw error;
      ctx.log(`SDP refused the DELETE (HTTP ${error.status}): server ${id} is ${after.status} now; waiting again`);
    }
  }
}

/**
 * Waits out BUILD; a server that does not end ACTIVE is recorded as init-failed with what SDP
 * reports and `recorded` (the create-only outputs, which the engine keeps only from what it gets).
 */
async function untilActive(client: SdpClient, id: string, name: string, recorded: { adopted: boolean }, ctx: OperationContext): Promise<Record<string, unknown>> {
  const ready = await waitWhileBuilding(client, id, ctx).catch((error: unknown) => {
    throw new ResourceInitFailedError(id, { name, status: "BUILD", ...recorded }, [`created, but waiting for ACTIVE failed: ${errorMessage(error)}`]);
  });
  if (!ready) throw new ObjectGoneError(`server ${id}`, "disappeared while building");
  const outs = { ...remoteOutputs(ready), ...recorded };
  if (ready.status !== "ACTIVE") throw new ResourceInitFailedError(id, outs, [`server ${id} ended in status ${ready.status}; the next \`pulumi up\` replaces it`]);
  return outs;
}

export const provider = defineProvider(sdpServer, {
  label: (i) => i.name,
  defaultTimeoutsMs: { create: 60 * MINUTE, update: 10 * MINUTE, delete: 60 * MINUTE, read: 5 * MINUTE },
  normalize: (i) => ({ description: i.description ?? null, metadata: i.metadata ?? {} }),
  extraCheck: (i) => connectionFailures(() => resolveSdpConnection(i.connection)),
  // A server whose build ended in ERROR cannot be repaired: only a new build helps. One recorded in
  // BUILD (its wait failed) is waited for again by the next update.
  // A CFGW connection wanted but recorded down (or unknown: a failed read) is applied again in place.
  recovery: (olds, desired) => {
    if (olds.status === "ERROR") return { replace: ["status"] };
    const update = [...(olds.status === "BUILD" ? ["status"] : []), ...(desired.cfgwConnected === true && olds.cfgwConnectionStatus !== true ? ["cfgwConnectionStatus"] : [])];
    return update.length > 0 ? { update } : {};
  },

  async create(inputs, ctx) {
    const client = sdpClientFor(inputs.connection);
    const existing = await findByName(client, inputs.name, ctx);
    if (existing && !inputs.adopt) throw new AdoptionRequiredError("a server with this name", existing.id);
    let id: string;
    if (existing) {
      id = existing.id;
      ctx.log(`adopting server ${id}`);
    } else {
      ctx.log("creating the dedicated hypervisor");
      id = await sendOnce(ctx, {
        what: "server create",
        send: async () => (await client.answer("POST", SDP_PATHS.servers, created, { body: serverBody(inputs), deadline: ctx.deadline })).server.id,
        lookup: async (c) => (await findByName(client, inputs.name, c))?.id,
        landedLate: (landed) => ({ id: landed, properties: { name: inputs.name, status: "BUILD" } }),
      });
    }
    const outs = await untilActive(client, id, inputs.name, { adopted: Boolean(existing) }, ctx);
    try {
      return { id, outs: await applyCfgw(client, id, inputs.name, outs, inputs.cfgwConnected, ctx) };
    } catch (error) {
      if (error instanceof ResourceInitFailedError) throw error;
      // The server exists: record it, its connection unknown, so that the next `up` applies it again.
      throw new ResourceInitFailedError(id, { ...outs, cfgwConnectionStatus: null }, [`created, but establishing its CFGW connection failed: ${errorMessage(error)}`]);
    }
  },

  async read(id, olds, ctx) {
    const client = sdpClientFor(olds.connection);
    const server = await getServer(client, id, ctx);
    if (!server) return undefined;
    const outs = { ...reportedInputs(server, olds), ...remoteOutputs(server) };
    // Only when the program manages it, so that other programs' refreshes send what they always did.
    const managed = olds.cfgwConnected === true && server.status === "ACTIVE";
    return managed ? { ...outs, ...cfgwOutputs(await showCfgwConnection(client, id, ctx.deadline)) } : outs;
  },

  async update(id, olds, news, ctx) {
    const client = sdpClientFor(news.connection);
    // The kernel carries `adopted` through a successful update, but not into an init-failed one's properties.
    const recorded = { adopted: olds.adopted ?? false };
    let outs: Record<string, unknown> | undefined;
    if (ctx.changed?.includes("name") ?? true) {
      ctx.log(`renaming server ${id} to "${news.name}"`);
      const renamed = (await client.answer("PUT", SDP_PATHS.server(id), envelope, { body: { server: { name: news.name } }, deadline: ctx.deadline })).server;
      if (renamed.status === "ACTIVE") outs = remoteOutputs(renamed);
    }
    outs ??= await untilActive(client, id, news.name, recorded, ctx);
    return applyCfgw(client, id, news.name, outs, news.cfgwConnected, ctx);
  },

  async delete(id, olds, ctx) {
    const client = sdpClientFor(olds.connection);
    if (!(await requestDeletion(client, id, ctx))) return ctx.log(`server ${id} was already gone`);
    ctx.log(`deleting server ${id}`);
    await watch(client, id, ctx, () => false, "deletion");
    ctx.log(`server ${id} deleted`);
  },
});

export const descriptor = sdpServer;
