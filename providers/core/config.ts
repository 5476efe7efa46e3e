import { registerSecret } from "./redact";

/** The stack config a provider was configured with, looked up by full key. */
export interface StackConfigSource {
  get(key: string): string | undefined;
  /**
   * How this face spells a vendor's setting in stack config: the dynamic providers read the whole
   * stack config (`spp:url`, the default); the plugin gets only its own `backupinfra:*` keys.
   */
  keyOf?(vendor: string, name: string): string;
}

let stackConfig: StackConfigSource | undefined;

/** Called from every resource's `configure()`: the host passes the whole stack config once. */
export function setStackConfig(config: StackConfigSource | undefined): void {
  stackConfig = config;
}

/** The stack config key of a vendor's setting, as the configured provider reads it. */
export function configKey(vendor: string, name: string): string {
  return stackConfig?.keyOf?.(vendor, name) ?? `${vendor}:${name}`;
}

export interface SettingSpec {
  /** camelCase name: config key `<vendor>:<name>`, environment `<VENDOR>_<NAME_IN_SNAKE_CASE>`. */
  name: string;
  secret?: boolean;
}

export function envName(vendor: string, name: string): string {
  return `${vendor}_${name.replace(/[A-Z]/g, (c) => `_${c}`)}`.toUpperCase();
}

/**
 * Resolves a vendor's connection settings: the resource's own `connection` input first, then the
 * stack config (`spp:url`, or the plugin's `backupinfra:sppUrl`), then the environment (`SPP_URL`). Secret values are registered for
 * redaction as soon as they are read.
 */
export function resolveSettings(
  vendor: string,
  specs: readonly SettingSpec[],
  connection: Record<string, unknown> | undefined,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const spec of specs) {
    const fromInput = connection?.[spec.name];
    const value =
      fromInput !== undefined && fromInput !== null && fromInput !== ""
        ? String(fromInput)
        : nonEmpty(stackConfig?.get(configKey(vendor, spec.name))) ?? nonEmpty(process.env[envName(vendor, spec.name)]);
    if (spec.secret) registerSecret(value);
    out[spec.name] = value;
  }
  return out;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

export function parseBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return /^(1|true|yes|on)$/i.test(value.trim());
}
