import { containsUnknown } from "../core/unknown";
import { addMonths, currentMonth, timeZoneOf } from "./contract-month";
import type { ContractCaseKind } from "./contract-terms";

/**
 * The case at preview time, from the recorded outputs and this machine's clock (diff sends no
 * request). A term that ended with renewal enabled may have been renewed: only a refresh tells, so
 * it is not called expired here (update looks before it changes anything).
 */
export function recordedCase(recorded: Record<string, unknown>, month: string): ContractCaseKind | "ended-with-renewal" | undefined {
  const { startMonth, endMonth, contractCase: kind } = recorded;
  if (kind === "expired") return "expired";
  if (typeof startMonth !== "string" || typeof endMonth !== "string") return undefined;
  if (month > endMonth) return recorded.contractRenewal === true ? "ended-with-renewal" : "expired";
  if (month === endMonth) return "final-month";
  if (month >= startMonth) return "started";
  // In a final month with its successor listed, the recorded months are the successor's.
  return kind === "final-month" && month === addMonths(startMonth, -1) ? "final-month" : "none-or-not-started";
}

/** What the seed's case means for a change of the commitment, as the preview line says it. */
export function caseLine(kind: ReturnType<typeof recordedCase>, recorded: Record<string, unknown>, cores: unknown, month: string): string {
  const next = addMonths(month, 1);
  switch (kind) {
    case "none-or-not-started":
      return `case 1 of the reference (no contract, or not started yet): ${String(cores)} cores is the commitment of the contract starting ${String(recorded.startMonth ?? next)}`;
    case "started":
      return `case 2 of the reference (started, not in its final month; runs until ${String(recorded.endMonth)}): ${String(cores)} cores is the commitment added from ${next}`;
    case "final-month":
      return `case 3 of the reference (final month ${month}): ${String(cores)} cores is the commitment of the successor contract from ${next} (renewal is enabled first)`;
    case "ended-with-renewal":
      return `the recorded term ended with ${String(recorded.endMonth)} with renewal enabled: \`pulumi refresh\` shows the term in force`;
    case "expired":
      return `the contract ended with ${String(recorded.endMonth)} (expired): renewExpired signs a new contract from ${next}`;
    default:
      return "the recorded outputs do not name the case: `pulumi refresh` reads it";
  }
}

/** The case at preview time, with the recorded outputs and the desired inputs. */
export function previewCase(olds: Record<string, unknown>, news: Record<string, unknown>): { kind: ReturnType<typeof recordedCase>; month: string; timeZone: string } {
  const timeZone = timeZoneOf(containsUnknown(news.timeZone) ? {} : news);
  const month = currentMonth(new Date(), timeZone);
  return { kind: recordedCase(olds, month), month, timeZone };
}

