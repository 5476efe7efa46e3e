import { z } from "zod";
import { connectionFailures } from "../core/check";
import { defineProvider, type OperationContext } from "../core/provider";
import { sendOnce } from "../core/send-once";
import type { InputsOf } from "../program/descriptor";
import { SDP_PATHS, sdpClientFor, type SdpClient } from "./client";
import { resolveSdpConnection } from "./connection";
import { SdpAddressInUseError, SdpApiError } from "./errors";
import { listVcenterAddresses } from "./listings";
import { sdpVcenter } from "./vcenter";

const MINUTE = 60_000;

const vcenter = z.looseObject({
  id: z.string(),
  link_local_address: z.string(),
  metering_health: z.boolean().nullish(),
  metering_health_error_type: z.string().nullish(),
  version: z.string().nullish(),
  instance_name: z.string().nullish(),
  license_id: z.string().nullish(),
});
type Vcenter = z.infer<typeof vcenter>;
const envelope = z.looseObject({ vcenter });

function remoteOutputs(v: Vcenter): Record<string, unknown> {
  return {
    linkLocalAddress: v.link_local_address,
    licenseId: v.license_id ?? null,
    version: v.version ?? null,
    instanceName: v.instance_name ?? null,
    meteringHealth: v.metering_health ?? null,
    meteringHealthErrorType: v.metering_health_error_type ?? null,
  };
}

async function listVcenters(client: SdpClient, ctx: OperationContext): Promise<Vcenter[]> {
  return (await client.answer("GET", SDP_PATHS.vcenters, z.looseObject({ vcenters: z.array(vcenter) }), { deadline: ctx.deadline })).vcenters;
}

const body = (i: InputsOf<typeof sdpVcenter.inputs>, address: string) => ({ vcenter: { link_local_address: address, password: i.password, license_id: i.licenseId } });

/** The first link-local address SDP offers that no vCenter uses. */
async function freeAddress(client: SdpClient, ctx: OperationContext): Promise<string> {
  const free = (await listVcenterAddresses(client, ctx.deadline)).find((a) => !a.in_use);
  if (!free) throw new Error("Smart Data Platform offers no free link-local address for a vCenter");
  return free.address;
}

/**
 * The seed lists no 409 for "Register vCenter Information" (l.1044-1051): an address in use may be
 * answered with its bare 400 ("Request Parameter Error:"), which says nothing about the address.
 * A refusal (400, or 409 from a server that sends one) is the address in use only when a vCenter
 * holds it: one lookup on that path only tells.
 */
async function explainAddressInUse(client: SdpClient, address: string, error: unknown, ctx: OperationContext): Promise<unknown> {
  if (!(error instanceof SdpApiError) || (error.status !== 400 && error.status !== 409)) return error;
  const holder = (await listVcenters(client, ctx).catch((): Vcenter[] => [])).find((v) => v.link_local_address === address);
  return holder ? new SdpAddressInUseError(address, holder.id, error) : error;
}

export const provider = defineProvider(sdpVcenter, {
  label: (i) => i.linkLocalAddress ?? "vCenter",
  defaultTimeoutsMs: { create: 10 * MINUTE, update: 10 * MINUTE, delete: 10 * MINUTE, read: 5 * MINUTE },
  normalize: (i) => ({ linkLocalAddress: i.linkLocalAddress, password: i.password, licenseId: i.licenseId }),
  extraCheck: (i) => connectionFailures(() => resolveSdpConnection(i.connection)),

  async create(inputs, ctx) {
    const client = sdpClientFor(inputs.connection);
    // SDP refuses a second vCenter at an address in use (see explainAddressInUse): only adoption needs to look first.
    const existing = inputs.adopt && inputs.linkLocalAddress ? (await listVcenters(client, ctx)).find((v) => v.link_local_address === inputs.linkLocalAddress) : undefined;
    if (existing) {
      ctx.log(`adopting vCenter ${existing.id}; sending the desired password and license`);
      const updated = await client.answer("PUT", SDP_PATHS.vcenter(existing.id), envelope, { body: body(inputs, existing.link_local_address), deadline: ctx.deadline });
      return { id: existing.id, outs: { ...remoteOutputs(updated.vcenter), adopted: true } };
    }
    const address = inputs.linkLocalAddress ?? (await freeAddress(client, ctx));
    ctx.log(`registering the vCenter at ${address}`);
    const made = await sendOnce(ctx, {
      what: "vCenter registration",
      send: async () => {
        try {
          return (await client.answer("POST", SDP_PATHS.vcenters, envelope, { body: body(inputs, address), deadline: ctx.deadline })).vcenter;
        } catch (error) {
          throw await explainAddressInUse(client, address, error, ctx);
        }
      },
      lookup: async (c) => (await listVcenters(client, c)).find((v) => v.link_local_address === address),
      landedLate: (v) => ({ id: v.id, properties: { ...remoteOutputs(v), adopted: false } }),
    });
    return { id: made.id, outs: { ...remoteOutputs(made), adopted: false } };
  },

  async read(id, olds, ctx) {
    const found = (await listVcenters(sdpClientFor(olds.connection), ctx)).find((v) => v.id === id);
    return found ? remoteOutputs(found) : undefined;
  },

  async update(id, olds, news, ctx) {
    ctx.log(`updating vCenter ${id}`);
    const updated = await sdpClientFor(news.connection).answer("PUT", SDP_PATHS.vcenter(id), envelope, { body: body(news, news.linkLocalAddress ?? String(olds.linkLocalAddress)), deadline: ctx.deadline });
    return remoteOutputs(updated.vcenter);
  },

  async delete(id, olds, ctx) {
    const res = await sdpClientFor(olds.connection).send("DELETE", SDP_PATHS.vcenter(id), { deadline: ctx.deadline, allow404: true });
    ctx.log(res.status === 404 ? `vCenter ${id} was already gone` : `unregistered vCenter ${id}`);
  },
});

export const descriptor = sdpVcenter;
