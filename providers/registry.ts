import type * as pulumi from "@pulumi/pulumi";
import { IMPLEMENTATIONS } from "./implementations";

const BY_TOKEN = new Map(IMPLEMENTATIONS.map((m) => [m.descriptor.type.token, m.provider]));

/** Every type token this release implements. */
export const PROVIDER_TOKENS: readonly string[] = [...BY_TOKEN.keys()];

/**
 * The provider of a resource type, by its type token: what every `__provider` text in state asks
 * for (providers/core/shim.ts). Tokens never change between releases; a state whose token this
 * release does not know was written by a newer release.
 */
export function providerFor(token: string): pulumi.dynamic.ResourceProvider {
  const provider = BY_TOKEN.get(token);
  if (!provider) {
    throw new Error(`pulumi-backup-infra has no provider for the type ${token} (it knows ${PROVIDER_TOKENS.join(", ")}): was this state written by a newer release? Install that release.`);
  }
  return provider;
}
