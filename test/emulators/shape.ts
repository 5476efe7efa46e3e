/** A JSON value as an emulator answers it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Leeway {
  /** Paths a value may be null at on one side only (the seed shows null where a value appears once something has run, or the reverse). */
  nullable?: readonly string[];
  /** Paths whose object content is not compared: the seed elides it as `{...}`, or its keys are data (metadata). */
  opaque?: readonly string[];
  /** Arrays the seed shows filled that are truthfully empty here (nothing attached). */
  mayBeEmpty?: readonly string[];
}

const kind = (v: Json): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/**
 * Where an emulator's answer `got` differs in shape from the seed's `sample`: missing or extra
 * fields and other types, each named by its path (`$.server.links[].rel`). An array's elements
 * are compared by the union of their fields (a seed's sample elements may differ); an empty array
 * in the seed matches any.
 */
export function shapeDiff(sample: Json, got: Json, leeway: Leeway = {}, path = "$"): string[] {
  if ((got === null || sample === null) && leeway.nullable?.includes(path)) return [];
  if (kind(sample) !== kind(got)) return [`${path}: seed has ${kind(sample)}, emulator ${kind(got)}`];
  if (Array.isArray(sample) && Array.isArray(got)) {
    if (sample.length === 0) return [];
    if (got.length === 0) return leeway.mayBeEmpty?.includes(path) ? [] : [`${path}: empty, the seed shows elements`];
    const merged = (items: Json[]): Json => (items.every((i) => kind(i) === "object") ? (Object.assign({}, ...items) as Json) : items[0]);
    return shapeDiff(merged(sample), merged(got), leeway, `${path}[]`);
  }
  if (kind(sample) !== "object" || leeway.opaque?.includes(path)) return [];
  const [s, g] = [sample as Record<string, Json>, got as Record<string, Json>];
  return [
    ...Object.keys(s).filter((k) => !(k in g)).map((k) => `${path}.${k}: missing`),
    ...Object.keys(g).filter((k) => !(k in s)).map((k) => `${path}.${k}: not in the seed`),
    ...Object.keys(s).filter((k) => k in g).flatMap((k) => shapeDiff(s[k], g[k], leeway, `${path}.${k}`)),
  ];
}
