import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES, configWithDefaults, isType, type Props, type RuleOptions } from "../types";

export function vspcApiKeyLeastPrivilege(o: RuleOptions & { writeAllowMarker?: string } = {}): ResourceValidationPolicy {
  return {
    name: "vspc-api-key-least-privilege",
    description: "VSPC API keys are read-only (unless their description carries the configured allow marker), never ui-scoped, and described.",
    enforcementLevel: o.enforcementLevel ?? "mandatory",
    configSchema: { properties: { writeAllowMarker: { type: "string", default: o.writeAllowMarker ?? "[allow-write]" } } },
    validateResource: (args, report) => {
      if (!isType(args, TYPES.vspcApiKey)) return;
      const { writeAllowMarker } = configWithDefaults(args.getConfig<{ writeAllowMarker: string }>(), { writeAllowMarker: o.writeAllowMarker ?? "[allow-write]" });
      const p = args.props as Props;
      const description = typeof p.description === "string" ? p.description.trim() : "";
      if (!description) report("The API key has no description: say what it is for.");
      if (p.isReadAccessOnly !== true && !description.includes(writeAllowMarker)) report(`The API key may write: set isReadAccessOnly, or put "${writeAllowMarker}" in its description to allow it.`);
      if (Array.isArray(p.scopes) && p.scopes.includes("ui")) report('The API key has the "ui" scope: API keys are for REST and integrations.');
    },
  };
}
