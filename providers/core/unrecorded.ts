/**
 * Of the facts a read found, those the recorded state does not hold: all of them when the object
 * is read by its id alone (`pulumi import`), none of a recorded input, which is the program's and
 * is kept as it is. Undefined facts (the answer did not say) are left out.
 */
export function unrecorded(olds: object, facts: Record<string, unknown>): Record<string, unknown> {
  const recorded = olds as Record<string, unknown>;
  return Object.fromEntries(Object.entries(facts).filter(([k, v]) => v !== undefined && recorded[k] === undefined));
}

/** The keys of `current` that hold a string: the write-only inputs a read found after all, proposed by `pulumi import`. */
export function reportedStrings(current: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => typeof current[k] === "string").map((k) => [k, current[k]]));
}
