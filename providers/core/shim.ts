import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider object a resource class hands to Pulumi. Pulumi serialises it into `__provider`
 * and the engine runs it in the provider host, so it holds nothing but a module name: the host
 * loads the real implementation from the installed package (zod schemas and HTTP agents cannot be
 * serialised, and this way delete/read run the installed code, not code frozen in state).
 * `modulePath` is relative to the package's dist/, e.g. "providers/spp/hypervisor".
 */
export function providerShim(modulePath: string): pulumi.dynamic.ResourceProvider {
  const load = (): pulumi.dynamic.ResourceProvider =>
    require(`pulumi-backup-infra/dist/${modulePath}`).provider as pulumi.dynamic.ResourceProvider;
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
