import { setStackConfig } from "../core/config";
import { capitalize, PLUGIN_PACKAGE } from "../program/resource-type";

/** `backupinfra:sppUrl`: the plugin's stack config key of a vendor's setting (the vendor's `spp:url` for dynamic resources). */
export function pluginConfigKey(vendor: string, name: string): string {
  return `${PLUGIN_PACKAGE}:${vendor}${capitalize(name)}`;
}

/** What the engine's ConfigureRequest carries (sdk/proto/provider.proto): `variables` keyed `backupinfra:<key>` (older engines `backupinfra:config:<key>`). */
interface ConfigureRequest {
  getVariablesMap(): { forEach(callback: (value: string, key: string) => void): void };
}

/** The provider's settings from one Configure: every vendor's resolver reads them (then the environment). */
export function configureFrom(request: ConfigureRequest): void {
  const values = new Map<string, string>();
  request.getVariablesMap().forEach((value, key) => values.set(key.split(":").at(-1) ?? key, value));
  setStackConfig({ get: (key) => values.get(key.split(":").at(-1) ?? key), keyOf: pluginConfigKey });
}
