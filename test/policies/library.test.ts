import { describe, expect, it } from "vitest";
import { backupInfraPolicies, RULE_NAMES, type BackupInfraPolicyOptions } from "../../policies/library";

const levels = (options: BackupInfraPolicyOptions) => Object.fromEntries(backupInfraPolicies(options).map((p) => [p.name, p.enforcementLevel]));
const LEVELS = '"advisory", "mandatory", "remediate", "disabled"';

describe("backupInfraPolicies options (as @pulumi/awsguard takes them)", () => {
  it("`all` sets every rule not set on its own; per-rule settings win", () => {
    const found = levels({ all: "advisory", "credential-strength": "mandatory", "every-vcenter-protected": false });
    expect(Object.keys(found)).toEqual(RULE_NAMES.filter((n) => n !== "every-vcenter-protected"));
    expect(found["credential-strength"]).toBe("mandatory");
    for (const name of RULE_NAMES.filter((n) => n !== "credential-strength" && n !== "every-vcenter-protected")) expect(found[name]).toBe("advisory");
    expect(Object.values(levels({ all: "remediate" }))).toEqual(RULE_NAMES.map(() => "remediate"));
  });

  it("a level string is shorthand for { enforcementLevel }", () => {
    expect(levels({ "sdp-cluster-min-servers": "mandatory" })["sdp-cluster-min-servers"]).toBe("mandatory");
    expect(levels({ "sdp-cluster-min-servers": { enforcementLevel: "mandatory" } })["sdp-cluster-min-servers"]).toBe("mandatory");
  });

  it("an options object without a level takes `all`'s, else the rule's default, and keeps its thresholds", () => {
    const withAll = backupInfraPolicies({ all: "advisory", "credential-strength": { minLength: 16 } }).find((p) => p.name === "credential-strength");
    expect(withAll?.enforcementLevel).toBe("advisory");
    expect(withAll?.configSchema?.properties?.minLength).toEqual({ type: "integer", minimum: 1, default: 16 });
    expect(levels({ "credential-strength": { minLength: 16 } })["credential-strength"]).toBe("mandatory");
    expect(levels({ all: "advisory", "credential-strength": { enforcementLevel: "remediate", minLength: 16 } })["credential-strength"]).toBe("remediate");
  });

  it('"disabled" leaves a rule out, like false; all: "disabled" leaves out every rule not enabled on its own', () => {
    expect(Object.keys(levels({ "credential-strength": "disabled" }))).not.toContain("credential-strength");
    expect(Object.keys(levels({ "credential-strength": { enforcementLevel: "disabled" } }))).not.toContain("credential-strength");
    expect(levels({ all: "disabled", "sdp-vcenter-link-local": "advisory", "credential-strength": { minLength: 16 } })).toEqual({ "sdp-vcenter-link-local": "advisory" });
  });

  it("an unknown rule name throws, naming the key and the allowed keys", () => {
    expect(() => backupInfraPolicies({ "credential-strenght": "advisory" } as BackupInfraPolicyOptions)).toThrow(
      `backupInfraPolicies: unknown key "credential-strenght": the keys are "all", ${RULE_NAMES.map((n) => `"${n}"`).join(", ")}.`,
    );
  });

  it("an unknown level throws, naming the key and the allowed levels", () => {
    expect(() => backupInfraPolicies({ all: "strict" } as unknown as BackupInfraPolicyOptions)).toThrow(`backupInfraPolicies: "all" is "strict": allowed values are ${LEVELS}.`);
    expect(() => backupInfraPolicies({ "credential-strength": "warn" } as unknown as BackupInfraPolicyOptions)).toThrow(
      `backupInfraPolicies: "credential-strength" is "warn": allowed values are false, ${LEVELS} or an object of enforcementLevel, minLength, minClasses.`,
    );
    expect(() => backupInfraPolicies({ "credential-strength": true } as unknown as BackupInfraPolicyOptions)).toThrow(`"credential-strength" is true: allowed values are false, ${LEVELS}`);
    expect(() => backupInfraPolicies({ "sdp-vcenter-link-local": { enforcementLevel: "warn" } } as unknown as BackupInfraPolicyOptions)).toThrow(
      `backupInfraPolicies: "sdp-vcenter-link-local".enforcementLevel is "warn": allowed values are ${LEVELS}.`,
    );
  });

  it("unknown or bad thresholds throw, naming the rule's options", () => {
    expect(() => backupInfraPolicies({ "credential-strength": { minLenght: 16 } } as unknown as BackupInfraPolicyOptions)).toThrow(
      `backupInfraPolicies: "credential-strength" has unknown option "minLenght": its options are enforcementLevel, minLength, minClasses.`,
    );
    expect(() => backupInfraPolicies({ "credential-strength": { minClasses: 5 } })).toThrow(/"credential-strength"\.minClasses: Too big/);
    expect(() => backupInfraPolicies({ "sdp-cluster-min-servers": { minServers: 0 } })).toThrow(/"sdp-cluster-min-servers"\.minServers: Too small/);
  });

  it("lists every problem in one error", () => {
    expect(() => backupInfraPolicies({ all: "x", nope: false, "credential-strength": "y" } as unknown as BackupInfraPolicyOptions)).toThrow(/unknown key "nope".*; "all" is "x".*; "credential-strength" is "y"/);
    expect(() => backupInfraPolicies(null as unknown as BackupInfraPolicyOptions)).toThrow("backupInfraPolicies: options must be an object, got null.");
  });
});
