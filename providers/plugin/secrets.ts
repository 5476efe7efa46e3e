import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

/**
 * A provider that accepts secrets (the plugin server of @pulumi/pulumi/provider says it does) gets
 * them as `{ [specialSigKey]: specialSecretSig, value }` objects in its property structs
 * (sdk/proto/provider.proto, ConfigureResponse.acceptSecrets), and marks its own outputs so.
 */
interface SecretValue {
  readonly [specialSigKey]: typeof specialSecretSig;
  readonly value: unknown;
}

const isSecret = (value: unknown): value is SecretValue =>
  value !== null && typeof value === "object" && (value as Record<string, unknown>)[specialSigKey] === specialSecretSig;

/** The value with every secret marker removed at every depth: what the provider code works on. */
export function unwrapSecrets(value: unknown): unknown {
  if (isSecret(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  return value;
}

export function unwrapProps(props: unknown): Record<string, unknown> {
  const plain = unwrapSecrets(props ?? {});
  return plain !== null && typeof plain === "object" && !Array.isArray(plain) ? (plain as Record<string, unknown>) : {};
}

/** The properties with the named top-level keys marked secret (left out when undefined, as the engine's struct has no undefined). */
export function wrapSecrets(props: Record<string, unknown>, secretKeys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined) continue;
    out[k] = secretKeys.includes(k) && v !== null && !isSecret(v) ? { [specialSigKey]: specialSecretSig, value: v } : v;
  }
  return out;
}
