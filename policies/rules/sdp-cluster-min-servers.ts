import type { StackValidationPolicy } from "@pulumi/policy";
import { TYPES, configWithDefaults, isType, type RuleOptions } from "../types";

export function sdpClusterMinServers(o: RuleOptions & { minServers?: number } = {}): StackValidationPolicy {
  return {
    name: "sdp-cluster-min-servers",
    description: "Every DedicatedVsphereCluster has at least a minimum number of servers (config `minServers`, default 2).",
    enforcementLevel: o.enforcementLevel ?? "advisory",
    configSchema: { properties: { minServers: { type: "integer", minimum: 1, default: o.minServers ?? 2 } } },
    validateStack: (args, report) => {
      const { minServers } = configWithDefaults(args.getConfig<{ minServers: number }>(), { minServers: o.minServers ?? 2 });
      for (const cluster of args.resources.filter((r) => isType(r, TYPES.dedicatedVsphereCluster))) {
        const servers = args.resources.filter((r) => isType(r, TYPES.sdpServer) && r.parent?.urn === cluster.urn).length;
        if (servers < minServers) report(`DedicatedVsphereCluster ${cluster.name} has ${servers} server(s); at least ${minServers} are required.`, cluster.urn);
      }
    },
  };
}
