import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { Timeouts } from "../core/duration";
import { timeoutsSchema } from "../core/duration-schema";
import type { Schema, SchemaInput, SchemaOutput, SchemaSeen } from "./schema";
import { zodOf } from "./zod-of";

export type { Schema, SchemaSeen } from "./schema";
import { dynamicType, type ResourceType } from "./resource-type";

/**
 * One resource's every fact, written once: per property its schema, what a change does, whether it
 * is secret, whether it is output-only, and its doc comment (the JSDoc on the property's key,
 * which the Args and output types carry to the user's editor). The provider's diff tables and
 * secret lists, the class's declarations and types, and the README tables and policy type tokens
 * (checked by test/descriptors) all come from here.
 */

/** What a changed input does: replaces the object, is updated in place, or is never a change (adopt, timeouts). */
export type Change = "replace" | "update" | "none";

type Out<S extends Schema> = SchemaOutput<S>;
type In<S extends Schema> = SchemaInput<S>;

export interface InputSpec<S extends Schema = Schema> {
  readonly schema: S;
  readonly change: Change;
  /**
   * Secret: the class wraps it as a secret even when the program passes a literal, and its value
   * is masked in every message. An array names the fields of an object input that are secret
   * (a connection's password); the whole input is still wrapped.
   */
  readonly secret?: boolean | readonly string[];
  /** The value may come from elsewhere when the input leaves it out (provider config, the server's choice): an undefined desired value is no change. */
  readonly derived?: boolean;
  /** When a recorded and a desired value that differ as JSON are the same to the vendor (a name echoed in its own spelling). */
  readonly sameValue?: (recorded: unknown, desired: unknown) => boolean;
  /** The recorded value's schema when it differs from the input's (a default applied, null for none). */
  readonly recorded?: Schema;
  /**
   * The vendor never reports it back (a password, a local file's path): `pulumi import` cannot
   * propose it, and a state that has never recorded it (an imported object) takes the desired
   * value without a change. A value recorded once is compared as usual.
   */
  readonly writeOnly?: boolean;
}

export interface OutputSpec<S extends Schema = Schema> {
  readonly schema: S;
  /** Kept secret in state and in the engine's display (an API key, a license key). */
  readonly secret?: boolean;
  /** Set by create only: the kernel carries the recorded value through every update. */
  readonly createOnly?: boolean;
}

export type InputSpecs = Record<string, InputSpec>;
export type OutputSpecs = Record<string, OutputSpec>;

type Seen<M> = { [K in keyof M]: M[K] extends Schema ? Schema<M[K]["_zod"]["input"], M[K]["_zod"]["output"]> : M[K] };
/** A `sameValue` for an optional input: none recorded (null, or absent after an import) and none given are the same. */
export const bothNone = (recorded: unknown, desired: unknown): boolean => recorded == null && desired == null;

/** An input; `more` keeps its own type, so that a `recorded` schema types the output. */
export const input = <S extends Schema, M extends Omit<InputSpec, "schema" | "change"> = Record<never, never>>(schema: S, change: Change, more?: M): InputSpec<Schema<S["_zod"]["input"], S["_zod"]["output"]>> & Seen<M> =>
  ({ schema, change, ...more }) as unknown as InputSpec<SchemaSeen<S>> & Seen<M>;
export const output = <S extends Schema>(schema: S, more: Omit<OutputSpec, "schema"> = {}): OutputSpec<Schema<S["_zod"]["input"], S["_zod"]["output"]>> => ({ schema, ...more }) as unknown as OutputSpec<SchemaSeen<S>>;

/** The `timeouts` input every resource has: durations per operation, never a change. */
export const timeoutsInput: InputSpec<Schema<Timeouts | undefined>> = input(timeoutsSchema.optional(), "none");

/** The value a program gives for one input (its schema's input type), before Inputify. */
export type InputOf<T extends InputSpec> = T["schema"]["_zod"]["input"];

type SchemaOf<T> = T extends { readonly schema: infer S extends Schema } ? S : never;
/** Keys whose value may be undefined are optional, as in a zod object. */
type UndefinedKeys<T> = { [K in keyof T]: undefined extends T[K] ? K : never }[keyof T];
type Shaped<T> = Omit<T, UndefinedKeys<T>> & Partial<Pick<T, UndefinedKeys<T>>>;

/** The inputs as the provider sees them: parsed, with the schema's transforms applied. */
export type InputsOf<I extends InputSpecs> = Shaped<{ [K in keyof I]: Out<SchemaOf<I[K]>> }>;

/** A program-side value: an Input at every level, as Pulumi resolves nested Outputs in props. */
export type Inputify<T> = pulumi.Input<T extends readonly (infer E)[] ? Inputify<E>[] : T extends object ? { [K in keyof T]: Inputify<T[K]> } : T>;
type ArgFields<I extends InputSpecs> = { [K in keyof I]: Inputify<Exclude<In<SchemaOf<I[K]>>, undefined>> };
type OptionalKeys<I extends InputSpecs> = { [K in keyof I]: undefined extends In<SchemaOf<I[K]>> ? K : never }[keyof I];
/** The resource class's Args: one field per input, optional where the schema allows undefined, with the input's doc comment. */
export type ArgsOf<I extends InputSpecs> = Omit<ArgFields<I>, OptionalKeys<I>> & Partial<Pick<ArgFields<I>, OptionalKeys<I>>>;

type RecordedOf<T> = T extends { recorded: infer R extends Schema } ? Out<R> : Out<SchemaOf<T>>;
/** What the resource exposes: every input as recorded (defaults applied) and every output. */
export type OutputsOf<I extends InputSpecs, O extends OutputSpecs> = { readonly [K in keyof I]: pulumi.Output<RecordedOf<I[K]>> } & {
  readonly [K in keyof O]: pulumi.Output<Out<SchemaOf<O[K]>>>;
};

/**
 * The recorded state as read, update and delete get it. Every key may be missing or null: a create
 * that failed part-way records what it had, and an earlier release may not have recorded a key.
 */
export type StateOf<I extends InputSpecs, O extends OutputSpecs> = { [K in keyof I]?: RecordedOf<I[K]> | null } & { [K in keyof O]?: Out<SchemaOf<O[K]>> | null };

/** The part of zod's refinement context a cross-input rule uses. */
export interface RefineContext {
  addIssue(issue: { code: "custom"; path: (string | number)[]; message: string }): void;
}

export interface ResourceDescriptor<I extends InputSpecs, O extends OutputSpecs> {
  readonly type: ResourceType;
  readonly inputs: I;
  readonly outputs: O;
  readonly inputSchema: Schema<unknown, InputsOf<I>>;
  readonly stateSchema: Schema<unknown, StateOf<I, O>>;
  readonly replaceOn: readonly string[];
  readonly updateOn: readonly string[];
  readonly derived: readonly string[];
  /** Inputs the vendor never reports back (InputSpec.writeOnly). */
  readonly writeOnly: readonly string[];
  readonly sameValue: Readonly<Record<string, (recorded: unknown, desired: unknown) => boolean>>;
  /** Inputs the class wraps as secrets. */
  readonly secretInputs: readonly string[];
  /** Output-only keys the engine keeps secret. */
  readonly secretOutputs: readonly string[];
  readonly createOnly: readonly string[];
  /** Every secret value in the inputs, to mask in messages. */
  secretValues(inputs: InputsOf<I>): string[];
}

const keysWhere = <T>(specs: Record<string, T>, test: (spec: T) => boolean): string[] => Object.keys(specs).filter((k) => test(specs[k]));

/** Every string in a value (a list of script secrets, an object's fields). */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

export function describeResource<I extends InputSpecs, O extends OutputSpecs>(d: {
  module: string;
  name: string;
  inputs: I;
  outputs: O;
  /** Rules across inputs (one credential form of two), as zod refinements. */
  refine?: (inputs: InputsOf<I>, ctx: RefineContext) => void;
}): ResourceDescriptor<I, O> {
  const clash = Object.keys(d.outputs).filter((k) => k in d.inputs);
  if (clash.length > 0) throw new Error(`${d.name}: ${clash.join(", ")} declared both as input and as output`);
  const object = z.object(Object.fromEntries(Object.entries(d.inputs).map(([k, s]) => [k, zodOf(s.schema)])));
  const inputSchema = d.refine ? object.superRefine((v, ctx) => d.refine!(v as InputsOf<I>, ctx)) : object;
  const stateShape = {
    ...Object.fromEntries(Object.entries(d.inputs).map(([k, s]) => [k, zodOf(s.recorded ?? s.schema).nullish()])),
    ...Object.fromEntries(Object.entries(d.outputs).map(([k, s]) => [k, zodOf(s.schema).nullish()])),
  };
  const secretFields = Object.entries(d.inputs).filter(([, s]) => s.secret);
  return {
    type: dynamicType(d.module, d.name),
    inputs: d.inputs,
    outputs: d.outputs,
    inputSchema: inputSchema as unknown as Schema<unknown, InputsOf<I>>,
    stateSchema: z.looseObject(stateShape) as unknown as Schema<unknown, StateOf<I, O>>,
    replaceOn: keysWhere(d.inputs, (s) => s.change === "replace"),
    updateOn: keysWhere(d.inputs, (s) => s.change === "update"),
    derived: keysWhere(d.inputs, (s) => s.derived === true),
    writeOnly: keysWhere(d.inputs, (s) => s.writeOnly === true),
    sameValue: Object.fromEntries(Object.entries(d.inputs).flatMap(([k, s]) => (s.sameValue ? [[k, s.sameValue]] : []))),
    secretInputs: secretFields.map(([k]) => k),
    secretOutputs: keysWhere(d.outputs, (s) => s.secret === true),
    createOnly: keysWhere(d.outputs, (s) => s.createOnly === true),
    secretValues: (inputs) =>
      secretFields.flatMap(([k, s]) => {
        const value = (inputs as Record<string, unknown>)[k];
        if (s.secret === true) return strings(value);
        const fields = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
        return (s.secret as readonly string[]).flatMap((f) => strings(fields[f]));
      }),
  };
}
