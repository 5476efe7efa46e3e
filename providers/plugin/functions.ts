import { getVmGroupExecutionDetails } from "../nsx/execution-details";
import { PLUGIN_PACKAGE, withoutVendorPrefix } from "../program/resource-type";
import { getSdpAvailableVcenterAddresses, getSdpCfgwConnection, getSdpLicenseTypes, getSdpUsageHistories, getSdpUsages } from "../sdp/functions";

/** A lookup as the plugin serves it: an invoke whose result is an object (a list is given under `listField`). */
export interface PluginFunction {
  /** The exported TypeScript function's name, e.g. `getSdpLicenseTypes`: its declaration gives the schema. */
  readonly name: string;
  readonly module: string;
  readonly token: string;
  /** The result's field when the TypeScript function returns a list. */
  readonly listField?: string;
  run(args: Record<string, unknown>): Promise<unknown>;
}

/** `getSdpLicenseTypes` is `backupinfra:sdp:getLicenseTypes`: the name without its vendor prefix, as resource tokens are. */
function pluginFunction(module: string, name: string, run: (args: never) => Promise<unknown>, listField?: string): PluginFunction {
  const local = `get${withoutVendorPrefix(module, name.replace(/^get/, ""))}`;
  return { name, module, token: `${PLUGIN_PACKAGE}:${module}:${local}`, listField, run: run as (args: Record<string, unknown>) => Promise<unknown> };
}

export const PLUGIN_FUNCTIONS: readonly PluginFunction[] = [
  pluginFunction("sdp", "getSdpLicenseTypes", getSdpLicenseTypes, "licenseTypes"),
  pluginFunction("sdp", "getSdpUsages", getSdpUsages),
  pluginFunction("sdp", "getSdpUsageHistories", getSdpUsageHistories),
  pluginFunction("sdp", "getSdpAvailableVcenterAddresses", getSdpAvailableVcenterAddresses),
  pluginFunction("sdp", "getSdpCfgwConnection", getSdpCfgwConnection),
  pluginFunction("nsx", "getVmGroupExecutionDetails", getVmGroupExecutionDetails),
];

/** The invoke's result: the function's, a list under its field. */
export async function invokeFunction(f: PluginFunction, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await f.run(args);
  return f.listField ? { [f.listField]: result } : (result as Record<string, unknown>);
}
