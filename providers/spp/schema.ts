import { z } from "zod";

export const HYPERVISOR_TYPES = ["vmware", "hyperv"] as const;
export type HypervisorType = (typeof HYPERVISOR_TYPES)[number];

/** The seed's typical ports: vCenter 443 (SSL) / 80, Hyper-V WinRM 5986 (SSL) / 5985. */
export function defaultPort(type: HypervisorType, ssl: boolean): number {
  if (type === "vmware") return ssl ? 443 : 80;
  return ssl ? 5986 : 5985;
}

/** What SPP answers for a hypervisor (fields of the seed's 201 examples that this package uses). */
export const hypervisorResponse = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  name: z.string().nullish(),
  hostAddress: z.string(),
  type: z.string(),
  portNumber: z.number().nullish(),
  sslConnection: z.boolean().nullish(),
  user: z.object({ href: z.string().nullish() }).nullish(),
  uniqueId: z.string().nullish(),
  rbacPath: z.string().nullish(),
  version: z.string().nullish(),
  build: z.string().nullish(),
  apiVersion: z.string().nullish(),
  opProperties: z.looseObject({ snapshotConcurrency: z.number().nullish() }).nullish(),
});
export type HypervisorResponse = z.infer<typeof hypervisorResponse>;

export const hypervisorList = z.looseObject({ hypervisors: z.array(hypervisorResponse) });
