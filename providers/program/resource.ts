import * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, InputSpecs, OutputsOf, OutputSpecs, ResourceDescriptor } from "./descriptor";
import { providerShim } from "./shim";

/** A resource class made from a descriptor: `new Type(name, args, opts)`, with every input and output as a typed Output. */
export interface ResourceClass<I extends InputSpecs, O extends OutputSpecs> {
  new (name: string, args: ArgsOf<I>, opts?: pulumi.CustomResourceOptions): pulumi.dynamic.Resource & OutputsOf<I, O>;
  /** Everything the class and its provider are made from. */
  readonly descriptor: ResourceDescriptor<I, O>;
  /** Output-only keys the engine keeps secret (beyond the secret inputs). */
  readonly secretOutputs: readonly string[];
}

/**
 * The class a program constructs. It hands Pulumi the shim (a type token, nothing else), every
 * secret input wrapped as a secret even when the program passes a literal, every property the
 * descriptor names declared (undefined when left out) so that it appears on the resource, and
 * the secret outputs as additionalSecretOutputs.
 */
export function resourceClass<I extends InputSpecs, O extends OutputSpecs>(d: ResourceDescriptor<I, O>): ResourceClass<I, O> {
  const shim = providerShim(d.type);
  const declared = [...Object.keys(d.inputs), ...Object.keys(d.outputs)];
  const Class = class extends pulumi.dynamic.Resource {
    static readonly descriptor = d;
    static readonly secretOutputs = d.secretOutputs;
    constructor(name: string, args: ArgsOf<I>, opts?: pulumi.CustomResourceOptions) {
      const props: Record<string, unknown> = { ...args };
      for (const key of d.secretInputs) if (props[key] !== undefined) props[key] = pulumi.secret(props[key] as pulumi.Input<unknown>);
      for (const key of declared) if (!(key in props)) props[key] = undefined;
      const options = d.secretOutputs.length > 0 ? { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...d.secretOutputs] } : opts;
      super(shim, name, props, options, d.type.module, d.type.name);
    }
  };
  Object.defineProperty(Class, "name", { value: d.type.name });
  return Class as unknown as ResourceClass<I, O>;
}
