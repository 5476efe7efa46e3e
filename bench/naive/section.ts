import { BASELINE_KNOBS } from "../knobs";
import { NAIVE_POLL_MS } from "./http";
import type { Comparison } from "./compare";

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export function naiveSection(rows: readonly Comparison[]): string {
  const table = rows.map(
    (r) =>
      `| ${r.work} | ${s(r.pkg.wallMs)} | ${s(r.naive.wallMs)} | ${(r.naive.wallMs / r.pkg.wallMs).toFixed(2)}× | ${r.pkg.requests} (${r.pkg.logins}) | ${r.naive.requests} (${r.naive.logins}) | ${(r.naive.requests / r.pkg.requests).toFixed(2)}× |`,
  );
  const first = { pkg: rows[0]?.pkg.firstRequestMs ?? Number.NaN, naive: rows[0]?.naive.firstRequestMs ?? Number.NaN };
  return `## A naive client side by side

\`bench/naive/\` is a deliberately naive client: undici \`request\` with a new Agent per request and
\`reset: true\` (no keep-alive: a TCP and TLS handshake every time), a fresh login or token before
every request, and a fixed ${NAIVE_POLL_MS / 1000} s sleep before each status check. It runs after this package (a fresh
provider host, so its logins are counted too) on the same fresh emulators (HTTPS, ${BASELINE_KNOBS.latencyMs} ms per request).
Requests are every request in the emulator's log, logins and tokens included (in brackets).

| work | package wall | naive wall | naive / package | package requests (logins) | naive requests (logins) | naive / package |
|---|---|---|---|---|---|---|
${table.join("\n")}

The package's figures include its first call in a fresh host: its first SDP request reached the
emulator ${s(first.pkg)} after the call (the naive client's: ${s(first.naive)}), the provider module being loaded.
The SdpServer wait also shows the adaptive schedule's lateness (at most 20 % of the time waited).
The naive client checks nothing before it creates and records less: no lookup of an existing
object by name, and no owner uid for a VSPC company.

What each side sent (from the emulator's log; base paths dropped):

| work | client | requests |
|---|---|---|
${rows.flatMap((r) => [`| ${r.work} | package | ${r.pkg.sent} |`, `| ${r.work} | naive | ${r.naive.sent} |`]).join("\n")}
`;
}
