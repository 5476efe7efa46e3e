import type { FaultRule } from "../../../emulators";

export type Op = "create" | "read" | "update" | "delete";
export const OPS: readonly Op[] = ["create", "read", "update", "delete"];

/** The request an operation's fault lands on, found by running the operation once without faults. */
export interface Target {
  method: string;
  route: string;
}

export interface FaultColumn {
  name: string;
  /** Faults that the retries must absorb: the operation has to succeed. */
  mustSucceed: boolean;
  /** Emulator fault rules for the target request (none for the task-failure column, which uses knobs). */
  rules(target: Target): FaultRule[];
  /** The operation's deadline for this column (a `timeouts` input), when it matters. */
  deadline?: string;
}

/** Longer than STALL_DEADLINE: the answer arrives after the operation has given up. */
export const STALL_MS = 2_500;
export const STALL_DEADLINE = "1500ms";

const on = (t: Target, times: number, kind: FaultRule["kind"]): FaultRule => ({ method: t.method, path: t.route, times, kind });

export const FAULTS: readonly FaultColumn[] = [
  { name: "429 + Retry-After", mustSucceed: true, rules: (t) => [on(t, 2, { type: "status", status: 429, headers: { "retry-after": "1" }, body: { error: "throttled" } })] },
  {
    name: "5xx/520 burst",
    mustSucceed: true,
    rules: (t) => [on(t, 1, { type: "status", status: 502 }), on(t, 1, { type: "status", status: 520 }), on(t, 1, { type: "status", status: 503 })],
  },
  { name: "connection reset", mustSucceed: true, rules: (t) => [on(t, 1, { type: "reset" })] },
  { name: "slow beyond deadline", mustSucceed: false, deadline: STALL_DEADLINE, rules: (t) => [on(t, 1, { type: "stall", ms: STALL_MS })] },
  { name: "commit, drop answer", mustSucceed: true, rules: (t) => [on(t, 1, { type: "commit-then-drop" })] },
  { name: "task failure", mustSucceed: false, rules: () => [] },
];
