import type * as pulumi from "@pulumi/pulumi";
import type { ResourceType } from "./resource-type";

/**
 * The provider object a resource class hands to Pulumi. Pulumi serialises it into `__provider`
 * and the engine runs it in the provider host, so it holds nothing but the type token: the host
 * asks the installed package's registry (`pulumi-backup-infra/registry`) for the implementation.
 * Zod schemas and HTTP agents cannot be serialised, and this way every operation runs the
 * installed code, not code frozen in state. The text never names a file, so files can move; a
 * test (test/registry) pins it, because every stack's state keeps it.
 */
export function providerShim(type: ResourceType): pulumi.dynamic.ResourceProvider {
  const token = type.token;
  const load = (): pulumi.dynamic.ResourceProvider =>
    (require("pulumi-backup-infra/registry") as { providerFor(token: string): pulumi.dynamic.ResourceProvider }).providerFor(token);
  return {
    configure: (req) => load().configure!(req),
    check: (olds, news) => load().check!(olds, news),
    diff: (id, olds, news) => load().diff!(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read!(id, props),
    update: (id, olds, news) => load().update!(id, olds, news),
    delete: (id, props) => load().delete!(id, props),
  };
}
