export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * Outputs must be plain JSON for the engine's Struct: drops `undefined`, turns dates into ISO
 * strings and bigints into numbers or strings, and refuses anything else that is not data.
 */
export function toPlainJson(value: unknown, path = "outputs"): Json {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`${path} is not a finite number`);
    return value;
  }
  if (typeof value === "bigint") {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v, i) => (v === undefined ? null : toPlainJson(v, `${path}[${i}]`)));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toPlainJson(v, `${path}.${k}`);
    return out;
  }
  throw new TypeError(`${path} is not plain JSON (${typeof value === "object" ? value.constructor?.name : typeof value})`);
}

export function toPlainObject(value: Record<string, unknown>): Record<string, Json> {
  return toPlainJson(value) as Record<string, Json>;
}
