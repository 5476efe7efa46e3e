/** The value the engine sends for inputs that are not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** True when `value` or anything nested inside it is unknown. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** The paths (as arrays of keys) at which an unknown value sits. */
export function unknownPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (isUnknown(value)) return [prefix];
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownPaths(v, [...prefix, i]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => unknownPaths(v, [...prefix, k]));
  }
  return [];
}
