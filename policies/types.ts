import type { EnforcementLevel } from "@pulumi/policy";
import { DEDICATED_VSPHERE_CLUSTER_TYPE } from "../components/dedicated-vsphere-cluster";
import { scpBackupProxyImage } from "../providers/scp/image";
import { scpVmaImage } from "../providers/scp/vma-image";
import { sdpServer } from "../providers/sdp/server";
import { sdpVcenter } from "../providers/sdp/vcenter";
import { sdpVsphereContract } from "../providers/sdp/vsphere-contract";
import { sppHypervisor } from "../providers/spp/hypervisor";
import { vspcApiKey } from "../providers/vspc/api-key";
import { vspcCompany } from "../providers/vspc/company";

/** The type tokens the rules match: each resource's from its descriptor, so they cannot drift apart. */
export const TYPES = {
  sppHypervisor: sppHypervisor.type.token,
  vspcCompany: vspcCompany.type.token,
  vspcApiKey: vspcApiKey.type.token,
  sdpServer: sdpServer.type.token,
  sdpVcenter: sdpVcenter.type.token,
  sdpVsphereContract: sdpVsphereContract.type.token,
  scpProxyImage: scpBackupProxyImage.type.token,
  scpVmaImage: scpVmaImage.type.token,
  dedicatedVsphereCluster: DEDICATED_VSPHERE_CLUSTER_TYPE,
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
