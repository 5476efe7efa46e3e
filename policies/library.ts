import { PolicyPack, type EnforcementLevel, type Policy, type PolicyPackConfig } from "@pulumi/policy";
import { z } from "zod";
import type { Schema } from "../providers/program/descriptor";
import { zodOf } from "../providers/program/zod-of";
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

/** The levels @pulumi/policy's EnforcementLevel allows; the `satisfies` fails to compile if one is not. */
export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const satisfies readonly EnforcementLevel[];
const level = z.enum(ENFORCEMENT_LEVELS);
const count = z.number().int().min(1);

/**
 * Each rule with the schema of its options object. Every rule takes its level one way —
 * `o.enforcementLevel ?? <its default>` — so the shorthand and `all` below become that field.
 * `ZodType<O>` makes a schema that accepts something the rule does not take fail to compile.
 */
function entry<O extends { enforcementLevel?: EnforcementLevel }>(make: (o?: O) => Policy, options: z.ZodType<O>): { make: (o?: O) => Policy; options: Schema<unknown, O> } {
  return { make, options };
}
const withLevel = <S extends z.ZodRawShape>(shape: S) => z.strictObject({ enforcementLevel: level.optional(), ...shape });

const RULES = {
  "spp-hypervisor-requires-ssl": entry(sppHypervisorRequiresSsl, withLevel({})),
  "spp-snapshot-concurrency-range": entry(sppSnapshotConcurrencyRange, withLevel({ max: count.optional() })),
  "vspc-api-key-least-privilege": entry(vspcApiKeyLeastPrivilege, withLevel({ writeAllowMarker: z.string().min(1).optional() })),
  "vspc-company-quotas-required": entry(vspcCompanyQuotasRequired, withLevel({})),
  "sdp-vcenter-link-local": entry(sdpVcenterLinkLocal, withLevel({})),
  "sdp-vsphere-contract-cap": entry(sdpVsphereContractCap, withLevel({ maxCores: count.optional(), allowedYears: z.array(z.number().int()).optional() })),
  "scp-proxy-image-private": entry(scpProxyImagePrivate, withLevel({})),
  "sdp-cluster-min-servers": entry(sdpClusterMinServers, withLevel({ minServers: count.optional() })),
  "every-vcenter-protected": entry(everyVcenterProtected, withLevel({})),
  "credential-strength": entry(credentialStrength, withLevel({ minLength: count.optional(), minClasses: count.max(4).optional() })),
} as const;

export type RuleName = keyof typeof RULES;
type RuleSettings<K extends RuleName> = NonNullable<Parameters<(typeof RULES)[K]["make"]>[0]>;

/**
 * `all` sets the level of every rule whose own setting does not. Per rule: `false` or `"disabled"`
 * leaves it out; a level is shorthand for `{ enforcementLevel: level }`; an object sets its level
 * and thresholds (without `enforcementLevel`, its level is `all`'s, else the rule's default).
 */
export type BackupInfraPolicyOptions = { all?: EnforcementLevel } & { [K in RuleName]?: false | EnforcementLevel | RuleSettings<K> };

export const RULE_NAMES = Object.keys(RULES) as RuleName[];

const quoted = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(", ");
const shown = (value: unknown): string => (value === undefined ? "undefined" : JSON.stringify(value));
const shorthand = z.union([z.literal(false), level]);

/** Checks the options with zod; one Error lists every bad key with what it allows. */
function parseOptions(options: unknown): BackupInfraPolicyOptions {
  const problems: string[] = [];
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new Error(`backupInfraPolicies: options must be an object, got ${shown(options)}.`);
  }
  const record = options as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => k !== "all" && !(k in RULES));
  if (unknown.length) problems.push(`unknown key ${quoted(unknown)}: the keys are "all", ${quoted(RULE_NAMES)}`);
  if (record.all !== undefined && !level.safeParse(record.all).success) problems.push(`"all" is ${shown(record.all)}: allowed values are ${quoted(ENFORCEMENT_LEVELS)}`);
  for (const name of RULE_NAMES) {
    const value = record[name];
    if (value === undefined) continue;
    const schema = zodOf(RULES[name].options) as unknown as z.ZodObject;
    const fields = Object.keys(schema.shape);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      if (!shorthand.safeParse(value).success) problems.push(`"${name}" is ${shown(value)}: allowed values are false, ${quoted(ENFORCEMENT_LEVELS)} or an object of ${fields.join(", ")}`);
      continue;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) continue;
    for (const issue of parsed.error.issues) {
      if (issue.code === "unrecognized_keys") problems.push(`"${name}" has unknown option ${quoted(issue.keys)}: its options are ${fields.join(", ")}`);
      else if (issue.path[0] === "enforcementLevel") problems.push(`"${name}".enforcementLevel is ${shown((value as Record<string, unknown>).enforcementLevel)}: allowed values are ${quoted(ENFORCEMENT_LEVELS)}`);
      else problems.push(`"${name}".${issue.path.join(".")}: ${issue.message}`);
    }
  }
  if (problems.length) throw new Error(`backupInfraPolicies: ${problems.join("; ")}.`);
  return record as BackupInfraPolicyOptions;
}

/** The rules, enabled, disabled or tuned in code — for a company pack that mixes them with its own. */
export function backupInfraPolicies(options: BackupInfraPolicyOptions = {}): Policy[] {
  const { all, ...rules } = parseOptions(options);
  const policies: Policy[] = [];
  for (const name of RULE_NAMES) {
    const setting = rules[name];
    if (setting === false) continue;
    const settings: { enforcementLevel?: EnforcementLevel } = typeof setting === "string" ? { enforcementLevel: setting } : { ...setting };
    const enforcementLevel = settings.enforcementLevel ?? all;
    if (enforcementLevel === "disabled") continue;
    policies.push((RULES[name].make as (o?: object) => Policy)(enforcementLevel ? { ...settings, enforcementLevel } : settings));
  }
  return policies;
}

/** The pack as a class: `new BackupInfraPolicyPack("acme-backup", { all: "advisory", "credential-strength": { minLength: 16 } })`. */
export class BackupInfraPolicyPack extends PolicyPack {
  constructor(name = "backup-infra", options: BackupInfraPolicyOptions = {}, extra: Policy[] = [], initialConfig?: PolicyPackConfig) {
    super(name, { policies: [...backupInfraPolicies(options), ...extra] }, initialConfig);
  }
}

export { isType, TOKENS, TYPES } from "./types";
