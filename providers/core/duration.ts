const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
export const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/** Parses Go-style durations as Pulumi's customTimeouts use them: "45m", "1h30m", "90s", "500ms". */
export function parseDuration(text: string): number {
  if (!DURATION_PATTERN.test(text)) {
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

/** Durations per operation (`"30m"`, `"1h30m"`), for the `timeouts` input of every resource. */
export interface Timeouts {
  /** Bound on create, e.g. "30m". */
  create?: string;
  /** Bound on read (refresh, and the lookups during preview), e.g. "2m". */
  read?: string;
  /** Bound on update. */
  update?: string;
  /** Bound on delete. */
  delete?: string;
}
