import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES, isType, type Props, type RuleOptions } from "../types";

const SSL_PORT: Record<string, number> = { vmware: 443, hyperv: 5986 };

export function sppHypervisorRequiresSsl(o: RuleOptions = {}): ResourceValidationPolicy {
  return {
    name: "spp-hypervisor-requires-ssl",
    description: "Spectrum Protect Plus reaches hypervisors over SSL, on port 443 (vCenter) or 5986 (Hyper-V WinRM).",
    enforcementLevel: o.enforcementLevel ?? "mandatory",
    validateResource: (args, report) => {
      if (!isType(args, TYPES.sppHypervisor)) return;
      const p = args.props as Props;
      if (p.sslConnection === false) report(`SppHypervisor "${String(p.hostAddress)}" disables sslConnection.`);
      const wanted = SSL_PORT[String(p.type)];
      if (typeof p.portNumber === "number" && wanted !== undefined && p.portNumber !== wanted) {
        report(`SppHypervisor "${String(p.hostAddress)}" uses port ${p.portNumber}; ${String(p.type)} over SSL uses ${wanted}.`);
      }
    },
  };
}
