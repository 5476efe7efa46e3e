import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { connectionFailures } from "../core/check";
import { sendOnce } from "../core/send-once";
import { ResourceInitFailedError, VendorApiError } from "../core/errors";
import { pollUntil } from "../core/poll";
import { defineProvider, type OperationContext } from "../core/provider";
import { dynamicProps, type TimeoutsInput } from "../program/resource";
import { dynamicType } from "../program/resource-type";
import { providerShim } from "../program/shim";
import { SDP_PATHS, resolveSdpConnection, sdpAnswer, sdpClientFor, type SdpClient } from "./client";
import { sdpServerSchema, serverDetail, type SdpServerInputs, type ServerDetail } from "./server-schema";

const MINUTE = 60_000;
const envelope = z.looseObject({ server: serverDetail });
const created = z.looseObject({ server: z.looseObject({ id: z.string() }) });
const list = z.looseObject({ servers: z.array(serverDetail) });

/** The request body of `POST /servers` (snake_case, as the API takes it). */
export function serverBody(i: SdpServerInputs): Record<string, unknown> {
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
  };
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
 * progress line per status check: builds and deletions take many minutes.
 */
async function watch(client: SdpClient, id: string, ctx: OperationContext, settled: (s: ServerDetail) => boolean, purpose: string): Promise<ServerDetail | undefined> {
  const started = Date.now();
  let checks = 0;
  const { value } = await pollUntil(
    async () => {
      const s = await getServer(client, id, ctx);
      checks += 1;
      if (s && !settled(s)) ctx.log(`server ${id} still ${s.status} after ${Math.round((Date.now() - started) / 1000)}s (status check ${checks}); ${purpose}`);
      return s;
    },
    (s) => !s || settled(s),
    ctx.deadline,
  );
  ctx.log(`server ${id} is ${value?.status ?? "gone"} after ${checks} status checks`);
  return value;
}

const waitWhileBuilding = (client: SdpClient, id: string, ctx: OperationContext) => watch(client, id, ctx, (s) => s.status !== "BUILD", "waiting for the build to end");

/** Seed "Delete Server": "You can delete server when specified server status is ACTIVE or ERROR status." */
const DELETABLE = new Set(["ACTIVE", "ERROR"]);
/** DELETED: a deletion is already under way (a resent DELETE, or someone else's). */
const deletableOrDeleting = (s: ServerDetail) => DELETABLE.has(s.status) || s.status === "DELETED";

/** The server once SDP would take a DELETE (or undefined when it is gone): other statuses are waited out, never sent a DELETE. */
async function untilDeletable(client: SdpClient, id: string, ctx: OperationContext): Promise<ServerDetail | undefined> {
  const current = await getServer(client, id, ctx);
  if (!current || deletableOrDeleting(current)) return current;
  ctx.log(`server ${id} is ${current.status}; SDP deletes only ACTIVE or ERROR servers, so the DELETE waits until it is one of them`);
  return watch(client, id, ctx, deletableOrDeleting, "deleting it once it is ACTIVE or ERROR");
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

/** Waits out BUILD; a server that does not end ACTIVE is recorded as init-failed with what SDP reports. */
async function untilActive(client: SdpClient, id: string, name: string, extra: Record<string, unknown>, ctx: OperationContext): Promise<Record<string, unknown>> {
  const ready = await waitWhileBuilding(client, id, ctx).catch((error: unknown) => {
    throw new ResourceInitFailedError(id, { name, status: "BUILD", ...extra }, [`created, but waiting for ACTIVE failed: ${(error as Error).message}`]);
  });
  if (!ready) throw new Error(`SdpServer "${name}": server ${id} disappeared while building`);
  const outs = { ...remoteOutputs(ready), ...extra };
  if (ready.status !== "ACTIVE") throw new ResourceInitFailedError(id, outs, [`server ${id} ended in status ${ready.status}; the next \`pulumi up\` replaces it`]);
  return outs;
}

export const provider = defineProvider<SdpServerInputs>({
  typeName: "SdpServer",
  schema: sdpServerSchema,
  replaceOn: ["description", "adminPass", "imageRef", "flavorRef", "networks", "availabilityZone", "metadata"],
  updateOn: ["name"],
  label: (i) => i.name,
  secrets: (i) => [i.adminPass, i.connection?.password],
  defaultTimeoutsMs: { create: 60 * MINUTE, update: 10 * MINUTE, delete: 60 * MINUTE, read: 5 * MINUTE },
  derived: ["availabilityZone"],
  normalize: (i) => ({ description: i.description ?? null, metadata: i.metadata ?? {} }),
  extraCheck: (i) => connectionFailures(() => resolveSdpConnection(i.connection)),

  async create(inputs, ctx) {
    const client = sdpClientFor(inputs.connection);
    const existing = await findByName(client, inputs.name, ctx);
    if (existing && !inputs.adopt) {
      throw new Error(`SdpServer "${inputs.name}": a server with this name already exists (${existing.id}). Set adopt: true to manage it with Pulumi.`);
    }
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
    return { id, outs: await untilActive(client, id, inputs.name, { adopted: Boolean(existing) }, ctx) };
  },

  // A server whose build ended in ERROR cannot be repaired: only a new build helps. One recorded in
  // BUILD (its wait failed) is waited for again by the next update.
  recovery: (olds) => (olds.status === "ERROR" ? { replace: ["status"] } : olds.status === "BUILD" ? { update: ["status"] } : {}),

  async read(id, olds, ctx) {
    const server = await getServer(sdpClientFor(olds.connection as Record<string, unknown> | undefined), id, ctx);
    return server ? remoteOutputs(server) : undefined;
  },

  async update(id, olds, news, ctx) {
    const client = sdpClientFor(news.connection);
    const kept = { adopted: olds.adopted ?? false };
    if (ctx.changed?.includes("name") ?? true) {
      ctx.log(`renaming server ${id} to "${news.name}"`);
      const renamed = (await client.answer("PUT", SDP_PATHS.server(id), envelope, { body: { server: { name: news.name } }, deadline: ctx.deadline })).server;
      if (renamed.status === "ACTIVE") return { ...remoteOutputs(renamed), ...kept };
    }
    return untilActive(client, id, news.name, kept, ctx);
  },

  async delete(id, olds, ctx) {
    const client = sdpClientFor(olds.connection as Record<string, unknown> | undefined);
    if (!(await requestDeletion(client, id, ctx))) return ctx.log(`server ${id} was already gone`);
    ctx.log(`deleting server ${id}`);
    await watch(client, id, ctx, () => false, "waiting for SDP to remove it");
    ctx.log(`server ${id} deleted`);
  },
});

export const resourceType = dynamicType("sdp", "SdpServer");
const shim = providerShim(resourceType);

export interface SdpServerNetworkArgs {
  /** Logical network id; or `port`. */
  uuid?: pulumi.Input<string>;
  port?: pulumi.Input<string>;
  fixedIp?: pulumi.Input<string>;
  plane?: pulumi.Input<"data" | "storage">;
  /** VLAN id, 4–4093. */
  segmentationId?: pulumi.Input<number>;
}

export interface SdpServerArgs {
  /** Updated in place. */
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** ESXi root password; write-only (never read back), stored as a secret. */
  adminPass: pulumi.Input<string>;
  imageRef: pulumi.Input<string>;
  flavorRef: pulumi.Input<string>;
  /** 2 to 4 networks. */
  networks: pulumi.Input<pulumi.Input<SdpServerNetworkArgs>[]>;
  availabilityZone?: pulumi.Input<string>;
  metadata?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Take over an existing server with the same name. */
  adopt?: pulumi.Input<boolean>;
  timeouts?: TimeoutsInput;
  connection?: pulumi.Input<Record<string, pulumi.Input<string | boolean>>>;
}

/** A dedicated hypervisor (vSphere ESXi server) on NTT Smart Data Platform. */
export class SdpServer extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly hypervisorType: pulumi.Output<string | null>;
  declare readonly powerState: pulumi.Output<string | null>;
  declare readonly availabilityZone: pulumi.Output<string | null>;
  declare readonly nicPhysicalPorts: pulumi.Output<{ id: string; macAddr: string | null; plane: string | null; hardwareId: string | null }[]>;
  declare readonly chassisStatus: pulumi.Output<Record<string, unknown> | null>;
  declare readonly cfgwConnectionStatus: pulumi.Output<boolean | null>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: SdpServerArgs, opts?: pulumi.CustomResourceOptions) {
    super(shim, name, dynamicProps(args, ["adminPass"], ["availabilityZone", "status", "hypervisorType", "powerState", "nicPhysicalPorts", "chassisStatus", "cfgwConnectionStatus", "adopted"]), opts, resourceType.module, resourceType.name);
  }
}
