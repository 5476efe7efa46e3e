import * as pulumi from "@pulumi/pulumi";
import { sendOnce } from "../core/send-once";
import { ResourceInitFailedError } from "../core/errors";
import { connectionFailures } from "../core/check";
import { defineProvider, type OperationContext } from "../core/provider";
import { dynamicProps } from "../program/resource";
import { dynamicType } from "../program/resource-type";
import { providerShim } from "../program/shim";
import { SPP_PATHS, SppApiError, resolveSppConnection, sppClient, type SppClient } from "./client";
import { waitForInventory } from "./inventory";
import { defaultPort, hypervisorList, hypervisorResponse, sppHypervisorSchema, type HypervisorResponse, type SppHypervisorInputs } from "./schema";

const MINUTE = 60_000;

function clientFor(connection: SppHypervisorInputs["connection"], serverUrl?: unknown): SppClient {
  const conn = resolveSppConnection(connection);
  return sppClient(typeof serverUrl === "string" && serverUrl ? { ...conn, url: serverUrl } : conn);
}

function settings(i: SppHypervisorInputs) {
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
function registrationBody(i: SppHypervisorInputs): Record<string, unknown> {
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

/** The outputs SPP reports, laid over the inputs so that diff compares like with like. */
function remoteOutputs(h: HypervisorResponse, olds: Record<string, unknown>): Record<string, unknown> {
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
  const oldHref = typeof olds.identityUserHref === "string" ? olds.identityUserHref : undefined;
  if (oldHref && userId(oldHref) !== userId(h.user?.href)) out.identityUserHref = h.user?.href ?? null;
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
function register(client: SppClient, inputs: SppHypervisorInputs, ctx: OperationContext): Promise<HypervisorResponse> {
  return sendOnce(ctx, {
    what: "registration",
    send: () => client.read(hypervisorResponse, "POST", SPP_PATHS.register, { body: registrationBody(inputs), deadline: ctx.deadline }),
    lookup: (c) => findByHost(client, inputs.hostAddress, c),
    landedLate: (h) => ({ id: h.id, properties: { ...remoteOutputs(h, {}), inventoryStatus: null } }),
  });
}

/** An inventory that was waited for and failed (or whose wait did), still wanted: the next update runs it again. */
const inventoryToRerun = (olds: Record<string, unknown>, waitForInventory: unknown): boolean =>
  olds.waitForInventory === true && waitForInventory === true && (olds.inventoryStatus === "FAILED" || olds.inventoryStatus == null);

/**
 * Waits for the `run` of the inventory when there is one to wait for (else reports none); a run that
 * fails, or a wait that does, is recorded as init-failed, and the next update runs the inventory again.
 */
async function settle(client: SppClient, h: HypervisorResponse, run: "first inventory" | "inventory run again" | undefined, olds: Record<string, unknown>, extra: Record<string, unknown>, ctx: OperationContext): Promise<Record<string, unknown>> {
  if (!run) return { ...remoteOutputs(h, olds), inventoryStatus: null, ...extra };
  let status: string;
  try {
    status = await waitForInventory(client, ctx);
  } catch (error) {
    throw new ResourceInitFailedError(h.id, { ...remoteOutputs(h, olds), inventoryStatus: null, ...extra }, [`registered, but waiting for the inventory failed: ${(error as Error).message}`]);
  }
  const fresh = (await getById(client, h.id, ctx)) ?? h;
  const outs = { ...remoteOutputs(fresh, olds), inventoryStatus: status, ...extra };
  if (status === "FAILED") throw new ResourceInitFailedError(h.id, outs, [`registered, but the ${run} of ${h.hostAddress} failed`]);
  return outs;
}

function withHost(error: unknown, hostAddress: string): unknown {
  if (error instanceof SppApiError) {
    error.message = `SppHypervisor "${hostAddress}": ${describe(error)} — ${error.message}`;
  }
  return error;
}

function describe(error: SppApiError): string {
  switch (error.errorId) {
    case "HypervisorConnectionException":
      return "Spectrum Protect Plus could not connect to the hypervisor";
    case "HypervisorConnectionAuthException":
    case "HypervisorAuthException":
      return "the hypervisor rejected the credentials";
    default:
      return "Spectrum Protect Plus refused the request";
  }
}

export const provider = defineProvider<SppHypervisorInputs>({
  typeName: "SppHypervisor",
  schema: sppHypervisorSchema,
  replaceOn: ["hostAddress", "type", "serverUrl"],
  derived: ["serverUrl"],
  updateOn: ["portNumber", "sslConnection", "snapshotConcurrency", "identityUserHref", "username", "password"],
  label: (i) => i.hostAddress,
  secrets: (i) => [i.password, i.connection?.password],
  defaultTimeoutsMs: { create: 20 * MINUTE, update: 20 * MINUTE, delete: 10 * MINUTE, read: 5 * MINUTE },

  normalize(i) {
    let serverUrl: string | undefined;
    try {
      serverUrl = resolveSppConnection(i.connection).url;
    } catch {
      serverUrl = undefined;
    }
    return { ...settings(i), identityUserHref: i.identityUserHref, username: i.username, password: i.password, serverUrl };
  },

  extraCheck: (i) => connectionFailures(() => resolveSppConnection(i.connection)),

  recovery: (olds, desired) => (inventoryToRerun(olds, desired.waitForInventory) ? { update: ["inventoryStatus"] } : {}),

  async create(inputs, ctx) {
    const client = clientFor(inputs.connection);
    try {
      const existing = await findByHost(client, inputs.hostAddress, ctx);
      let h: HypervisorResponse;
      if (existing && !inputs.adopt) {
        throw new Error(
          `SppHypervisor "${inputs.hostAddress}": a hypervisor with this host address is already registered in Spectrum Protect Plus (id ${existing.id}). ` +
            `Set adopt: true to manage it with Pulumi, or remove it first.`,
        );
      } else if (existing) {
        ctx.log(`adopting the registered hypervisor (id ${existing.id})`);
        h = await client.read(hypervisorResponse, "PUT", SPP_PATHS.modify(existing.id), { body: registrationBody(inputs), deadline: ctx.deadline });
      } else {
        ctx.log("registering");
        h = await register(client, inputs, ctx);
      }
      ctx.log(`registered as id ${h.id}`);
      const outs = await settle(client, h, inputs.waitForInventory ? "first inventory" : undefined, {}, { serverUrl: resolveSppConnection(inputs.connection).url, adopted: Boolean(existing) }, ctx);
      return { id: h.id, outs };
    } catch (error) {
      throw withHost(error, inputs.hostAddress);
    }
  },

  async read(id, olds, ctx) {
    const client = clientFor(olds.connection as SppHypervisorInputs["connection"], olds.serverUrl);
    const h = await getById(client, id, ctx);
    return h ? remoteOutputs(h, olds) : undefined;
  },

  async update(id, olds, news, ctx) {
    const client = clientFor(news.connection, olds.serverUrl);
    try {
      let h: HypervisorResponse | undefined;
      if (ctx.changed?.length !== 0) {
        ctx.log(`updating id ${id}`);
        h = await client.read(hypervisorResponse, "PUT", SPP_PATHS.modify(id), { body: registrationBody(news), deadline: ctx.deadline });
      } else {
        h = await getById(client, id, ctx);
        if (!h) throw new Error(`SppHypervisor "${news.hostAddress}": hypervisor ${id} is no longer registered`);
      }
      const extra = { serverUrl: olds.serverUrl, adopted: olds.adopted ?? false };
      const rerun = inventoryToRerun(olds, news.waitForInventory ?? false);
      if (rerun) ctx.log(olds.inventoryStatus ? "the inventory failed; running it again" : "the inventory was not seen to finish; waiting for it again");
      const outs = await settle(client, h, rerun ? "inventory run again" : undefined, olds, extra, ctx);
      return rerun ? outs : { ...outs, inventoryStatus: olds.inventoryStatus ?? null };
    } catch (error) {
      throw withHost(error, news.hostAddress);
    }
  },

  async delete(id, olds, ctx) {
    const client = clientFor(olds.connection as SppHypervisorInputs["connection"], olds.serverUrl);
    const body = await client.call("DELETE", SPP_PATHS.modify(id), { deadline: ctx.deadline, allow404: true });
    ctx.log(body === undefined ? `id ${id} was already gone` : `unregistered id ${id}`);
  },
});

export const resourceType = dynamicType("spp", "SppHypervisor");
const shim = providerShim(resourceType);

export interface SppConnectionArgs {
  /** Base URL of the SPP server, e.g. https://spp.example.com. */
  url?: pulumi.Input<string>;
  username?: pulumi.Input<string>;
  password?: pulumi.Input<string>;
  /** PEM text or file path of the CA that signed the server certificate. */
  caCert?: pulumi.Input<string>;
  /** Skip TLS verification (lab servers only). */
  insecure?: pulumi.Input<boolean>;
}

export interface TimeoutsArgs {
  create?: pulumi.Input<string>;
  update?: pulumi.Input<string>;
  delete?: pulumi.Input<string>;
}

export interface SppHypervisorArgs {
  /** Host name or IPv4 address of the vCenter Server or Hyper-V server. Replaces on change. */
  hostAddress: pulumi.Input<string>;
  /** "vmware" (vCenter) or "hyperv". Replaces on change. */
  type: pulumi.Input<"vmware" | "hyperv">;
  /** Default 443 (vmware) / 5986 (hyperv) with SSL, 80 / 5985 without. */
  portNumber?: pulumi.Input<number>;
  /** Default true. */
  sslConnection?: pulumi.Input<boolean>;
  /** An existing SPP identity user (…/api/identity/user/{id}); excludes username/password. */
  identityUserHref?: pulumi.Input<string>;
  username?: pulumi.Input<string>;
  /** Stored as a secret. */
  password?: pulumi.Input<string>;
  /** VMs processed concurrently per ESX or Hyper-V server. Default 3. */
  snapshotConcurrency?: pulumi.Input<number>;
  /** Take over a hypervisor already registered with this host address instead of failing. */
  adopt?: pulumi.Input<boolean>;
  /** Wait for the first "Hypervisor Inventory" run to finish before create returns. */
  waitForInventory?: pulumi.Input<boolean>;
  timeouts?: pulumi.Input<TimeoutsArgs>;
  /** Overrides the `spp:*` stack config for this resource; stored as a secret. */
  connection?: pulumi.Input<SppConnectionArgs>;
}

/** A VMware vCenter Server or Hyper-V server registered with IBM Spectrum Protect Plus. */
export class SppHypervisor extends pulumi.dynamic.Resource {
  declare readonly hostAddress: pulumi.Output<string>;
  declare readonly type: pulumi.Output<"vmware" | "hyperv">;
  declare readonly portNumber: pulumi.Output<number>;
  declare readonly sslConnection: pulumi.Output<boolean>;
  declare readonly snapshotConcurrency: pulumi.Output<number>;
  /** SPP's name for the hypervisor (its host address). */
  declare readonly name: pulumi.Output<string>;
  declare readonly uniqueId: pulumi.Output<string>;
  declare readonly rbacPath: pulumi.Output<string>;
  /** Filled in by the first inventory. */
  declare readonly version: pulumi.Output<string | null>;
  declare readonly build: pulumi.Output<string | null>;
  declare readonly apiVersion: pulumi.Output<string | null>;
  /** The identity user SPP holds the credentials in. */
  declare readonly userHref: pulumi.Output<string>;
  /** Final status of the inventory waited for (waitForInventory), else null. */
  declare readonly inventoryStatus: pulumi.Output<string | null>;
  /** True when create took over an existing registration (adopt). */
  declare readonly adopted: pulumi.Output<boolean>;
  /** The SPP server this hypervisor is registered with. */
  declare readonly serverUrl: pulumi.Output<string>;

  constructor(name: string, args: SppHypervisorArgs, opts?: pulumi.CustomResourceOptions) {
    super(shim, name, dynamicProps(args, ["password"], ["portNumber", "sslConnection", "snapshotConcurrency", "name", "uniqueId", "rbacPath", "version", "build", "apiVersion", "userHref", "inventoryStatus", "adopted", "serverUrl"]), opts, resourceType.module, resourceType.name);
  }
}
