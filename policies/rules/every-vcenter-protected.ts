import type { StackValidationPolicy } from "@pulumi/policy";
import { TYPES, isType, type Props, type RuleOptions } from "../types";

export function everyVcenterProtected(o: RuleOptions = {}): StackValidationPolicy {
  return {
    name: "every-vcenter-protected",
    description: "Every SdpVcenter in the stack has an SppHypervisor registering its address with Spectrum Protect Plus.",
    enforcementLevel: o.enforcementLevel ?? "mandatory",
    validateStack: (args, report) => {
      const protectedHosts = new Set(args.resources.filter((r) => isType(r, TYPES.sppHypervisor)).map((r) => String((r.props as Props).hostAddress).toLowerCase()));
      for (const vcenter of args.resources.filter((r) => isType(r, TYPES.sdpVcenter))) {
        const address = (vcenter.props as Props).linkLocalAddress;
        if (typeof address !== "string") continue;
        if (!protectedHosts.has(address.toLowerCase())) report(`vCenter ${vcenter.name} (${address}) is not registered with Spectrum Protect Plus.`, vcenter.urn);
      }
    },
  };
}
