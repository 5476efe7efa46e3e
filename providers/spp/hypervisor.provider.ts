import { connectionFailures } from "../core/check";
import { AdoptionRequiredError, errorMessage, ObjectGoneError, ResourceInitFailedError } from "../core/errors";
import { defineProvider, type OperationContext } from "../core/provider";
import { sendOnce } from "../core/send-once";
import type { InputsOf, StateOf } from "../program/descriptor";
import { SPP_PATHS, sppClientFor, type SppClient } from "./client";
import { resolveSppConnection } from "./connection";
import { sppHypervisor } from "./hypervisor";
import { waitForInventory } from "./inventory";
import { defaultPort, hypervisorList, hypervisorResponse, type HypervisorResponse } from "./schema";

const MINUTE = 60_000;

type Inputs = InputsOf<typeof sppHypervisor.inputs>;
type State = StateOf<typeof sppHypervisor.inputs, typeof sppHypervisor.outputs>;

function settings(i: Inputs) {
  const sslConnection = i.sslConnection ?? true;
  return {
    hostAddress: i.hostAddress,
    type: i.type,
    sslConnection,
    portNumber: i.portNumber ?? defaultPort(i.type, sslConnection),
    snapshotConcurrency: i.snapshotConcurrency ?? 3,
  };
}

/** The request body of the seed: the identity href goes in `username`, with no password. */
function registrationBody(i: Inputs): Record<string, unknown> {
  const s = settings(i);
  return {
    hostAddress: s.hostAddress,
    portNumber: s.portNumber,
    type: s.type,
    username: i.identityUserHref ?? i.username,
    ...(i.identityUserHref ? {} : { password: i.password }),
    sslConnection: s.sslConnection,
    opProperties: { snapshotConcurrency: s.snapshotConcurrency },
  };
}

function userId(href: string | null | undefined): string | undefined {
  return href?.match(/\/api\/identity\/user\/([^/?#]+)/)?.[1];
}

/**
 * The identity user's href at the SPP server `serverUrl`: SPP reports `user.href` with a port of -1
 * (`https://host:-1/api/identity/user/2137`), which is no url; the registration takes the user's
 * href at the server (`https://spp/api/identity/user/2137`).
 */
function identityHrefAt(userHref: unknown, serverUrl: unknown): string | undefined {
  const id = typeof userHref === "string" ? userId(userHref) : undefined;
  if (!id || typeof serverUrl !== "string") return undefined;
  return `${new URL(serverUrl).origin}/api/identity/user/${id}`;
}

/** The outputs SPP reports, laid over the inputs so that diff compares like with like. */
function remoteOutputs(h: HypervisorResponse, olds: State): Record<string, unknown> {
  const out: Record<string, unknown> = {
    hostAddress: h.hostAddress,
    type: h.type,
    name: h.name ?? h.hostAddress,
    uniqueId: h.uniqueId ?? null,
    rbacPath: h.rbacPath ?? null,
    version: h.version ?? null,
    build: h.build ?? null,
    apiVersion: h.apiVersion ?? null,
    userHref: h.user?.href ?? null,
  };
  if (typeof h.portNumber === "number") out.portNumber = h.portNumber;
  if (typeof h.sslConnection === "boolean") out.sslConnection = h.sslConnection;
  if (typeof h.opProperties?.snapshotConcurrency === "number") out.snapshotConcurrency = h.opProperties.snapshotConcurrency;
  if (olds.identityUserHref && userId(olds.identityUserHref) !== userId(h.user?.href)) out.identityUserHref = h.user?.href ?? null;
  return out;
}

async function findByHost(client: SppClient, hostAddress: string, ctx: OperationContext): Promise<HypervisorResponse | undefined> {
  const list = await client.read(hypervisorList, "GET", SPP_PATHS.hypervisors, { deadline: ctx.deadline });
  const wanted = hostAddress.toLowerCase();
  return list.hypervisors.find((h) => h.hostAddress.toLowerCase() === wanted);
}

async function getById(client: SppClient, id: string, ctx: OperationContext): Promise<HypervisorResponse | undefined> {
  return client.read(hypervisorResponse, "GET", SPP_PATHS.hypervisor(id), { deadline: ctx.deadline, allow404: true });
}

/** Registers the hypervisor; a lost answer is resolved by a lookup by host address, never by a blind resend. */
function register(client: SppClient, inputs: Inputs, ctx: OperationContext): Promise<HypervisorResponse> {
  return sendOnce(ctx, {
    what: "registration",
    send: () => client.read(hypervisorResponse, "POST", SPP_PATHS.register, { body: registrationBody(inputs), deadline: ctx.deadline }),
    lookup: (c) => findByHost(client, inputs.hostAddress, c),
    // A registration this create sent, not one it took over: recorded as not adopted.
    landedLate: (h) => ({ id: h.id, properties: { ...remoteOutputs(h, {}), inventoryStatus: null, adopted: false } }),
  });
}

/** An inventory that was waited for and failed (or whose wait did), still wanted: the next update runs it again. */
const inventoryToRerun = (olds: Record<string, unknown>, waitForInventory: unknown): boolean =>
  olds.waitForInventory === true && waitForInventory === true && (olds.inventoryStatus === "FAILED" || olds.inventoryStatus == null);

/**
 * Waits for the `run` of the inventory when there is one to wait for (else reports none); a run that
 * fails, or a wait that does, is recorded as init-failed, and the next update runs the inventory again.
 */
async function settle(client: SppClient, h: HypervisorResponse, run: "first inventory" | "inventory run again" | undefined, olds: State, extra: Record<string, unknown>, ctx: OperationContext): Promise<Record<string, unknown>> {
  if (!run) return { ...remoteOutputs(h, olds), inventoryStatus: null, ...extra };
  let status: string;
  try {
    status = await waitForInventory(client, ctx);
  } catch (error) {
    throw new ResourceInitFailedError(h.id, { ...remoteOutputs(h, olds), inventoryStatus: null, ...extra }, [`registered, but waiting for the inventory failed: ${errorMessage(error)}`]);
  }
  const fresh = (await getById(client, h.id, ctx)) ?? h;
  const outs = { ...remoteOutputs(fresh, olds), inventoryStatus: status, ...extra };
  if (status === "FAILED") throw new ResourceInitFailedError(h.id, outs, [`registered, but the ${run} of ${h.hostAddress} failed`]);
  return outs;
}

/** The url of the SPP server the connection resolves to, or undefined while it cannot be resolved (no change then). */
function serverUrlOf(i: Inputs): string | undefined {
  try {
    return resolveSppConnection(i.connection).url;
  } catch {
    return undefined;
  }
}

export const provider = defineProvider(sppHypervisor, {
  label: (i) => i.hostAddress,
  defaultTimeoutsMs: { create: 20 * MINUTE, update: 20 * MINUTE, delete: 10 * MINUTE, read: 5 * MINUTE },
  normalize: (i) => ({ ...settings(i), serverUrl: serverUrlOf(i) }),
  extraCheck: (i) => connectionFailures(() => resolveSppConnection(i.connection)),
  recovery: (olds, desired) => (inventoryToRerun(olds, desired.waitForInventory) ? { update: ["inventoryStatus"] } : {}),

  async create(inputs, ctx) {
    const client = sppClientFor(inputs.connection);
    const existing = await findByHost(client, inputs.hostAddress, ctx);
    if (existing && !inputs.adopt) throw new AdoptionRequiredError("a Spectrum Protect Plus registration of this host address", existing.id, "remove it first");
    let h: HypervisorResponse;
    if (existing) {
      ctx.log(`adopting the registered hypervisor (id ${existing.id})`);
      h = await client.read(hypervisorResponse, "PUT", SPP_PATHS.modify(existing.id), { body: registrationBody(inputs), deadline: ctx.deadline });
    } else {
      ctx.log("registering");
      h = await register(client, inputs, ctx);
    }
    ctx.log(`registered as id ${h.id}`);
    const outs = await settle(client, h, inputs.waitForInventory ? "first inventory" : undefined, {}, { serverUrl: resolveSppConnection(inputs.connection).url, adopted: Boolean(existing) }, ctx);
    return { id: h.id, outs };
  },

  async read(id, olds, ctx) {
    const h = await getById(sppClientFor(olds.connection, olds.serverUrl), id, ctx);
    if (!h) return undefined;
    // Read by id alone (`pulumi import`): the server is the one the connection resolves to, as create records it.
    return olds.serverUrl ? remoteOutputs(h, olds) : { ...remoteOutputs(h, olds), serverUrl: resolveSppConnection(olds.connection).url };
  },

  importInputs: (current) => {
    const href = identityHrefAt(current.userHref, current.serverUrl);
    return href ? { identityUserHref: href } : {};
  },

  async update(id, olds, news, ctx) {
    const client = sppClientFor(news.connection, olds.serverUrl);
    let h: HypervisorResponse | undefined;
    if (ctx.changed?.length !== 0) {
      ctx.log(`updating id ${id}`);
      h = await client.read(hypervisorResponse, "PUT", SPP_PATHS.modify(id), { body: registrationBody(news), deadline: ctx.deadline });
    } else {
      h = await getById(client, id, ctx);
      if (!h) throw new ObjectGoneError(`hypervisor ${id}`, "is no longer registered");
    }
    // The server stays the one create recorded (a new url replaces instead). `adopted` is create's
    // too: the kernel carries it through an update that succeeds, not into one recorded init-failed.
    const extra = { serverUrl: olds.serverUrl, adopted: olds.adopted ?? false };
    const rerun = inventoryToRerun(olds, news.waitForInventory ?? false);
    if (rerun) ctx.log(olds.inventoryStatus ? "the inventory failed; running it again" : "the inventory was not seen to finish; waiting for it again");
    const outs = await settle(client, h, rerun ? "inventory run again" : undefined, olds, extra, ctx);
    return rerun ? outs : { ...outs, inventoryStatus: olds.inventoryStatus ?? null };
  },

  async delete(id, olds, ctx) {
    const body = await sppClientFor(olds.connection, olds.serverUrl).call("DELETE", SPP_PATHS.modify(id), { deadline: ctx.deadline, allow404: true });
    ctx.log(body === undefined ? `id ${id} was already gone` : `unregistered id ${id}`);
  },
});

export const descriptor = sppHypervisor;
