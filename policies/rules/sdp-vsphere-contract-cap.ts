import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES, configWithDefaults, isType, type Props, type RuleOptions } from "../types";

export function sdpVsphereContractCap(o: RuleOptions & { maxCores?: number; allowedYears?: number[] } = {}): ResourceValidationPolicy {
  return {
    name: "sdp-vsphere-contract-cap",
    description: "vSphere contract commitments stay under a core cap (config `maxCores`, default 256) and use an allowed term (config `allowedYears`, default [1, 3]).",
    enforcementLevel: o.enforcementLevel ?? "mandatory",
    configSchema: {
      properties: {
        maxCores: { type: "integer", minimum: 1, default: o.maxCores ?? 256 },
        allowedYears: { type: "array", items: { type: "integer" }, default: o.allowedYears ?? [1, 3] },
      },
    },
    validateResource: (args, report) => {
      if (!isType(args, TYPES.sdpVsphereContract)) return;
      const { maxCores, allowedYears } = configWithDefaults(args.getConfig<{ maxCores: number; allowedYears: number[] }>(), { maxCores: o.maxCores ?? 256, allowedYears: o.allowedYears ?? [1, 3] });
      const p = args.props as Props;
      if (typeof p.cores === "number" && p.cores > maxCores) report(`cores ${p.cores} exceed the cap of ${maxCores}.`);
      if (typeof p.contractYear === "number" && !allowedYears.includes(p.contractYear)) report(`contractYear ${p.contractYear} is not one of ${allowedYears.join(", ")}.`);
    },
  };
}
