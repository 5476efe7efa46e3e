import type * as pulumi from "@pulumi/pulumi";
import type { InputSpecs, InputsOf, OutputSpecs, ResourceDescriptor, StateOf } from "../program/descriptor";
import { zodOf } from "../program/zod-of";
import { describeFailure, propertyPath, validateInputs, type CheckFailure } from "./check";
import { setStackConfig } from "./config";
import { Deadline, type Operation } from "./deadline";
import type { Timeouts } from "./duration";
import { oneLine, ResourceInitFailedError } from "./errors";
import { log } from "./log";
import { toPlainObject, type Json } from "./outputs";
import { redactError, registerSecret } from "./redact";
import { containsUnknown } from "./unknown";

export type Outputs = Record<string, Json>;

export interface OperationContext {
  deadline: Deadline;
  log(message: string): void;
  /**
   * Update only: the inputs whose desired value differs from the recorded one. Empty when the
   * engine continues a resource whose create or update failed part-way (it runs an update with
   * nothing changed), so an update can tell a repair from a change.
   */
  changed?: readonly string[];
}

/**
 * How a resource that a failed create or update left part-made is brought to the desired state,
 * judged from its recorded outputs on every diff, not from the engine's init errors: a refresh
 * clears those, and the next `up` must still finish the job.
 */
export interface Recovery {
  /** Recorded outputs that show unfinished work (an inventory that failed): diff reports an update, and update finishes it. */
  update?: string[];
  /** Recorded outputs that make the object unusable (a build that ended in ERROR): it is replaced, deleting first. */
  replace?: string[];
  /** Replace-on-change inputs that are applied by update instead (a failed init script is re-run in place). */
  inPlace?: string[];
}

/**
 * Everything about a resource's behaviour that its descriptor does not say. The rest — validation,
 * the diff table, secrets, deadlines, redaction, plain-JSON outputs, the recorded state's parsing,
 * carrying create-only outputs, the host's calling convention — is `defineProvider`'s job.
 */
export interface ResourceImplementation<I extends InputSpecs, O extends OutputSpecs> {
  /** Inputs with defaults applied, in the form they take in the outputs: what diff compares. */
  normalize(inputs: InputsOf<I>): Record<string, unknown>;
  /** Failures that need more than the schema (e.g. no connection configured anywhere). */
  extraCheck?(inputs: InputsOf<I>): CheckFailure[];
  /** A short label for log lines and messages, e.g. the host address. */
  label(inputs: InputsOf<I>): string;
  defaultTimeoutsMs: Record<Operation, number>;
  /** From the recorded outputs (as they are: diff never throws) and the desired inputs (with defaults applied); none by default. */
  recovery?(olds: Record<string, unknown>, desired: Record<string, unknown>): Recovery;
  create(inputs: InputsOf<I>, ctx: OperationContext): Promise<{ id: string; outs: Record<string, unknown> }>;
  /** Current outputs, or undefined when the object is gone. */
  read(id: string, olds: StateOf<I, O>, ctx: OperationContext): Promise<Record<string, unknown> | undefined>;
  /** The outputs after the update; create-only outputs it leaves out keep their recorded values. */
  update(id: string, olds: StateOf<I, O>, news: InputsOf<I>, ctx: OperationContext): Promise<Record<string, unknown>>;
  delete(id: string, olds: StateOf<I, O>, ctx: OperationContext): Promise<void>;
  /**
   * `pulumi import`: inputs that describe the object as read from its id alone, over the default
   * (every input the read reports that is not secret, not write-only, not `none` and that the
   * schema accepts). A secret (a password) is never among them: the object is adopted without it.
   */
  importInputs?(current: Record<string, unknown>): Record<string, unknown>;
}

/** A resource's provider: the dynamic provider's operations, and `pulumi import`'s read by id alone. */
export interface BackupInfraProvider extends pulumi.dynamic.ResourceProvider {
  /** The object with this id as it is (its recorded state) and the inputs that describe it; undefined when there is none. */
  importById(id: string): Promise<{ props: Outputs; inputs: Outputs } | undefined>;
}

const PROVIDER_KEY = "__provider";

function withoutProvider(props: Record<string, unknown>): Record<string, unknown> {
  const { [PROVIDER_KEY]: _ignored, ...rest } = props;
  return rest;
}

export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => isDeepEqual(v, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => isDeepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** Builds the dynamic provider the host calls, from the resource's descriptor and its implementation. */
export function defineProvider<I extends InputSpecs, O extends OutputSpecs>(d: ResourceDescriptor<I, O>, impl: ResourceImplementation<I, O>): BackupInfraProvider {
  const typeName = d.type.name;
  const timeoutsOf = (values: object): Timeouts | undefined => (values as { timeouts?: Timeouts }).timeouts;

  const parse = (props: Record<string, unknown>): InputsOf<I> => {
    const { value, failures } = validateInputs(zodOf(d.inputSchema), withoutProvider(props));
    if (!value) throw new Error(`${typeName}: invalid inputs: ${failures.map(describeFailure).join("; ")}`);
    d.secretValues(value).forEach(registerSecret);
    return value;
  };

  /** The recorded state, in the shape the descriptor gives it; a state no release of this resource wrote fails in one line. */
  const recordedState = (olds: Record<string, unknown>): StateOf<I, O> => {
    const parsed = zodOf(d.stateSchema).safeParse(olds);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new Error(`its recorded state does not have the shape this release reads: ${propertyPath(issue.path)}: ${issue.message}`);
  };

  const run = async <R>(op: Operation, label: string, timeouts: Timeouts | undefined, body: (ctx: OperationContext) => Promise<R>, changed?: readonly string[]): Promise<R> => {
    const what = `${typeName} "${label}"`;
    const ctx: OperationContext = {
      deadline: Deadline.forOperation(what, op, timeouts, impl.defaultTimeoutsMs[op]),
      log: (message) => log("info", typeName, `${label}: ${message}`),
      ...(changed ? { changed } : {}),
    };
    try {
      return await body(ctx);
    } catch (error) {
      throw redactError(namingTheResource(error, `${what} ${op}`));
    }
  };

  /** The label of a recorded resource: from its recorded inputs as they are (a value the vendor reported may not pass today's input schema), else its id. */
  const labelOf = (olds: Record<string, unknown>, id: string): string => {
    const recorded = olds as InputsOf<I>;
    d.secretValues(recorded).forEach(registerSecret);
    try {
      return impl.label(recorded) || id;
    } catch {
      return id;
    }
  };

  const outputsOf = (inputs: InputsOf<I>, remote: Record<string, unknown>): Outputs =>
    toPlainObject({ ...withoutProvider(inputs as Record<string, unknown>), ...impl.normalize(inputs), ...remote });

  /**
   * The host hands an init-failed error's properties to the engine as they are, and the engine
   * records them as the resource's outputs: read, update and delete later get exactly those. So
   * they must be whole outputs, like a successful operation's (the host adds `__provider` only to
   * those), and carry `__provider`, without which the host cannot load the provider at all.
   */
  const recordable = (error: unknown, inputs: InputsOf<I>, props: Record<string, unknown>, kept: Record<string, unknown> = {}): unknown =>
    error instanceof ResourceInitFailedError
      ? new ResourceInitFailedError(error.id, { ...outputsOf(inputs, { ...kept, ...error.properties }), [PROVIDER_KEY]: props[PROVIDER_KEY] }, error.reasons)
      : error;

  /** Inputs an update applies: `updateOn`, and the replace-on-change ones a recovery applies in place. */
  const updatable = (inPlace: readonly string[]): string[] => [...d.updateOn, ...d.replaceOn.filter((k) => inPlace.includes(k))];

  /** The keys whose desired value (inputs with defaults applied) differs from the recorded one. */
  const changedKeys = (olds: Record<string, unknown>, desired: Record<string, unknown>, keys: readonly string[]): string[] =>
    keys.filter((key) => {
      if (desired[key] === undefined && d.derived.includes(key)) return false;
      if (olds[key] === undefined && d.writeOnly.includes(key)) return false;
      if (containsUnknown(desired[key])) return true;
      return !isDeepEqual(olds[key], desired[key]) && !(d.sameValue[key]?.(olds[key], desired[key]) ?? false);
    });

  /** The inputs `pulumi import` proposes: what the read reports of each importable input, less what the schema refuses. */
  const importInputs = (current: Record<string, unknown>): Outputs => {
    const importable = Object.keys(d.inputs).filter((k) => d.inputs[k].change !== "none" && !d.secretInputs.includes(k) && !d.writeOnly.includes(k) && current[k] !== undefined && current[k] !== null);
    const proposed: Record<string, unknown> = { ...Object.fromEntries(importable.map((k) => [k, current[k]])), ...impl.importInputs?.(current) };
    for (let tries = Object.keys(proposed).length; tries > 0; tries--) {
      const parsed = zodOf(d.inputSchema).safeParse(proposed);
      const refused = parsed.success ? undefined : parsed.error.issues.map((i) => i.path[0]).find((k): k is string => typeof k === "string" && k in proposed);
      if (refused === undefined) break;
      delete proposed[refused];
    }
    return toPlainObject(proposed);
  };

  /** The create-only outputs as recorded (null when an earlier create did not record one). */
  const carried = (recorded: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(d.createOnly.map((k) => [k, recorded[k] ?? null]));

  return {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      setStackConfig({ get: (key) => stringOrUndefined(req.config.get(key)) });
    },

    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
      const { value, failures } = validateInputs(zodOf(d.inputSchema), withoutProvider(news));
      if (value) d.secretValues(value).forEach(registerSecret);
      const all = value && impl.extraCheck ? impl.extraCheck(value) : failures;
      return all.length > 0 ? { inputs: news, failures: all } : { inputs: news };
    },

    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
      // During preview some inputs are unknown: validate with the old values in their place so that
      // defaults still apply to the known ones, then put the unknowns back (they count as changed).
      const raw = withoutProvider(news);
      const unknownKeys = Object.keys(raw).filter((k) => containsUnknown(raw[k]));
      const stand = { ...raw, ...Object.fromEntries(unknownKeys.map((k) => [k, olds[k]])) };
      const parsed = zodOf(d.inputSchema).safeParse(stand);
      const desired: Record<string, unknown> = parsed.success ? { ...raw, ...impl.normalize(parsed.data) } : raw;
      for (const k of unknownKeys) desired[k] = raw[k];
      const recovery = impl.recovery?.(olds, desired) ?? {};
      const inPlace = recovery.inPlace ?? [];
      const replaces = [...changedKeys(olds, desired, d.replaceOn.filter((k) => !inPlace.includes(k))), ...(recovery.replace ?? [])];
      const updates = [...changedKeys(olds, desired, updatable(inPlace)), ...(recovery.update ?? [])];
      // A broken object serves nothing and may hold the natural key (the name) its successor needs.
      const deleteBeforeReplace = (recovery.replace ?? []).length > 0;
      return { changes: replaces.length + updates.length > 0, replaces, deleteBeforeReplace };
    },

    async create(props: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
      const inputs = parse(props);
      return run("create", impl.label(inputs), timeoutsOf(inputs), async (ctx) => {
        try {
          const { id, outs } = await impl.create(inputs, ctx);
          return { id, outs: outputsOf(inputs, outs) };
        } catch (error) {
          throw recordable(error, inputs, props);
        }
      });
    },

    async read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
      const olds = withoutProvider(props);
      return run("read", labelOf(olds, id), timeoutsOf(olds), async (ctx) => {
        const current = await impl.read(id, recordedState(olds), ctx);
        if (!current) {
          ctx.log("no longer exists (deleted outside Pulumi)");
          return {};
        }
        return { id, props: toPlainObject({ ...olds, ...current }) };
      });
    },

    async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult> {
      const inputs = parse(news);
      const recorded = withoutProvider(olds);
      const desired = { ...withoutProvider(news), ...impl.normalize(inputs) };
      const inPlace = impl.recovery?.(recorded, desired).inPlace ?? [];
      const changed = changedKeys(recorded, desired, updatable(inPlace));
      return run(
        "update",
        impl.label(inputs),
        timeoutsOf(inputs),
        async (ctx) => {
          try {
            return { outs: outputsOf(inputs, { ...carried(recorded), ...(await impl.update(id, recordedState(recorded), inputs, ctx)) }) };
          } catch (error) {
            throw recordable(error, inputs, news, carried(recorded));
          }
        },
        changed,
      );
    },

    async delete(id: string, props: Record<string, unknown>): Promise<void> {
      const olds = withoutProvider(props);
      await run("delete", labelOf(olds, id), timeoutsOf(olds), (ctx) => impl.delete(id, recordedState(olds), ctx));
    },

    async importById(id: string): Promise<{ props: Outputs; inputs: Outputs } | undefined> {
      return run("read", id, undefined, async (ctx) => {
        const current = await impl.read(id, {} as StateOf<I, O>, ctx);
        if (!current) return undefined;
        const read = toPlainObject({ ...carried({}), ...current });
        const inputs = importInputs(read);
        // State records the inputs too, as a create does: diff compares the program's against them.
        return { props: { ...read, ...inputs }, inputs };
      });
    },
  };
}

/**
 * The engine shows only the message, often far from the resource that failed: make it one line
 * that starts with the resource and the operation (unless it already names the resource).
 */
function namingTheResource(error: unknown, whatAndOp: string): unknown {
  // The operation's own deadline (made here, named `<Type> "<label>" <op>`) already names it.
  const named = (message: string): string => {
    const text = oneLine(message);
    return text.startsWith(`${whatAndOp} `) ? text : `${whatAndOp} failed: ${text}`;
  };
  if (!(error instanceof Error)) return new Error(named(String(error)));
  // For a partial failure the engine shows the reasons, not the message.
  if (error instanceof ResourceInitFailedError) return new ResourceInitFailedError(error.id, error.properties, error.reasons.map(named));
  error.message = named(error.message);
  return error;
}

function stringOrUndefined(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}
