import { OP_KNOBS } from "./knobs";
import { reports, type OpSample } from "./lifecycles";
import { READS_PER_TYPE, type OperationsMeasurement } from "./operations";
import { median, percentile } from "./stats";
import { OPS } from "./subjects";

const ms = (v: number): string => `${v.toFixed(1)} ms`;

interface Figures {
  samples: number;
  roundTrip: number;
  emulator: number;
  overhead: number;
  overheadP99: number;
}

function figures(list: readonly OpSample[]): Figures {
  const overhead = list.map((x) => x.ms - x.emulatorMs);
  return { samples: list.length, roundTrip: median(list.map((x) => x.ms)), emulator: median(list.map((x) => x.emulatorMs)), overhead: median(overhead), overheadP99: percentile(overhead, 99) };
}

/** Host round trip minus the emulator's handling time, for operations that make no status checks. */
export function overheadSection(m: OperationsMeasurement): string {
  const counted = m.samples.filter((x) => {
    const s = m.subjects.find((y) => y.label === x.label);
    return x.iteration >= 1 && s !== undefined && reports(s, x.op) && !s.waits.includes(x.op);
  });
  const byOp = OPS.map((op) => {
    const list = counted.filter((x) => x.op === op);
    const f = figures(list);
    const types = [...new Set(list.map((x) => x.label))].length;
    return `| ${op} | ${f.samples} | ${types} | ${ms(f.roundTrip)} | ${ms(f.emulator)} | ${ms(f.overhead)} | ${ms(f.overheadP99)} |`;
  });
  const reads = m.subjects
    .filter((s) => reports(s, "read"))
    .map((s) => {
      const list = counted.filter((x) => x.label === s.label && x.op === "read");
      const f = figures(list);
      return `| ${s.label} | ${f.samples} | ${median(list.map((x) => x.requests.length))} | ${ms(f.roundTrip)} | ${ms(f.emulator)} | ${ms(f.overhead)} | ${ms(f.overheadP99)} |`;
    });
  const waiting = m.subjects.flatMap((s) => s.waits.filter((op) => reports(s, op)).map((op) => `${s.label} ${op}`));
  return `## Provider overhead per operation

Overhead = the host round trip (from the harness's gRPC call to its answer) minus the time the
emulator spent handling the operation's requests (respondedAt − receivedAt in its log). Every
emulator adds ${OP_KNOBS.latencyMs} ms to each request, so that share is large. The overhead is
what the package, the dynamic-provider host, gRPC, TLS and the loopback add. Counted: the same
runs as above without the warm-up: ${new Set(m.subjects.map((s) => s.type)).size} resource types, one operation at a time, up to
${Math.max(...m.subjects.map((s) => s.iterations))} lifecycles per type and ${READS_PER_TYPE} reads in the first of them (fewer when the
time budget ran out). Operations that wait for the
server (${waiting.join(", ")}) are left out: their time includes the waiter's sleeps between
status checks, which are not overhead.

| op | samples | resource types | round trip (median) | emulator (median) | overhead (median) | overhead (p99) |
|---|---|---|---|---|---|---|
${byOp.join("\n")}

Reads by resource type:

| resource | reads | requests per read | round trip (median) | emulator (median) | overhead (median) | overhead (p99) |
|---|---|---|---|---|---|---|
${reads.join("\n")}

p99 is nearest-rank: with fewer than 100 samples it is the slowest one or close to it.
`;
}
