import { z } from "zod";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/** Parses Go-style durations as Pulumi's customTimeouts use them: "45m", "1h30m", "90s", "500ms". */
export function parseDuration(text: string): number {
  if (!DURATION.test(text)) {
    throw new Error(`invalid duration "${text}": use a number with a unit, e.g. "30s", "45m" or "1h30m"`);
  }
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit];
  return total;
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

export const durationSchema = z
  .string()
  .regex(DURATION, { message: 'must be a duration such as "30s", "45m" or "1h30m"' })
  .refine((text) => !DURATION.test(text) || parseDuration(text) > 0, { message: "must be longer than zero" });

export const timeoutsSchema = z
  .object({ create: durationSchema.optional(), read: durationSchema.optional(), update: durationSchema.optional(), delete: durationSchema.optional() })
  .strict();

export type Timeouts = z.infer<typeof timeoutsSchema>;
