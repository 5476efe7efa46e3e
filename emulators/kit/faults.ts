import { z } from "zod";
import { seen, type SchemaInput } from "../../providers/program/schema";

const faultKindZod = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("status"),
    status: z.number().int().min(100).max(599),
    body: z.unknown().optional(),
    /** e.g. `{ "retry-after": "1" }` on a 429. */
    headers: z.record(z.string(), z.string()).optional(),
  }),
  z.object({ type: z.literal("reset") }),
  /** Waits before handling: the request commits late. */
  z.object({ type: z.literal("delay"), ms: z.number().int().min(0).max(120_000) }),
  /** Handles at once, answers late: the request has committed while the client still waits. */
  z.object({ type: z.literal("stall"), ms: z.number().int().min(0).max(120_000) }),
  z.object({ type: z.literal("commit-then-drop") }),
]);

const faultRuleZod = z.object({
  method: z.string().transform((m) => m.toUpperCase()),
  /** An exact path, a route pattern with `:param` segments, or `re:<regexp>`. */
  path: z.string().min(1),
  /** How many matching requests it applies to. */
  times: z.number().int().min(1).default(1),
  kind: faultKindZod,
});

/** A fault rule as the control API takes it; exported as a `Schema` so the declarations hold no zod (`zodOf` parses). */
export const faultRuleSchema = seen(faultRuleZod);
export type FaultKind = FaultRule["kind"];
export type FaultRule = SchemaInput<typeof faultRuleSchema>;
type ActiveRule = z.output<typeof faultRuleZod>;

function pathMatches(rule: string, path: string, routePattern: string | undefined): boolean {
  if (rule.startsWith("re:")) return new RegExp(rule.slice(3)).test(path);
  return rule === path || rule === routePattern;
}

/** Fault rules, each used up after `times` matching requests. */
export class FaultPlan {
  private rules: ActiveRule[] = [];

  add(rules: readonly FaultRule[]): void {
    this.rules.push(...rules.map((r) => faultRuleZod.parse(r)));
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, if any (consumes one use of the rule). */
  take(method: string, path: string, routePattern: string | undefined): FaultKind | undefined {
    const rule = this.rules.find((r) => r.method === method && pathMatches(r.path, path, routePattern));
    if (!rule) return undefined;
    rule.times -= 1;
    if (rule.times <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.kind;
  }
}
