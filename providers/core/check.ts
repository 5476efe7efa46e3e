import type { z } from "zod";
import { unknownPaths } from "./unknown";

export interface CheckFailure {
  property: string;
  reason: string;
}

/** "networks[0].uuid" — the property-path form the engine prints. */
export function propertyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * Validates inputs with the resource's schema. Issues at or below a value that is still unknown
 * (preview) are dropped: such values are validated when they are known, at `up`.
 */
export function validateInputs<T>(schema: z.ZodType<T>, inputs: Record<string, unknown>): { value?: T; failures: CheckFailure[] } {
  const result = schema.safeParse(inputs);
  if (result.success) return { value: result.data, failures: [] };
  const unknown = unknownPaths(inputs).map((p) => propertyPath(p));
  const failures = result.error.issues
    .map((issue) => ({ property: propertyPath(issue.path), reason: plainReason(issue) }))
    .filter((f) => !unknown.some((u) => f.property === u || f.property.startsWith(`${u}.`) || f.property.startsWith(`${u}[`)));
  return { failures: dedupe(failures) };
}

/** "snapshotConcurrency must be a number": the property, then what it must be. */
export function describeFailure(f: CheckFailure): string {
  return f.property ? `${f.property} ${f.reason}` : f.reason;
}

const ARTICLE: Record<string, string> = { number: "a number", string: "a string", boolean: "true or false", object: "an object", array: "a list", int: "a whole number", bigint: "a whole number" };

/**
 * zod's own wording ("Invalid input: expected number, received string") said in the user's terms
 * ("must be a number"). A message the schema spells out itself (`{ message: … }`) is kept as it is.
 */
export function plainReason(issue: z.core.$ZodIssue): string {
  const i = issue as z.core.$ZodIssue & { expected?: string; origin?: string; minimum?: number | bigint; maximum?: number | bigint; inclusive?: boolean; format?: string; values?: unknown[]; keys?: string[] };
  const own = !/^(Invalid input|Invalid option|Invalid string|Invalid element|Invalid key|Too (big|small):|Unrecognized keys?|Invalid [A-Za-z ]+$)/.test(issue.message);
  if (own) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      if (/received undefined$/.test(issue.message)) return "is required";
      return `must be ${ARTICLE[i.expected ?? ""] ?? i.expected}`;
    case "too_big":
    case "too_small": {
      const big = issue.code === "too_big";
      const n = Number(big ? i.maximum : i.minimum);
      const bound = i.inclusive === false ? (big ? "less than" : "more than") : big ? "at most" : "at least";
      if (i.origin === "string") return !big && n === 1 && i.inclusive !== false ? "must not be empty" : `must be ${bound} ${n} characters long`;
      if (i.origin === "array" || i.origin === "set") return !big && n === 1 && i.inclusive !== false ? "must not be empty" : `must have ${bound} ${n} entries`;
      return `must be ${bound} ${n}`;
    }
    case "invalid_format":
      return i.format === "regex" ? "is not in the expected form" : `must be a valid ${i.format === "uuid" || i.format === "guid" ? "UUID" : i.format}`;
    case "invalid_value":
      return `must be one of ${(i.values ?? []).map((v) => JSON.stringify(v)).join(", ")}`;
    case "unrecognized_keys":
      return `has unknown ${(i.keys ?? []).length === 1 ? "property" : "properties"} ${(i.keys ?? []).join(", ")}`;
    case "invalid_union":
      return "does not match any of the accepted forms";
    default:
      return issue.message;
  }
}

function dedupe(failures: CheckFailure[]): CheckFailure[] {
  const seen = new Set<string>();
  return failures.filter((f) => {
    const key = `${f.property}\u0000${f.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The check failure for a resource whose connection cannot be resolved from input, config or environment. */
export function connectionFailures(resolve: () => unknown): CheckFailure[] {
  try {
    resolve();
    return [];
  } catch (error) {
    return [{ property: "connection", reason: error instanceof Error ? error.message : String(error) }];
  }
}
