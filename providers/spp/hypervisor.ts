import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { Timeouts } from "../core/duration";
import { describeResource, input, output, timeoutsInput, type ArgsOf } from "../program/descriptor";
import { resourceClass } from "../program/resource";
import { sppConnection } from "./connection";
import { HYPERVISOR_TYPES } from "./schema";

export type { SppConnectionArgs } from "./connection";

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\[?[0-9A-Fa-f:.]+\]?$/;
const IDENTITY_HREF = /^https?:\/\/[^/]+\/api\/identity\/user\/[^/?#]+$/;
const between = (min: number, max: number) => z.number().int().min(min, { message: `must be between ${min} and ${max}` }).max(max, { message: `must be between ${min} and ${max}` });

export const sppHypervisor = describeResource({
  module: "spp",
  name: "SppHypervisor",
  inputs: {
    /** Host name or IPv4 address of the vCenter Server or Hyper-V server. Replaces on change. */
    hostAddress: input(z.string().min(1, { message: "is required" }).max(253).regex(HOST, { message: "must be a host name or an IP address" }), "replace", { recorded: z.string() }),
    /** "vmware" (vCenter) or "hyperv". Replaces on change. */
    type: input(z.enum(HYPERVISOR_TYPES, { message: 'must be "vmware" or "hyperv"' }), "replace", { recorded: z.string() }),
    /** Default 443 (vmware) / 5986 (hyperv) with SSL, 80 / 5985 without. */
    portNumber: input(between(1, 65535).optional(), "update", { recorded: z.number() }),
    /** Default true. */
    sslConnection: input(z.boolean().optional(), "update", { recorded: z.boolean() }),
    /** An existing SPP identity user (…/api/identity/user/{id}); excludes username/password. */
    identityUserHref: input(z.string().regex(IDENTITY_HREF, { message: "must be an identity user href such as https://spp/api/identity/user/2137" }).optional(), "update", { recorded: z.string().nullish() }),
    /** The hypervisor's user, with `password` (SPP keeps them as an identity user); excludes identityUserHref. Updated in place. */
    username: input(z.string().min(1).optional(), "update"),
    /** Stored as a secret. */
    password: input(z.string().min(4, { message: "must be at least 4 characters" }).optional(), "update", { secret: true }),
    /** VMs processed concurrently per ESX or Hyper-V server. Default 3. */
    snapshotConcurrency: input(between(1, 100).optional(), "update", { recorded: z.number() }),
    /** Take over a hypervisor already registered with this host address instead of failing. */
    adopt: input(z.boolean().optional(), "none"),
    /** Wait for the first "Hypervisor Inventory" run to finish before create returns. */
    waitForInventory: input(z.boolean().optional(), "none"),
    /** Bounds per operation as durations (`{ create: "30m", read: "2m" }`); an operation past its bound fails naming it. Never a change. */
    timeouts: timeoutsInput,
    /** Overrides the `spp:*` stack config for this resource; stored as a secret. */
    connection: sppConnection.input,
    /**
     * The SPP server this hypervisor is registered with. Not a program input (check refuses a value):
     * the url the connection resolves to (`connection.url`, `spp:url`, SPP_URL), recorded at create.
     * A different url replaces the hypervisor; a url that cannot be resolved is no change.
     */
    serverUrl: input(z.undefined({ message: "is not an input: it is the url the connection resolves to" }).optional(), "replace", { derived: true, recorded: z.string() }),
  },
  outputs: {
    /** SPP's name for the hypervisor (its host address). */
    name: output(z.string()),
    /** SPP's unique id of the registration. */
    uniqueId: output(z.string().nullable()),
    /** SPP's access-control path, e.g. `root:0/hypervisor.all:0/hypervisor.type:vmware/hypervisor:1001`. */
    rbacPath: output(z.string().nullable()),
    /** Filled in by the first inventory. */
    version: output(z.string().nullable()),
    /** The hypervisor's build, reported after the first inventory; null before. */
    build: output(z.string().nullable()),
    /** The hypervisor's API version, reported after the first inventory; null before. */
    apiVersion: output(z.string().nullable()),
    /** The identity user SPP holds the credentials in. */
    userHref: output(z.string().nullable()),
    /** Final status of the inventory waited for (waitForInventory), else null. */
    inventoryStatus: output(z.string().nullable()),
    /** True when create took over an existing registration (adopt). */
    adopted: output(z.boolean(), { createOnly: true }),
  },
  refine(v, ctx) {
    if (v.identityUserHref !== undefined && v.username !== undefined) {
      ctx.addIssue({ code: "custom", path: ["identityUserHref"], message: "give either identityUserHref or username with password, not both" });
    } else if (v.identityUserHref === undefined && v.username === undefined) {
      ctx.addIssue({ code: "custom", path: ["username"], message: "credentials are required: give identityUserHref, or username with password" });
    } else if (v.username !== undefined && v.password === undefined) {
      ctx.addIssue({ code: "custom", path: ["password"], message: "is required with username" });
    } else if (v.identityUserHref !== undefined && v.password !== undefined) {
      ctx.addIssue({ code: "custom", path: ["password"], message: "is not used with identityUserHref (the identity user holds the password)" });
    }
  },
});

/** The program's arguments: every input but `serverUrl`, which the connection decides. */
export type SppHypervisorArgs = Omit<ArgsOf<typeof sppHypervisor.inputs>, "serverUrl">;

/** Durations per operation, e.g. `{ create: "30m" }`. */
export type TimeoutsArgs = { [K in keyof Timeouts]?: pulumi.Input<string> };

/** A VMware vCenter Server or Hyper-V server registered with IBM Spectrum Protect Plus. */
export const SppHypervisor = resourceClass(sppHypervisor);
export type SppHypervisor = InstanceType<typeof SppHypervisor>;
