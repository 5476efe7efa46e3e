/**
 * SDP is operated in Japan: contract months are counted in Asia/Tokyo (the `timeZone` knob). The
 * seed gives months as "YYYY-MM" with no zone (List vSphere Contracts, l.1204-1205, l.1212).
 */
export const CONTRACT_TIME_ZONE = "Asia/Tokyo";

/** Months as whole numbers (year × 12 + month index) in `timeZone`, so that month arithmetic is plain. */
export function monthOf(ms: number, timeZone: string = CONTRACT_TIME_ZONE): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric" }).formatToParts(new Date(ms));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return part("year") * 12 + part("month") - 1;
}

export function formatMonth(m: number): string {
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
}

/**
 * The terms the API takes: nttcom/eclsdk `ecl/dedicated_hypervisor/v1/_proxy.py` (manage and
 * renewal of vSphere contracts): "The number of years of the contract. You can specify 1 or 3."
 * The seed's own samples use 1 and 3 (l.1216, l.1218).
 */
export const CONTRACT_YEARS = [1, 3] as const;

export interface Contract {
  contractYear: number;
  renewal: boolean;
  start: number;
  end: number;
  /** Monthly commitment in force. */
  cores: number;
  /** Commitment added for `pendingFrom` (the next month when it was set). */
  pendingCores: number;
  pendingFrom: number;
}

export type ContractCase = "none-or-not-started" | "started" | "final-month";

export class ContractBook {
  private contracts: Contract[] = [];

  /** Applies what the calendar has done since the last look: commitments that began, contracts that ended. */
  settle(now: number): void {
    for (const c of this.contracts) {
      if (c.pendingCores > 0 && now >= c.pendingFrom) {
        c.cores += c.pendingCores;
        c.pendingCores = 0;
      }
    }
    this.contracts = this.contracts.filter((c) => now <= c.end);
  }

  list(now: number): Contract[] {
    this.settle(now);
    return [...this.contracts].sort((a, b) => a.contractYear - b.contractYear || a.start - b.start);
  }

  active(year: number, now: number): Contract | undefined {
    return this.list(now).find((c) => c.contractYear === year && c.start <= now && now <= c.end);
  }

  future(year: number, now: number): Contract | undefined {
    return this.list(now).find((c) => c.contractYear === year && c.start > now);
  }

  caseOf(year: number, now: number): ContractCase {
    const active = this.active(year, now);
    if (!active) return "none-or-not-started";
    return now === active.end ? "final-month" : "started";
  }

  seed(c: Contract): void {
    this.contracts.push(c);
  }

  /** An out-of-band edit of the year's contract that starts last (the one SDP shows before any starts). */
  patch(year: number, patch: Partial<Pick<Contract, "renewal" | "cores" | "pendingCores">>): void {
    const latest = this.contracts.filter((c) => c.contractYear === year).sort((a, b) => b.start - a.start)[0];
    if (!latest) throw new Error(`no ${year}-year contract`);
    Object.assign(latest, patch);
  }

  /** An out-of-band cancellation: every contract of the year goes. */
  remove(year: number): void {
    this.contracts = this.contracts.filter((c) => c.contractYear !== year);
  }

  /**
   * POST /vsphere_contracts, exactly as the reference describes its three cases. Returns the
   * contract it touched, or an error message for a 400.
   */
  manage(year: number, cores: number, now: number): Contract | string {
    const active = this.active(year, now);
    if (active && now < active.end) {
      if (cores > 0) {
        active.pendingCores = cores;
        active.pendingFrom = now + 1;
      } else if (active.pendingCores > 0) active.pendingCores = 0;
      else return "There is no commitment for the next month to delete.";
      return active;
    }
    if (active && now === active.end) {
      if (cores > 0 && !active.renewal) return "contract_renewal of the current contract must be true before a new contract is created.";
      if (cores === 0 && active.renewal) return "contract_renewal of the current contract must be false before the new contract is deleted.";
    }
    const future = this.future(year, now);
    if (cores === 0) {
      if (!future) return "There is no contract to delete.";
      this.contracts = this.contracts.filter((c) => c !== future);
      return { ...future, cores: 0, pendingCores: 0 };
    }
    if (future) {
      future.pendingCores = cores;
      return future;
    }
    const start = now + 1;
    const created: Contract = { contractYear: year, renewal: false, start, end: start + year * 12 - 1, cores: 0, pendingCores: cores, pendingFrom: start };
    this.contracts.push(created);
    return created;
  }

  /** PUT /vsphere_contracts: renewal of the running contract, or of the next one if none runs. */
  setRenewal(year: number, renewal: boolean, now: number): Contract | string {
    const target = this.active(year, now) ?? this.future(year, now);
    if (!target) return "There is no contract for this contract_year.";
    target.renewal = renewal;
    return target;
  }
}

export function contractView(c: Contract) {
  return {
    contract_year: c.contractYear,
    contract_renewal: c.renewal,
    cores: c.cores,
    start_month: formatMonth(c.start),
    end_month: formatMonth(c.end),
    pending_cores: c.pendingCores,
    cores_in_next_month: c.cores + c.pendingCores,
  };
}
