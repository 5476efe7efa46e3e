import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES, isType, type Props, type RuleOptions } from "../types";

const QUOTAS = [
  ["backupAgentsManagement", "workstationAgentsQuota"],
  ["backupAgentsManagement", "serverAgentsQuota"],
  ["backupServersManagement", "backupServerQuota"],
] as const;

export function vspcCompanyQuotasRequired(o: RuleOptions = {}): ResourceValidationPolicy {
  return {
    name: "vspc-company-quotas-required",
    description: "Every VSPC company sets its workstation-agent, server-agent and backup-server quotas (none unlimited).",
    enforcementLevel: o.enforcementLevel ?? "advisory",
    validateResource: (args, report) => {
      if (!isType(args, TYPES.vspcCompany)) return;
      const remote = ((args.props as Props).companyServices as Props | undefined)?.remoteServices as Record<string, Props | undefined> | undefined;
      for (const [group, quota] of QUOTAS) {
        const value = remote?.[group]?.[quota];
        if (typeof value !== "number") report(`companyServices.remoteServices.${group}.${quota} is not set (unlimited).`);
      }
    },
  };
}
