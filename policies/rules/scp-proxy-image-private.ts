import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES, isType, type Props, type RuleOptions } from "../types";

export function scpProxyImagePrivate(o: RuleOptions = {}): ResourceValidationPolicy {
  return {
    name: "scp-proxy-image-private",
    description: "Backup-proxy images (ScpBackupProxyImage, and ScpVmaImage uploads, which are always created private) are private and owned by an administrator (ownerId set).",
    enforcementLevel: o.enforcementLevel ?? "mandatory",
    validateResource: (args, report) => {
      if (!isType(args, TYPES.scpProxyImage) && !isType(args, TYPES.scpVmaImage)) return;
      const p = args.props as Props;
      if (typeof p.ownerId !== "string" || p.ownerId.trim() === "") report("The backup-proxy image has no ownerId.");
      if (p.isPublic === true) report("The backup-proxy image is public.");
    },
  };
}
