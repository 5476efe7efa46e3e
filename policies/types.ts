import type { EnforcementLevel } from "@pulumi/policy";
import { DEDICATED_VSPHERE_CLUSTER_TYPE } from "../components/dedicated-vsphere-cluster";
import type { ResourceType } from "../providers/program/resource-type";
import { scpBackupProxyImage } from "../providers/scp/image";
import { scpVmaImage } from "../providers/scp/vma-image";
import { sdpServer } from "../providers/sdp/server";
import { sdpVcenter } from "../providers/sdp/vcenter";
import { sdpVsphereContract } from "../providers/sdp/vsphere-contract";
import { sppHypervisor } from "../providers/spp/hypervisor";
import { vspcApiKey } from "../providers/vspc/api-key";
import { vspcCompany } from "../providers/vspc/company";

/** A resource's two tokens, from its descriptor: dynamic first, then the provider plugin's. */
const both = (t: ResourceType): readonly string[] => Object.freeze([t.token, t.pluginToken]);

/**
 * Every token each type the rules check is registered under, from its descriptor so they cannot
 * drift apart: a resource's dynamic token (`pulumi-nodejs:dynamic/spp:SppHypervisor`, TypeScript
 * programs) and its provider plugin's (`backupinfra:spp:Hypervisor`, Python, Go and YAML programs),
 * with the same property names. Components are not served by the plugin: one token.
 */
export const TOKENS = {
  sppHypervisor: both(sppHypervisor.type),
  vspcCompany: both(vspcCompany.type),
  vspcApiKey: both(vspcApiKey.type),
  sdpServer: both(sdpServer.type),
  sdpVcenter: both(sdpVcenter.type),
  sdpVsphereContract: both(sdpVsphereContract.type),
  scpProxyImage: both(scpBackupProxyImage.type),
  scpVmaImage: both(scpVmaImage.type),
  dedicatedVsphereCluster: Object.freeze([DEDICATED_VSPHERE_CLUSTER_TYPE]) as readonly string[],
} as const;

/**
 * Each type by its dynamic token (the component by its only one) — what TypeScript programs
 * register; a rule never compares with `===` but asks `isType(resource, TYPES.x)`, which matches
 * every token of TOKENS.x.
 */
export const TYPES = Object.freeze(Object.fromEntries(Object.entries(TOKENS).map(([k, tokens]) => [k, tokens[0]]))) as { readonly [K in keyof typeof TOKENS]: string };

/** Each token to all the tokens of its type. */
const SAME_TYPE = new Map<string, readonly string[]>(Object.values(TOKENS).flatMap((tokens) => tokens.map((t) => [t, tokens] as const)));

/**
 * Whether a resource (a ResourceValidationArgs, a stack's PolicyResource, anything with `type`)
 * is of the type named by one of its tokens (`TYPES.x`, or any token of TOKENS.x), under either
 * token. A token the pack does not know matches only itself.
 */
export function isType(resource: { readonly type: string }, type: string): boolean {
  return resource.type === type || (SAME_TYPE.get(type)?.includes(resource.type) ?? false);
}

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
