import { PolicyPack, type Policy, type PolicyPackConfig } from "@pulumi/policy";
import { credentialStrength } from "./rules/credential-strength";
import { everyVcenterProtected } from "./rules/every-vcenter-protected";
import { scpProxyImagePrivate } from "./rules/scp-proxy-image-private";
import { sdpClusterMinServers } from "./rules/sdp-cluster-min-servers";
import { sdpVcenterLinkLocal } from "./rules/sdp-vcenter-link-local";
import { sdpVsphereContractCap } from "./rules/sdp-vsphere-contract-cap";
import { sppHypervisorRequiresSsl } from "./rules/spp-hypervisor-requires-ssl";
import { sppSnapshotConcurrencyRange } from "./rules/spp-snapshot-concurrency-range";
import { vspcApiKeyLeastPrivilege } from "./rules/vspc-api-key-least-privilege";
import { vspcCompanyQuotasRequired } from "./rules/vspc-company-quotas-required";

const RULES = {
  "spp-hypervisor-requires-ssl": sppHypervisorRequiresSsl,
  "spp-snapshot-concurrency-range": sppSnapshotConcurrencyRange,
  "vspc-api-key-least-privilege": vspcApiKeyLeastPrivilege,
  "vspc-company-quotas-required": vspcCompanyQuotasRequired,
  "sdp-vcenter-link-local": sdpVcenterLinkLocal,
  "sdp-vsphere-contract-cap": sdpVsphereContractCap,
  "scp-proxy-image-private": scpProxyImagePrivate,
  "sdp-cluster-min-servers": sdpClusterMinServers,
  "every-vcenter-protected": everyVcenterProtected,
  "credential-strength": credentialStrength,
} as const;

export type RuleName = keyof typeof RULES;

/** Per-rule settings: `false` leaves the rule out; an object sets its level and thresholds. */
export type BackupInfraPolicyOptions = { [K in RuleName]?: false | NonNullable<Parameters<(typeof RULES)[K]>[0]> };

export const RULE_NAMES = Object.keys(RULES) as RuleName[];

/** The rules, enabled, disabled or tuned in code — for a company pack that mixes them with its own. */
export function backupInfraPolicies(options: BackupInfraPolicyOptions = {}): Policy[] {
  const policies: Policy[] = [];
  for (const name of RULE_NAMES) {
    const setting = options[name];
    if (setting === false) continue;
    policies.push((RULES[name] as (o?: object) => Policy)(setting ?? {}));
  }
  return policies;
}

/** The pack as a class: `new BackupInfraPolicyPack("acme-backup", { "credential-strength": { minLength: 16 } })`. */
export class BackupInfraPolicyPack extends PolicyPack {
  constructor(name = "backup-infra", options: BackupInfraPolicyOptions = {}, extra: Policy[] = [], initialConfig?: PolicyPackConfig) {
    super(name, { policies: [...backupInfraPolicies(options), ...extra] }, initialConfig);
  }
}

export { TYPES } from "./types";
