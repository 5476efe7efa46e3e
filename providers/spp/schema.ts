import { z } from "zod";
import { timeoutsSchema } from "../core/duration";

export const HYPERVISOR_TYPES = ["vmware", "hyperv"] as const;
export type HypervisorType = (typeof HYPERVISOR_TYPES)[number];

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\[?[0-9A-Fa-f:.]+\]?$/;
const IDENTITY_HREF = /^https?:\/\/[^/]+\/api\/identity\/user\/[^/?#]+$/;

export const sppConnectionSchema = z
  .object({
    url: z.string().regex(/^https?:\/\/[^/]+/, { message: "must be an http(s) URL such as https://spp.example.com" }).optional(),
    username: z.string().min(1).optional(),
    password: z.string().min(4, { message: "must be at least 4 characters" }).optional(),
    caCert: z.string().min(1).optional(),
    insecure: z.boolean().optional(),
  })
  .strict();

export const sppHypervisorSchema = z
  .object({
    hostAddress: z.string().min(1, { message: "is required" }).max(253).regex(HOST, { message: "must be a host name or an IP address" }),
    type: z.enum(HYPERVISOR_TYPES, { message: 'must be "vmware" or "hyperv"' }),
    portNumber: z.number().int().min(1, { message: "must be between 1 and 65535" }).max(65535, { message: "must be between 1 and 65535" }).optional(),
    sslConnection: z.boolean().optional(),
    identityUserHref: z.string().regex(IDENTITY_HREF, { message: "must be an identity user href such as https://spp/api/identity/user/2137" }).optional(),
    username: z.string().min(1).optional(),
    password: z.string().min(4, { message: "must be at least 4 characters" }).optional(),
    snapshotConcurrency: z.number().int().min(1, { message: "must be between 1 and 100" }).max(100, { message: "must be between 1 and 100" }).optional(),
    adopt: z.boolean().optional(),
    waitForInventory: z.boolean().optional(),
    timeouts: timeoutsSchema.optional(),
    connection: sppConnectionSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.identityUserHref !== undefined && v.username !== undefined) {
      ctx.addIssue({ code: "custom", path: ["identityUserHref"], message: "give either identityUserHref or username with password, not both" });
    } else if (v.identityUserHref === undefined && v.username === undefined) {
      ctx.addIssue({ code: "custom", path: ["username"], message: "credentials are required: give identityUserHref, or username with password" });
    } else if (v.username !== undefined && v.password === undefined) {
      ctx.addIssue({ code: "custom", path: ["password"], message: "is required with username" });
    } else if (v.identityUserHref !== undefined && v.password !== undefined) {
      ctx.addIssue({ code: "custom", path: ["password"], message: "is not used with identityUserHref (the identity user holds the password)" });
    }
  });

export type SppHypervisorInputs = z.infer<typeof sppHypervisorSchema>;

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
