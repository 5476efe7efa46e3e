import type { BaseKnobs, EmulatorHandle } from "../../../emulators";
import { ProviderRpcError, type ProviderHost } from "../../../harness";
import { present, type Emulators, type Fixture, type Op, type Props } from "../../fixtures";
import type { FaultColumn, Target } from "./faults";

/** `NAME` in a fixture's args: each cell replaces it with its own name (`fm-<n>`). */
export const NAME = "fm-NAME";
/** Every object a cell makes is named so; nothing else on the emulator is. */
const PREFIX = "fm-";

/** One resource type's emulator and provider host, with what its lifecycle without faults taught. */
export interface Rig {
  fixture: Fixture;
  emu: Emulators[keyof Emulators] & EmulatorHandle<BaseKnobs>;
  host: ProviderHost;
  /** The program's inputs as captured (with `__provider`), `NAME` still in place. */
  inputs: Props;
  urn: string;
  /** The request each operation's faults land on; undefined when the operation sends none. */
  targets: Partial<Record<Op, Target>>;
  close(): Promise<void>;
}

export type CellResult = { state: "pass" } | { state: "fail"; why: string } | { state: "n/a" };

const AUTH_ROUTE = /token|session|auth/i;

/** The vendor requests (not logins) the emulator saw since its log was last cleared. */
export function vendorRequests(emu: Rig["emu"]): { method: string; route: string }[] {
  return emu.requests().filter((r) => !AUTH_ROUTE.test(r.route));
}

const TARGET_METHODS: Record<Op, readonly string[]> = { create: ["POST"], read: ["GET"], update: ["PUT", "PATCH", "POST"], delete: ["DELETE", "POST"] };

export function pickTarget(op: Op, seen: { method: string; route: string }[]): Target | undefined {
  for (const method of TARGET_METHODS[op]) {
    const hit = seen.find((r) => r.method === method);
    if (hit) return { method: hit.method, route: hit.route };
  }
  return undefined;
}

export function instantiate(inputs: Props, cellName: string, timeouts?: string): Props {
  const text = JSON.stringify(inputs).split(NAME).join(cellName);
  const props = JSON.parse(text) as Props;
  return timeouts ? { ...props, timeouts: { create: timeouts, read: timeouts, update: timeouts, delete: timeouts } } : props;
}

/** The ids of the matrix's objects of the rig's type that the vendor holds now. */
export const presentOn = (rig: Pick<Rig, "fixture" | "emu">): string[] => present(rig.fixture, rig.emu, PREFIX);

const isTaskColumn = (fault: FaultColumn): boolean => fault.name === "task failure";

/** Whether the cell can apply at all, before any request is seen: the task column needs a task, the update column an update. */
export function applies(f: Fixture, op: Op, fault: FaultColumn): boolean {
  if (isTaskColumn(fault)) return f.tasks.ops.includes(op);
  return op !== "update" || f.update !== undefined;
}

/** The hits on the target that show the fault was really met (a cell that meets no fault proves nothing). */
const MIN_HITS: Record<string, number> = { "429 + Retry-After": 2, "5xx/520 burst": 4, "connection reset": 2, "slow beyond deadline": 1, "commit, drop answer": 1 };

interface Outcome {
  ok: boolean;
  id?: string;
  message?: string;
  initFailedId?: string;
  /** What the engine would record as the outputs of an init-failed create, and later delete with. */
  initFailedProperties?: Props;
}

async function attempt(body: () => Promise<string | undefined>): Promise<Outcome> {
  try {
    return { ok: true, id: await body() };
  } catch (error) {
    if (!(error instanceof ProviderRpcError)) throw error;
    return { ok: false, message: error.message, initFailedId: error.initFailed?.id, initFailedProperties: error.initFailed?.properties as Props | undefined };
  }
}

/**
 * One cell: optionally create the subject without faults, arm the fault on the operation's target
 * request (or the fixture's task knob), run the operation through the provider host, then judge
 * the outcome and the vendor's inventory against what the engine would now hold in its state.
 * Cleans up after itself.
 */
export async function runCell(rig: Rig, op: Op, fault: FaultColumn, cellName: string): Promise<CellResult> {
  const { fixture: f } = rig;
  const isTask = isTaskColumn(fault);
  if (!applies(f, op, fault) || (!isTask && !rig.targets[op])) return { state: "n/a" };
  // The task column runs the operation with the inputs under which it waits on the task.
  const inputs = instantiate(isTask && f.tasks.waiting ? f.tasks.waiting(rig.inputs) : rig.inputs, cellName, fault.deadline);
  let setup: { id: string; properties: Props } | undefined;
  if (op !== "create") setup = await rig.host.create(rig.urn, inputs);

  rig.emu.clearLog();
  if (isTask) f.tasks.fail(rig.emu, true);
  else rig.emu.addFaults(fault.rules(rig.targets[op] as Target));
  let outcome: Outcome;
  try {
    outcome = await attempt(async () => {
      if (op === "create") return (await rig.host.create(rig.urn, inputs)).id;
      const { id, properties } = setup as { id: string; properties: Props };
      if (op === "read") return (await rig.host.read(id, rig.urn, properties)).id;
      if (op === "update") return (await rig.host.update(id, rig.urn, properties, (f.update as NonNullable<Fixture["update"]>).apply(inputs)), id);
      await rig.host.delete(id, rig.urn, properties);
      return undefined;
    });
  } finally {
    if (isTask) f.tasks.fail(rig.emu, false);
    rig.emu.clearFaults();
  }
  const target = rig.targets[op];
  const hits = isTask ? Infinity : rig.emu.requests().filter((r) => r.method === target?.method && r.route === target?.route).length;
  const held = presentOn(rig);
  const why = judge(f, op, fault, outcome, setup?.id, held, hits);
  await cleanUp(rig, inputs, outcome.initFailedId ? { id: outcome.initFailedId, properties: outcome.initFailedProperties ?? {} } : setup, held);
  return why ? { state: "fail", why } : { state: "pass" };
}

function judge(f: Fixture, op: Op, fault: FaultColumn, o: Outcome, setupId: string | undefined, present: string[], hits: number): string | undefined {
  if (hits < (MIN_HITS[fault.name] ?? 0)) return `the fault was met ${hits} time(s), fewer than ${MIN_HITS[fault.name]}`;
  if (fault.mustSucceed && !o.ok) return `failed where retries had to absorb the fault: ${o.message}`;
  if (!o.ok) {
    const message = o.message ?? "";
    if (message.includes("\n")) return `the error is not one line: ${JSON.stringify(message)}`;
    if (!message.startsWith(`${f.type} `)) return `the error does not start with the resource: ${message}`;
    if (message.length < f.type.length + 20) return `the error names no cause: ${message}`;
  }
  if (op === "read" && o.ok && o.id !== setupId) return `read answered id "${o.id}" for ${setupId}`;
  const tracked = new Set<string>();
  if (op === "create") {
    if (o.ok && o.id) tracked.add(o.id);
    if (o.initFailedId) tracked.add(o.initFailedId);
  } else if (!(op === "delete" && o.ok) && setupId) tracked.add(setupId);
  if (new Set(present).size !== present.length || present.length > 1) return `duplicates at the vendor: ${present.join(", ")}`;
  const orphans = present.filter((id) => !tracked.has(id));
  if (orphans.length > 0) return `orphaned at the vendor (not in state): ${orphans.join(", ")}${o.ok ? "" : ` after: ${o.message}`}`;
  if (op === "create" && o.ok && !present.includes(o.id ?? "")) return `created ${o.id}, but the vendor does not hold it`;
  if (op === "delete" && o.ok && present.length > 0) return `deleted, but the vendor still holds ${present.join(", ")}`;
  return undefined;
}

/** Deletes what the vendor holds with what the engine would hold for it: the recorded outputs where there are any. */
async function cleanUp(rig: Rig, inputs: Props, recorded: { id: string; properties: Props } | undefined, present: string[]): Promise<void> {
  for (const id of present) await rig.host.delete(id, rig.urn, id === recorded?.id ? recorded.properties : inputs);
  // Its delete sends nothing (`keptOnDelete`): what the vendor keeps is taken away out of band.
  if (rig.fixture.keptOnDelete) for (const id of present) rig.fixture.remove(rig.emu, id);
  const left = presentOn(rig);
  if (left.length > 0) throw new Error(`${rig.fixture.type}: clean-up left ${left.join(", ")} behind`);
}
