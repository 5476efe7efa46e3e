import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import type { Deadline } from "../core/deadline";
import { runLookup } from "../core/lookup";
import { SDP_PATHS, sdpClient, type SdpClient } from "./client";
import { resolveSdpLookupConnection, type SdpConnectionArgs } from "./connection";
import { listLicenseTypes, listVcenterAddresses } from "./listings";

/** Connection settings for a lookup, as a resource's `connection` input takes them; unset keys come from the program's `sdp:*` config, then `SDP_*`. */
export type SdpLookupConnection = SdpConnectionArgs;

function lookup<T>(name: string, connection: SdpLookupConnection | undefined, body: (client: SdpClient, deadline: Deadline) => Promise<T>): Promise<T> {
  return runLookup(name, (deadline) => body(sdpClient(resolveSdpLookupConnection(connection)), deadline));
}

export type SdpLicenseType = { id: string; name: string; hasLicenseKey: boolean; licenseSwitch: boolean; unit: string | null; description: string | null };

export function getSdpLicenseTypes(args: { connection?: SdpLookupConnection } = {}): Promise<SdpLicenseType[]> {
  return lookup("getSdpLicenseTypes", args.connection, async (client, deadline) =>
    (await listLicenseTypes(client, deadline)).map((t) => ({
      id: t.id,
      name: t.name,
      hasLicenseKey: t.has_license_key ?? false,
      licenseSwitch: t.license_switch ?? false,
      unit: t.unit ?? null,
      description: t.description ?? null,
    })),
  );
}

const usage = z.looseObject({
  id: z.string(),
  type: z.string(),
  value: z.number(),
  unit: z.string().nullish(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  has_license_key: z.boolean().nullish(),
  resource_id: z.string().nullish(),
});
export type SdpUsage = { id: string; type: string; value: number; unit: string | null; name: string | null; description: string | null; hasLicenseKey: boolean; resourceId: string | null };
export interface SdpUsageQuery {
  /** Dates within one month; default: the current month. */
  from?: string;
  to?: string;
  licenseType?: string;
  connection?: SdpLookupConnection;
}

export function getSdpUsages(args: SdpUsageQuery = {}): Promise<{ tenantId: string; usages: SdpUsage[] }> {
  return lookup("getSdpUsages", args.connection, async (client, deadline) => {
    const body = await client.answer("GET", SDP_PATHS.usages, z.looseObject({ tenant_id: z.string(), usages: z.array(usage) }), { query: { from: args.from, to: args.to, license_type: args.licenseType }, deadline });
    return {
      tenantId: body.tenant_id,
      usages: body.usages.map((u) => ({
        id: u.id,
        type: u.type,
        value: u.value,
        unit: u.unit ?? null,
        name: u.name ?? null,
        description: u.description ?? null,
        hasLicenseKey: u.has_license_key ?? false,
        resourceId: u.resource_id ?? null,
      })),
    };
  });
}

export type SdpUsageHistories = { tenantId: string; unit: string | null; resourceId: string | null; licenseType: string | null; histories: { time: string; value: number }[] };

export function getSdpUsageHistories(args: { usageId: string; from?: string; to?: string; connection?: SdpLookupConnection }): Promise<SdpUsageHistories> {
  return lookup("getSdpUsageHistories", args.connection, async (client, deadline) => {
    const histories = z.looseObject({ tenant_id: z.string(), unit: z.string().nullish(), resource_id: z.string().nullish(), license_type: z.string().nullish(), histories: z.array(z.looseObject({ time: z.string(), value: z.number() })) });
    const body = await client.answer("GET", SDP_PATHS.usageHistories(args.usageId), histories, { query: { from: args.from, to: args.to }, deadline });
    return { tenantId: body.tenant_id, unit: body.unit ?? null, resourceId: body.resource_id ?? null, licenseType: body.license_type ?? null, histories: body.histories.map((h) => ({ time: h.time, value: h.value })) };
  });
}

export type SdpVcenterAddresses = { addresses: { address: string; inUse: boolean }[]; free: string[] };

export function getSdpAvailableVcenterAddresses(args: { connection?: SdpLookupConnection } = {}): Promise<SdpVcenterAddresses> {
  return lookup("getSdpAvailableVcenterAddresses", args.connection, async (client, deadline) => {
    const addresses = (await listVcenterAddresses(client, deadline)).map((a) => ({ address: a.address, inUse: a.in_use }));
    return { addresses, free: addresses.filter((a) => !a.inUse).map((a) => a.address) };
  });
}

export type SdpCfgwConnection = { serverId: string; status: boolean; errorType: string | null; lastEstablishedAt: string | null; updatedAt: string | null };

export function getSdpCfgwConnection(args: { serverId: string; connection?: SdpLookupConnection }): Promise<SdpCfgwConnection> {
  return lookup("getSdpCfgwConnection", args.connection, async (client, deadline) => {
    const cfgw = z.looseObject({ server: z.looseObject({ id: z.string(), cfgw_connection: z.looseObject({ status: z.boolean(), error_type: z.string().nullish(), last_established_at: z.string().nullish(), updated_at: z.string().nullish() }) }) });
    const { server } = await client.answer("GET", SDP_PATHS.cfgwConnection(args.serverId), cfgw, { deadline });
    const c = server.cfgw_connection;
    return { serverId: server.id, status: c.status, errorType: c.error_type ?? null, lastEstablishedAt: c.last_established_at ?? null, updatedAt: c.updated_at ?? null };
  });
}

/** `pulumi.Output` variants, for arguments that are outputs of other resources. */
export const getSdpLicenseTypesOutput = (args: pulumi.Input<{ connection?: SdpLookupConnection }> = {}): pulumi.Output<SdpLicenseType[]> =>
  pulumi.output(args).apply((a) => getSdpLicenseTypes(a));
export const getSdpUsagesOutput = (args: pulumi.Input<SdpUsageQuery> = {}): pulumi.Output<{ tenantId: string; usages: SdpUsage[] }> =>
  pulumi.output(args).apply((a) => getSdpUsages(a));
export const getSdpUsageHistoriesOutput = (args: pulumi.Input<{ usageId: pulumi.Input<string>; from?: string; to?: string; connection?: SdpLookupConnection }>): pulumi.Output<SdpUsageHistories> =>
  pulumi.output(args).apply((a) => getSdpUsageHistories(a));
export const getSdpAvailableVcenterAddressesOutput = (args: pulumi.Input<{ connection?: SdpLookupConnection }> = {}): pulumi.Output<SdpVcenterAddresses> =>
  pulumi.output(args).apply((a) => getSdpAvailableVcenterAddresses(a));
export const getSdpCfgwConnectionOutput = (args: pulumi.Input<{ serverId: pulumi.Input<string>; connection?: SdpLookupConnection }>): pulumi.Output<SdpCfgwConnection> =>
  pulumi.output(args).apply((a) => getSdpCfgwConnection(a));
