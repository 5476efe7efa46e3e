import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import type { Deadline } from "../core/deadline";
import { runLookup } from "../core/lookup";
import { showCfgwConnection } from "./cfgw";
import { SDP_PATHS, sdpClient, type SdpClient } from "./client";
import { resolveSdpLookupConnection, type SdpConnectionArgs } from "./connection";
import { listLicenseTypes, listVcenterAddresses } from "./listings";

/** Connection settings for a lookup, as a resource's `connection` input takes them; unset keys come from the program's `sdp:*` config, then `SDP_*`. */
export type SdpLookupConnection = SdpConnectionArgs;

function lookup<T>(name: string, connection: SdpLookupConnection | undefined, body: (client: SdpClient, deadline: Deadline) => Promise<T>): Promise<T> {
  return runLookup(name, (deadline) => body(sdpClient(resolveSdpLookupConnection(connection)), deadline));
}

/** The arguments of a lookup that takes nothing but its connection. */
export interface SdpLookupArgs {
  /** Overrides the `sdp:*` stack config (then `SDP_*`) for this lookup. */
  connection?: SdpLookupConnection;
}

/** One license type SDP offers (`GET /license_types`). */
export interface SdpLicenseType {
  /** The license type's id. */
  id: string;
  /** Its name, as SdpLicense.licenseType takes it, e.g. "vCenter Server 6.x Standard". */
  name: string;
  /** Whether a license of this type comes with a license key (vCenter does; guest-VM types do not). */
  hasLicenseKey: boolean;
  /** SDP's `license_switch` flag of the type, as SDP reports it. */
  licenseSwitch: boolean;
  /** What a license is counted in, e.g. "VM", "vCPU" or "License"; null when SDP does not say. */
  unit: string | null;
  /** SDP's description of the type, null for none. */
  description: string | null;
}

/** The license types SDP offers (`GET /license_types`): their names are what SdpLicense and SdpGuestVmLicense take. */
export function getSdpLicenseTypes(args: SdpLookupArgs = {}): Promise<SdpLicenseType[]> {
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
/** One metered usage (`GET /usages`). */
export interface SdpUsage {
  /** The usage's id (getSdpUsageHistories takes it). */
  id: string;
  /** The license type metered. */
  type: string;
  /** The amount used in the period. */
  value: number;
  /** What `value` counts, null when SDP does not say. */
  unit: string | null;
  /** SDP's name of the usage, null for none. */
  name: string | null;
  /** SDP's description, null for none. */
  description: string | null;
  /** Whether the license type has license keys. */
  hasLicenseKey: boolean;
  /** The server or VM the usage belongs to, null for a tenant-wide one. */
  resourceId: string | null;
}
export interface SdpUsageQuery {
  /** First day of the period (YYYY-MM-DD), within one month with `to`; default: the current month. */
  from?: string;
  /** Last day of the period (YYYY-MM-DD). */
  to?: string;
  /** Only usages of this license type. */
  licenseType?: string;
  /** Overrides the `sdp:*` stack config (then `SDP_*`) for this lookup. */
  connection?: SdpLookupConnection;
}
/** The tenant's usages in the period. */
export interface SdpUsages {
  /** The tenant the token is scoped to. */
  tenantId: string;
  /** Each usage in the period. */
  usages: SdpUsage[];
}

/** The tenant's metered usages in a period, at most a month (`GET /usages`). */
export function getSdpUsages(args: SdpUsageQuery = {}): Promise<SdpUsages> {
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

/** One usage's history (`GET /usages/{id}/histories`). */
export interface SdpUsageHistories {
  /** The tenant the token is scoped to. */
  tenantId: string;
  /** What the values count, null when SDP does not say. */
  unit: string | null;
  /** The server or VM the usage belongs to, null for a tenant-wide one. */
  resourceId: string | null;
  /** The license type metered, null when SDP does not say. */
  licenseType: string | null;
  /** The metered values over time, each `{time, value}`. */
  histories: {
    /** When the value was metered, as SDP writes it, e.g. "2015-05-06 11:00:00". */
    time: string;
    /** The metered value at that time, in `unit`. */
    value: number;
  }[];
}
export interface SdpUsageHistoriesQuery {
  /** The usage's id, from getSdpUsages. */
  usageId: string;
  /** First day of the period (YYYY-MM-DD); default: the current month. */
  from?: string;
  /** Last day of the period (YYYY-MM-DD). */
  to?: string;
  /** Overrides the `sdp:*` stack config (then `SDP_*`) for this lookup. */
  connection?: SdpLookupConnection;
}

/** One usage's metered values over a period (`GET /usages/{id}/histories`). */
export function getSdpUsageHistories(args: SdpUsageHistoriesQuery): Promise<SdpUsageHistories> {
  return lookup("getSdpUsageHistories", args.connection, async (client, deadline) => {
    const histories = z.looseObject({ tenant_id: z.string(), unit: z.string().nullish(), resource_id: z.string().nullish(), license_type: z.string().nullish(), histories: z.array(z.looseObject({ time: z.string(), value: z.number() })) });
    const body = await client.answer("GET", SDP_PATHS.usageHistories(args.usageId), histories, { query: { from: args.from, to: args.to }, deadline });
    return { tenantId: body.tenant_id, unit: body.unit ?? null, resourceId: body.resource_id ?? null, licenseType: body.license_type ?? null, histories: body.histories.map((h) => ({ time: h.time, value: h.value })) };
  });
}

/** The link-local addresses a vCenter may take (`GET /vcenters/addresses`). */
export interface SdpVcenterAddresses {
  /** Every address, with whether a vCenter uses it. */
  addresses: {
    /** A link-local IPv4 address, e.g. "169.254.127.132". */
    address: string;
    /** Whether a vCenter already uses it (SDP's `in_use`). */
    inUse: boolean;
  }[];
  /** The addresses no vCenter uses, for SdpVcenter.linkLocalAddress. */
  free: string[];
}

/** The link-local addresses a vCenter may take, and which are free (`GET /vcenters/addresses`). */
export function getSdpAvailableVcenterAddresses(args: SdpLookupArgs = {}): Promise<SdpVcenterAddresses> {
  return lookup("getSdpAvailableVcenterAddresses", args.connection, async (client, deadline) => {
    const addresses = (await listVcenterAddresses(client, deadline)).map((a) => ({ address: a.address, inUse: a.in_use }));
    return { addresses, free: addresses.filter((a) => !a.inUse).map((a) => a.address) };
  });
}

/** A server's connection to the common function gateway (CFGW). */
export interface SdpCfgwConnection {
  /** The server's id. */
  serverId: string;
  /** Whether the connection is established. */
  status: boolean;
  /** SDP's error type when the connection failed, null when it did not. */
  errorType: string | null;
  /** When the connection was last established (ISO 8601), null for never. */
  lastEstablishedAt: string | null;
  /** When its state last changed (ISO 8601), null when SDP does not say. */
  updatedAt: string | null;
}
export interface SdpCfgwConnectionQuery {
  /** The dedicated hypervisor's server id. */
  serverId: string;
  /** Overrides the `sdp:*` stack config (then `SDP_*`) for this lookup. */
  connection?: SdpLookupConnection;
}

/** A server's connection to the common function gateway (`GET /servers/{id}/cfgw_connection`). */
export function getSdpCfgwConnection(args: SdpCfgwConnectionQuery): Promise<SdpCfgwConnection> {
  return lookup("getSdpCfgwConnection", args.connection, (client, deadline) => showCfgwConnection(client, args.serverId, deadline));
}

/** `pulumi.Output` variants, for arguments that are outputs of other resources. */
export const getSdpLicenseTypesOutput = (args: pulumi.Input<SdpLookupArgs> = {}): pulumi.Output<SdpLicenseType[]> =>
  pulumi.output(args).apply((a) => getSdpLicenseTypes(a));
export const getSdpUsagesOutput = (args: pulumi.Input<SdpUsageQuery> = {}): pulumi.Output<SdpUsages> =>
  pulumi.output(args).apply((a) => getSdpUsages(a));
export const getSdpUsageHistoriesOutput = (args: pulumi.Input<Omit<SdpUsageHistoriesQuery, "usageId"> & { usageId: pulumi.Input<string> }>): pulumi.Output<SdpUsageHistories> =>
  pulumi.output(args).apply((a) => getSdpUsageHistories(a));
export const getSdpAvailableVcenterAddressesOutput = (args: pulumi.Input<SdpLookupArgs> = {}): pulumi.Output<SdpVcenterAddresses> =>
  pulumi.output(args).apply((a) => getSdpAvailableVcenterAddresses(a));
export const getSdpCfgwConnectionOutput = (args: pulumi.Input<Omit<SdpCfgwConnectionQuery, "serverId"> & { serverId: pulumi.Input<string> }>): pulumi.Output<SdpCfgwConnection> =>
  pulumi.output(args).apply((a) => getSdpCfgwConnection(a));
