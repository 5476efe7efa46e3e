/**
 * A resource's type, in both of the package's faces:
 * - `token`: `super(provider, name, props, opts, module, name)` on a dynamic resource registers
 *   `pulumi-nodejs:dynamic/<module>:<name>` (@pulumi/pulumi `dynamic/index.ts`); the same token
 *   names the provider in `__provider` (see ../registry.ts), so it is stable across releases
 *   however the files move.
 * - `pluginToken`: the provider plugin's `backupinfra:<module>:<name>` (../plugin), the name
 *   without its vendor prefix (`SppHypervisor` is `backupinfra:spp:Hypervisor`), as Pulumi
 *   packages spell theirs (`aws:s3:Bucket`).
 */
export interface ResourceType {
  readonly module: string;
  readonly name: string;
  readonly token: string;
  readonly pluginToken: string;
}

/** The provider plugin's package name: its tokens, its config namespace, `pulumi-resource-<name>`. */
export const PLUGIN_PACKAGE = "backupinfra";

export const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** `SppHypervisor` in module `spp` is `Hypervisor`: a name without its vendor prefix, when it has one. */
export function withoutVendorPrefix(module: string, name: string): string {
  const prefix = capitalize(module);
  return name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : name;
}

export function dynamicType(module: string, name: string): ResourceType {
  return { module, name, token: `pulumi-nodejs:dynamic/${module}:${name}`, pluginToken: `${PLUGIN_PACKAGE}:${module}:${withoutVendorPrefix(module, name)}` };
}
