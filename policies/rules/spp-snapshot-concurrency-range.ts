import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES, configWithDefaults, isType, type Props, type RuleOptions } from "../types";

export function sppSnapshotConcurrencyRange(o: RuleOptions & { max?: number } = {}): ResourceValidationPolicy {
  return {
    name: "spp-snapshot-concurrency-range",
    description: "Snapshot concurrency per ESX/Hyper-V server stays between 1 and a maximum (config `max`, default 8).",
    enforcementLevel: o.enforcementLevel ?? "advisory",
    configSchema: { properties: { max: { type: "integer", minimum: 1, default: o.max ?? 8 } } },
    validateResource: (args, report) => {
      if (!isType(args, TYPES.sppHypervisor)) return;
      const { max } = configWithDefaults(args.getConfig<{ max: number }>(), { max: o.max ?? 8 });
      const value = (args.props as Props).snapshotConcurrency ?? 3;
      if (typeof value === "number" && (value < 1 || value > max)) report(`snapshotConcurrency ${value} is outside 1..${max}.`);
    },
  };
}
