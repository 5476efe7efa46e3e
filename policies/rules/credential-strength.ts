import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES, configWithDefaults, isType, type Props, type RuleOptions } from "../types";

/** Each type's password field; looked up with isType, so a type's every token finds its field. */
const PASSWORD_FIELDS: readonly (readonly [type: string, field: string])[] = [
  [TYPES.sdpServer, "adminPass"],
  [TYPES.sdpVcenter, "password"],
  [TYPES.vspcCompany, "ownerPassword"],
  [TYPES.sppHypervisor, "password"],
];
const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];

/** Strength check that names the resource and the field, never the value. */
export function credentialStrength(o: RuleOptions & { minLength?: number; minClasses?: number } = {}): ResourceValidationPolicy {
  return {
    name: "credential-strength",
    description: "Passwords (SdpServer adminPass, SdpVcenter password, VspcCompany ownerPassword, SppHypervisor password) meet a minimum length (config `minLength`, default 12) and number of character classes (config `minClasses`, default 3).",
    enforcementLevel: o.enforcementLevel ?? "mandatory",
    configSchema: {
      properties: {
        minLength: { type: "integer", minimum: 1, default: o.minLength ?? 12 },
        minClasses: { type: "integer", minimum: 1, maximum: 4, default: o.minClasses ?? 3 },
      },
    },
    validateResource: (args, report) => {
      const field = PASSWORD_FIELDS.find(([type]) => isType(args, type))?.[1];
      if (!field) return;
      const value = (args.props as Props)[field];
      if (typeof value !== "string") return;
      const { minLength, minClasses } = configWithDefaults(args.getConfig<{ minLength: number; minClasses: number }>(), { minLength: o.minLength ?? 12, minClasses: o.minClasses ?? 3 });
      const classes = CLASSES.filter((c) => c.test(value)).length;
      if (value.length < minLength || classes < minClasses) {
        report(`${args.name}.${field} is too weak: it needs at least ${minLength} characters from ${minClasses} of lower case, upper case, digits and symbols.`);
      }
    },
  };
}
