import { z } from "zod";

/**
 * The contract terms the API takes, in years: nttcom/eclsdk `ecl/dedicated_hypervisor/v1/_proxy.py`
 * (`manage_vsphere_contract`, `renewal_vsphere_contract`): "The number of years of the contract.
 * You can specify 1 or 3." The seed's samples use the same two (List vSphere Contracts, l.1216-1219).
 */
export const CONTRACT_YEARS = [1, 3] as const;
export type ContractYear = (typeof CONTRACT_YEARS)[number];

/** One contract as List vSphere Contracts answers it (seed l.1199-1208). */
export const contractSchema = z.looseObject({
  contract_year: z.number(),
  contract_renewal: z.boolean(),
  cores: z.number(),
  start_month: z.string(),
  end_month: z.string(),
  pending_cores: z.number(),
  cores_in_next_month: z.number(),
});
export type Contract = z.infer<typeof contractSchema>;

/** A term that has run to its end month: from the listing, or as last recorded. */
export interface EndedTerm {
  startMonth: string;
  endMonth: string;
  renewal: boolean;
}

/**
 * The seed's three cases for one contract year ("Manage vSphere Contracts": 1. none or not started,
 * 2. started and not in its final month, 3. in its final month), plus the one the seed does not
 * name: the contract ran to its end and none follows it. The API would treat that like case 1 and
 * sign a new multi-year contract, so it is told apart.
 */
export type ContractCase =
  | { kind: "none-or-not-started"; next?: Contract }
  | { kind: "started"; running: Contract }
  | { kind: "final-month"; running: Contract; next?: Contract }
  | { kind: "expired"; ended: EndedTerm };
export type ContractCaseKind = ContractCase["kind"];

export function contractCase(contracts: Contract[], year: number, month: string): ContractCase {
  const mine = contracts.filter((c) => c.contract_year === year);
  const running = mine.find((c) => c.start_month <= month && month <= c.end_month);
  const next = mine.find((c) => c.start_month > month);
  if (running) return running.end_month === month ? { kind: "final-month", running, next } : { kind: "started", running };
  if (next) return { kind: "none-or-not-started", next };
  // The seed does not say whether an ended contract stays listed: when it does, it is the latest.
  const ended = mine.filter((c) => c.end_month < month).sort((a, b) => b.end_month.localeCompare(a.end_month))[0];
  return ended ? { kind: "expired", ended: { startMonth: ended.start_month, endMonth: ended.end_month, renewal: ended.contract_renewal } } : { kind: "none-or-not-started" };
}

/**
 * The case with the recorded outputs taken into account: a contract that is no longer listed and
 * whose recorded term ended before `month` ran out (it expired); one whose term had not ended was
 * cancelled (it is gone).
 */
export function contractCaseWithRecord(contracts: Contract[], year: number, month: string, recorded: Record<string, unknown>): ContractCase {
  const listed = contractCase(contracts, year, month);
  if (listed.kind !== "none-or-not-started" || listed.next) return listed;
  const { startMonth, endMonth } = recorded;
  if (typeof startMonth !== "string" || typeof endMonth !== "string") return listed;
  if (recorded.contractCase === "expired" || endMonth < month) return { kind: "expired", ended: { startMonth, endMonth, renewal: recorded.contractRenewal === true } };
  return listed;
}
