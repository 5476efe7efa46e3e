import { floorOf, minimumOf, type Minimum } from "./minimums";
import { routeSummary } from "./op-log";
import type { OperationsMeasurement } from "./operations";
import { reports } from "./lifecycles";
import { median } from "./stats";
import { OPS, type Op } from "./subjects";

export interface CountRow {
  label: string;
  op: Op;
  /** Requests of each measured run (login and token requests excluded). */
  counts: number[];
  minimum: Minimum;
  /** What the first measured run sent. */
  made: string;
}

export function countRows(m: OperationsMeasurement): CountRow[] {
  const rows: CountRow[] = [];
  for (const s of m.subjects) {
    for (const op of OPS.filter((o) => reports(s, o))) {
      const measured = m.samples.filter((x) => x.label === s.label && x.op === op && x.iteration >= 1);
      const minimum = m.minimums[s.label]?.[op];
      if (!minimum) throw new Error(`bench/minimums.ts states no minimum for ${s.label} ${op}`);
      if (measured.length === 0) throw new Error(`${s.label} ${op} was not measured`);
      rows.push({ label: s.label, op, counts: measured.map((x) => x.requests.length), minimum, made: routeSummary(measured[0].requests) || "none" });
    }
  }
  return rows;
}

const ratio = (made: number, least: number): string => (least === 0 ? (made === 0 ? "—" : "∞") : `${(made / least).toFixed(2)}`);

function shown(counts: number[]): string {
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  return lo === hi ? `${lo}` : `${lo}–${hi}`;
}

export function requestCountSection(m: OperationsMeasurement): string {
  const rows = countRows(m);
  const table = rows.map((r) => {
    const made = median(r.counts);
    const least = minimumOf(r.minimum);
    const polls = r.minimum.polls > 0 ? ` (${r.minimum.fixed} + ${r.minimum.polls} checks)` : "";
    return `| ${r.label} | ${r.op} | ${shown(r.counts)} | ${least}${polls} | ${ratio(made, least)} | ${ratio(made, floorOf(r.minimum))} | ${r.made} |`;
  });
  const why = rows.map((r) => `| ${r.label} | ${r.op} | ${minimumOf(r.minimum)} | ${r.minimum.why} |`);
  const measured = m.samples.filter((x) => x.iteration >= 1);
  const auth = measured.reduce((n, x) => n + x.auth, 0);
  const atOne = rows.filter((r) => median(r.counts) === minimumOf(r.minimum)).length;
  const made = rows.reduce((n, r) => n + median(r.counts), 0);
  const least = rows.reduce((n, r) => n + minimumOf(r.minimum), 0);
  return `## Requests per operation against the API's minimum

Every resource type's create, read, update and delete through @pulumi/pulumi's dynamic-provider host
(harness/) against the emulators (HTTPS, ${m.samples.length} operations). "requests" counts the vendor
requests in the emulator's log during the operation, login and token requests excluded (auth
amortised: each type's first lifecycle is a warm-up and is not counted; ${auth} login or token
requests were made during the ${measured.length} counted operations). A range means the counted runs
differed. The minimum is stated by hand in \`bench/minimums.ts\` from each API's shape; where the API
reports progress only through a status, it is the mutating request(s) plus the status checks the
package's own waiter schedule needs to see the change (the emulator's wait and the schedule are
known), and "ratio to one check" compares with a waiter that looks exactly once. Target: 1.00.

| resource | op | requests | minimum | ratio | ratio to one check | requests made (first counted run; base paths dropped) |
|---|---|---|---|---|---|---|
${table.join("\n")}

${atOne} of ${rows.length} cells are at 1.00; over all cells ${made} requests against a minimum of ${least} (${ratio(made, least)}).

How each minimum is counted:

| resource | op | minimum | requests |
|---|---|---|---|
${why.join("\n")}
`;
}
