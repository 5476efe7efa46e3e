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
    .map((issue) => ({ property: propertyPath(issue.path), reason: issue.message }))
    .filter((f) => !unknown.some((u) => f.property === u || f.property.startsWith(`${u}.`) || f.property.startsWith(`${u}[`)));
  return { failures: dedupe(failures) };
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
