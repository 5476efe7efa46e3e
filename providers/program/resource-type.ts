/**
 * A resource's type. `super(provider, name, props, opts, module, name)` on a dynamic resource
 * registers the token `pulumi-nodejs:dynamic/<module>:<name>` (@pulumi/pulumi `dynamic/index.ts`);
 * the same token names the provider in `__provider` (see ../registry.ts), so it is stable across
 * releases however the files move.
 */
export interface ResourceType {
  readonly module: string;
  readonly name: string;
  readonly token: string;
}

export function dynamicType(module: string, name: string): ResourceType {
  return { module, name, token: `pulumi-nodejs:dynamic/${module}:${name}` };
}
