import type { EnforcementLevel } from "@pulumi/policy";

/** The type tokens the resource classes set: `pulumi-nodejs:dynamic/<vendor>:<Type>`. */
export const TYPES = {
  sppHypervisor: "pulumi-nodejs:dynamic/spp:SppHypervisor",
  vspcCompany: "pulumi-nodejs:dynamic/vspc:VspcCompany",
  vspcApiKey: "pulumi-nodejs:dynamic/vspc:VspcApiKey",
  sdpServer: "pulumi-nodejs:dynamic/sdp:SdpServer",
  sdpVcenter: "pulumi-nodejs:dynamic/sdp:SdpVcenter",
  sdpVsphereContract: "pulumi-nodejs:dynamic/sdp:SdpVsphereContract",
  scpProxyImage: "pulumi-nodejs:dynamic/scp:ScpBackupProxyImage",
  dedicatedVsphereCluster: "backupinfra:index:DedicatedVsphereCluster",
} as const;

/** Every rule takes its enforcement level; thresholds become the defaults of its config schema. */
export interface RuleOptions {
  enforcementLevel?: EnforcementLevel;
}

export type Props = Record<string, unknown>;

/**
 * The rule's config: what the engine configured, over the defaults. The CLI sends schema defaults
 * through Configure, but a pack driven without it (tests, other hosts) sees none.
 */
export function configWithDefaults<T extends object>(configured: Partial<T>, defaults: T): T {
  const out = { ...defaults };
  for (const [k, v] of Object.entries(configured)) if (v !== undefined && k in defaults) (out as Record<string, unknown>)[k] = v;
  return out;
}
