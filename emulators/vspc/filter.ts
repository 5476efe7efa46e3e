import type { FastifyReply } from "fastify";
import { z } from "zod";
import { vspcErrors, type VspcErrorItem } from "./errors";

const expression: z.ZodType<FilterExpression> = z.lazy(() =>
  z.union([
    z.object({ operation: z.enum(["and", "or", "not", "exclusiveOr"]), items: z.array(expression) }),
    z.object({
      property: z.string(),
      operation: z.enum(["equals", "notEquals", "contains", "in", "lessThan", "greaterThan", "lessThanOrEqual", "greaterThanOrEqual"]),
      collation: z.enum(["ordinal", "ignorecase", "lexicographic"]).optional(),
      value: z.unknown(),
    }),
  ]),
);

export type FilterExpression =
  | { operation: "and" | "or" | "not" | "exclusiveOr"; items: FilterExpression[] }
  | { property: string; operation: string; collation?: string; value?: unknown };

function valueAt(item: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined), item);
}

function matches(item: unknown, e: FilterExpression): boolean {
  if ("items" in e) {
    const results = e.items.map((i) => matches(item, i));
    if (e.operation === "and") return results.every(Boolean);
    if (e.operation === "or") return results.some(Boolean);
    if (e.operation === "not") return !results.every(Boolean);
    return results.filter(Boolean).length === 1;
  }
  const fold = (v: unknown): unknown => (e.collation === "ignorecase" && typeof v === "string" ? v.toLowerCase() : v);
  const actual = fold(valueAt(item, e.property));
  const wanted = fold(e.value);
  switch (e.operation) {
    case "equals":
      return actual === wanted;
    case "notEquals":
      return actual !== wanted;
    case "contains":
      return typeof actual === "string" && typeof wanted === "string" && actual.includes(wanted);
    case "in":
      return Array.isArray(e.value) && e.value.map(fold).includes(actual);
    case "lessThan":
      return Number(actual) < Number(wanted);
    case "greaterThan":
      return Number(actual) > Number(wanted);
    case "lessThanOrEqual":
      return Number(actual) <= Number(wanted);
    default:
      return Number(actual) >= Number(wanted);
  }
}

/** Parses VSPC's `filter` query parameter (a JSON array of expressions, all of which must hold). */
export function parseFilter(text: string | undefined): FilterExpression[] | Error {
  if (!text) return [];
  try {
    return z.array(expression).parse(JSON.parse(text));
  } catch {
    return new Error("The filter parameter is not a valid filter expression array.");
  }
}

export function applyFilter<T>(items: T[], filter: FilterExpression[]): T[] {
  return items.filter((item) => filter.every((e) => matches(item, e)));
}

/**
 * `offset`/`limit` paging (seed lines 1319-1333; limit at most 500, line 1329) with
 * `meta.pagingInfo {total, count, offset}` (lines 1402-1409, 1527-1528). A bad offset answers the
 * seed's own 400 example (lines 1084-1093).
 */
export function page<T>(items: T[], query: Record<string, string | undefined>): { meta: { pagingInfo: { total: number; count: number; offset: number } }; data: T[] } | VspcErrorItem {
  const offset = query.offset === undefined ? 0 : Number(query.offset);
  const limit = query.limit === undefined ? 100 : Number(query.limit);
  if (!Number.isInteger(offset) || offset < 0) return { message: "Property value must be larger or equal to 0.", type: "logical", code: 400, parameterName: "offset" };
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) return { message: "Property value must be between 1 and 500.", type: "logical", code: 400, parameterName: "limit" };
  const data = items.slice(offset, offset + limit);
  return { meta: { pagingInfo: { total: items.length, count: data.length, offset } }, data };
}

/** A collection answer: `items` filtered by the `filter` parameter and paged, or the 400 that says which parameter is wrong. */
export function sendCollection<T>(reply: FastifyReply, items: T[], query: Record<string, string | undefined>): FastifyReply {
  const filter = parseFilter(query.filter);
  if (filter instanceof Error) return reply.code(400).send(vspcErrors({ message: filter.message, type: "logical", code: 400, parameterName: "filter" }));
  const result = page(applyFilter(items, filter), query);
  return "code" in result ? reply.code(400).send(vspcErrors(result)) : reply.send(result);
}
