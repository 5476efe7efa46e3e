import type { RecordedRequest } from "../emulators";
import type { Estate } from "./estate";
import { emulatorMs, isAuth, timed, type RequestLog, type Timed } from "./op-log";
import { OPS, urnOf, type Op, type Subject } from "./subjects";

export interface OpSample {
  label: string;
  op: Op;
  /** 0 is the warm-up: the first use of the provider module and the vendor's login. */
  iteration: number;
  /** Host round trip: from the gRPC call to its answer. */
  ms: number;
  /** The emulator's time handling the operation's requests. */
  emulatorMs: number;
  /** Vendor requests other than login and token requests. */
  requests: RecordedRequest[];
  /** Login and token requests. */
  auth: number;
}

export interface LifecycleOptions {
  /** Reads in the first measured lifecycle of each type (one in every other). */
  reads: number;
  /** After this long, each remaining type gets its warm-up and one measured lifecycle only. */
  budgetMs: number;
}

export const reports = (s: Subject, op: Op): boolean => (s.report ?? OPS).includes(op);

/** Drives each subject through create, read, update and delete on the provider host, one operation at a time. */
export async function runLifecycles(estate: Estate, list: readonly Subject[], texts: ReadonlyMap<string, string>, opts: LifecycleOptions): Promise<OpSample[]> {
  const samples: OpSample[] = [];
  const started = Date.now();
  const inBudget = (): boolean => Date.now() - started < opts.budgetMs;
  for (const s of list) {
    const emu: RequestLog = estate[s.vendor];
    const provider = texts.get(s.type);
    if (!provider) throw new Error(`${s.type}: no serialised provider`);
    const urn = urnOf(s, "subject");
    const record = (op: Op, iteration: number, t: Timed<unknown>): void => {
      samples.push({ label: s.label, op, iteration, ms: t.ms, emulatorMs: emulatorMs(t.log), requests: t.log.filter((r) => !isAuth(r)), auth: t.log.filter(isAuth).length });
    };
    for (let i = 0; i <= s.iterations && (i <= 1 || inBudget()); i++) {
      await s.before?.(estate);
      const inputs = { ...s.args(i), __provider: provider };
      const made = await timed(emu, () => estate.host.create(urn, inputs));
      record("create", i, made);
      const { id, properties } = made.value;
      const reads = i === 1 && reports(s, "read") ? opts.reads : 1;
      for (let r = 0; r < reads && (r === 0 || inBudget()); r++) record("read", i, await timed(emu, () => estate.host.read(id, urn, properties)));
      const updated = await timed(emu, () => estate.host.update(id, urn, properties, s.update(inputs)));
      record("update", i, updated);
      record("delete", i, await timed(emu, () => estate.host.delete(id, urn, updated.value.properties)));
    }
  }
  return samples;
}
