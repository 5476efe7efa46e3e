import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { validateInputs, type CheckFailure } from "./check";
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
 * Everything that differs between resources. The rest — validation, the diff table, deadlines,
 * redaction, plain-JSON outputs, the host's calling convention — is `defineProvider`'s job.
 */
export interface ResourceDefinition<I extends { timeouts?: Timeouts }> {
  /** The resource's name in messages, e.g. "SppHypervisor". */
  typeName: string;
  schema: z.ZodType<I>;
  /** Inputs whose change replaces the resource. */
  replaceOn: readonly string[];
  /** Inputs updated in place. Keys in neither list (adopt, timeouts, ...) never cause a diff. */
  updateOn: readonly string[];
  /**
   * Keys whose value may come from elsewhere when the input leaves it out: derived from provider
   * configuration (the server URL) or chosen by the server (an availability zone). An undefined
   * desired value for such a key is not a change.
   */
  derived?: readonly string[];
  /**
   * Per key, when a recorded value and a desired one that differ as JSON are the same to the vendor
   * (e.g. a name the API echoes in its own spelling): such a pair is not a change.
   */
  sameValue?: Readonly<Record<string, (recorded: unknown, desired: unknown) => boolean>>;
  /** Inputs with defaults applied, in the form they take in the outputs: what diff compares. */
  normalize(inputs: I): Record<string, unknown>;
  /** Failures that need more than the schema (e.g. no connection configured anywhere). */
  extraCheck?(inputs: I): CheckFailure[];
  /** Secret input values, masked from here on in every message and log line. */
  secrets(inputs: I): (string | undefined)[];
  /** A short label for log lines and messages, e.g. the host address. */
  label(inputs: I): string;
  defaultTimeoutsMs: Record<Operation, number>;
  /** From the recorded outputs and the desired inputs (with defaults applied); none by default. */
  recovery?(olds: Record<string, unknown>, desired: Record<string, unknown>): Recovery;
  create(inputs: I, ctx: OperationContext): Promise<{ id: string; outs: Record<string, unknown> }>;
  /** Current outputs, or undefined when the object is gone. */
  read(id: string, olds: Record<string, unknown>, ctx: OperationContext): Promise<Record<string, unknown> | undefined>;
  update(id: string, olds: Record<string, unknown>, news: I, ctx: OperationContext): Promise<Record<string, unknown>>;
  delete(id: string, olds: Record<string, unknown>, ctx: OperationContext): Promise<void>;
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

/** Builds the dynamic provider the host calls. */
export function defineProvider<I extends { timeouts?: Timeouts }>(def: ResourceDefinition<I>): pulumi.dynamic.ResourceProvider {
  const parse = (props: Record<string, unknown>): I => {
    const { value, failures } = validateInputs(def.schema, withoutProvider(props));
    if (!value) throw new Error(`${def.typeName}: invalid inputs: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    def.secrets(value).forEach(registerSecret);
    return value;
  };

  const run = async <R>(op: Operation, label: string, timeouts: Timeouts | undefined, body: (ctx: OperationContext) => Promise<R>, changed?: readonly string[]): Promise<R> => {
    const what = `${def.typeName} "${label}"`;
    const ctx: OperationContext = {
      deadline: Deadline.forOperation(what, op, timeouts, def.defaultTimeoutsMs[op]),
      log: (message) => log("info", def.typeName, `${label}: ${message}`),
      ...(changed ? { changed } : {}),
    };
    try {
      return await body(ctx);
    } catch (error) {
      throw redactError(namingTheResource(error, def.typeName, `${what} ${op}`));
    }
  };

  const labelOf = (olds: Record<string, unknown>, id: string): string => {
    const parsed = def.schema.safeParse(olds);
    if (parsed.success) def.secrets(parsed.data).forEach(registerSecret);
    return parsed.success ? def.label(parsed.data) : id;
  };

  const outputsOf = (inputs: I, remote: Record<string, unknown>): Outputs =>
    toPlainObject({ ...withoutProvider(inputs as Record<string, unknown>), ...def.normalize(inputs), ...remote });

  /**
   * The host hands an init-failed error's properties to the engine as they are, and the engine
   * records them as the resource's outputs: read, update and delete later get exactly those. So
   * they must be whole outputs, like a successful operation's (the host adds `__provider` only to
   * those), and carry `__provider`, without which the host cannot load the provider at all.
   */
  const recordable = (error: unknown, inputs: I, props: Record<string, unknown>): unknown =>
    error instanceof ResourceInitFailedError
      ? new ResourceInitFailedError(error.id, { ...outputsOf(inputs, error.properties), [PROVIDER_KEY]: props[PROVIDER_KEY] }, error.reasons)
      : error;

  /** Inputs an update applies: `updateOn`, and the replace-on-change ones a recovery applies in place. */
  const updatable = (inPlace: readonly string[]): string[] => [...def.updateOn, ...def.replaceOn.filter((k) => inPlace.includes(k))];

  /** The keys whose desired value (inputs with defaults applied) differs from the recorded one. */
  const changedKeys = (olds: Record<string, unknown>, desired: Record<string, unknown>, keys: readonly string[]): string[] =>
    keys.filter((key) => {
      if (desired[key] === undefined && def.derived?.includes(key)) return false;
      if (containsUnknown(desired[key])) return true;
      return !isDeepEqual(olds[key], desired[key]) && !(def.sameValue?.[key]?.(olds[key], desired[key]) ?? false);
    });

  return {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      setStackConfig({ get: (key) => stringOrUndefined(req.config.get(key)) });
    },

    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
      const { value, failures } = validateInputs(def.schema, withoutProvider(news));
      if (value) def.secrets(value).forEach(registerSecret);
      const all = value && def.extraCheck ? def.extraCheck(value) : failures;
      return all.length > 0 ? { inputs: news, failures: all } : { inputs: news };
    },

    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
      // During preview some inputs are unknown: validate with the old values in their place so that
      // defaults still apply to the known ones, then put the unknowns back (they count as changed).
      const raw = withoutProvider(news);
      const unknownKeys = Object.keys(raw).filter((k) => containsUnknown(raw[k]));
      const stand = { ...raw, ...Object.fromEntries(unknownKeys.map((k) => [k, olds[k]])) };
      const parsed = def.schema.safeParse(stand);
      const desired: Record<string, unknown> = parsed.success ? { ...raw, ...def.normalize(parsed.data) } : raw;
      for (const k of unknownKeys) desired[k] = raw[k];
      const recovery = def.recovery?.(olds, desired) ?? {};
      const inPlace = recovery.inPlace ?? [];
      const replaces = [...changedKeys(olds, desired, def.replaceOn.filter((k) => !inPlace.includes(k))), ...(recovery.replace ?? [])];
      const updates = [...changedKeys(olds, desired, updatable(inPlace)), ...(recovery.update ?? [])];
      // A broken object serves nothing and may hold the natural key (the name) its successor needs.
      const deleteBeforeReplace = (recovery.replace ?? []).length > 0;
      return { changes: replaces.length + updates.length > 0, replaces, deleteBeforeReplace };
    },

    async create(props: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
      const inputs = parse(props);
      return run("create", def.label(inputs), inputs.timeouts, async (ctx) => {
        try {
          const { id, outs } = await def.create(inputs, ctx);
          return { id, outs: outputsOf(inputs, outs) };
        } catch (error) {
          throw recordable(error, inputs, props);
        }
      });
    },

    async read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
      const olds = withoutProvider(props);
      return run("read", labelOf(olds, id), olds.timeouts as Timeouts | undefined, async (ctx) => {
        const current = await def.read(id, olds, ctx);
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
      const desired = { ...withoutProvider(news), ...def.normalize(inputs) };
      const inPlace = def.recovery?.(recorded, desired).inPlace ?? [];
      const changed = changedKeys(recorded, desired, updatable(inPlace));
      return run(
        "update",
        def.label(inputs),
        inputs.timeouts,
        async (ctx) => {
          try {
            return { outs: outputsOf(inputs, await def.update(id, recorded, inputs, ctx)) };
          } catch (error) {
            throw recordable(error, inputs, news);
          }
        },
        changed,
      );
    },

    async delete(id: string, props: Record<string, unknown>): Promise<void> {
      const olds = withoutProvider(props);
      await run("delete", labelOf(olds, id), olds.timeouts as Timeouts | undefined, (ctx) => def.delete(id, olds, ctx));
    },
  };
}

/**
 * The engine shows only the message, often far from the resource that failed: make it one line
 * that starts with the resource and the operation (unless it already names the resource).
 */
function namingTheResource(error: unknown, typeName: string, whatAndOp: string): unknown {
  const named = (message: string): string => {
    const text = oneLine(message);
    return text.startsWith(`${typeName} `) ? text : `${whatAndOp} failed: ${text}`;
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
