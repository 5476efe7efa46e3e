import type { CheckFailure } from "../core/check";
import { resolveSettings } from "../core/config";

/**
 * SDP is operated in Japan: contract months are taken to be Asia/Tokyo months (the seed gives
 * "YYYY-MM" with no zone). `timeZone` or `sdp:contractTimeZone` overrides it.
 */
export const DEFAULT_CONTRACT_TIME_ZONE = "Asia/Tokyo";

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** "YYYY-MM" of `now` in `timeZone`. */
export function currentMonth(now = new Date(), timeZone = DEFAULT_CONTRACT_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit" }).formatToParts(now);
  return `${parts.find((p) => p.type === "year")?.value}-${parts.find((p) => p.type === "month")?.value}`;
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

const TIME_ZONE_SETTING = [{ name: "contractTimeZone" }] as const;

/** The zone contract months are counted in: the input, then `sdp:contractTimeZone` / `SDP_CONTRACT_TIME_ZONE`, then Asia/Tokyo. */
export function timeZoneOf(inputs: { timeZone?: unknown }): string {
  if (typeof inputs.timeZone === "string" && isTimeZone(inputs.timeZone)) return inputs.timeZone;
  const configured = resolveSettings("sdp", TIME_ZONE_SETTING, undefined).contractTimeZone;
  return configured && isTimeZone(configured) ? configured : DEFAULT_CONTRACT_TIME_ZONE;
}

export function timeZoneFailures(inputs: { timeZone?: unknown }): CheckFailure[] {
  if (inputs.timeZone !== undefined) return [];
  const configured = resolveSettings("sdp", TIME_ZONE_SETTING, undefined).contractTimeZone;
  return configured && !isTimeZone(configured) ? [{ property: "timeZone", reason: `sdp:contractTimeZone "${configured}" is not a time zone (an IANA name such as "Asia/Tokyo")` }] : [];
}

