import * as pulumi from "@pulumi/pulumi";

export type TimeoutsInput = pulumi.Input<{ create?: pulumi.Input<string>; read?: pulumi.Input<string>; update?: pulumi.Input<string>; delete?: pulumi.Input<string> }>;

/**
 * The props a resource class hands to Pulumi: every credential input (and the whole `connection`)
 * wrapped as a secret even when the program passes a literal, and every output-only property
 * declared (undefined) so that it appears on the resource.
 */
export function dynamicProps(args: object, secretInputs: readonly string[], outputs: readonly string[]): pulumi.Inputs {
  const props: Record<string, unknown> = { ...args };
  for (const key of [...secretInputs, "connection"]) if (props[key] !== undefined) props[key] = pulumi.secret(props[key] as pulumi.Input<unknown>);
  for (const key of outputs) if (!(key in props)) props[key] = undefined;
  return props;
}

/** Options with outputs that have no same-named input marked secret (API keys, license keys). */
export function withSecretOutputs(opts: pulumi.CustomResourceOptions | undefined, outputs: readonly string[]): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...outputs] };
}
