import { z } from "zod";
import { describeResource, input, output, timeoutsInput, type ArgsOf } from "../program/descriptor";
import { resourceClass } from "../program/resource";
import { sdpConnection } from "./connection";
import { isTimeZone } from "./contract-month";
import { CONTRACT_YEARS } from "./contract-terms";

export const sdpVsphereContract = describeResource({
  module: "sdp",
  name: "SdpVsphereContract",
  inputs: {
    /** 1 or 3 (years; the terms SDP offers, see CONTRACT_YEARS for the source). Replaces on change. */
    contractYear: input(z.literal(CONTRACT_YEARS, { message: "must be 1 or 3 (years): the terms SDP offers" }), "replace"),
    /** The monthly core commitment from next month. Updated in place. */
    cores: input(z.number().int({ message: "must be a whole number" }).min(1, { message: "must be 1 or more (destroy the resource to end the commitment)" }), "update"),
    /** Renew at the end of the term; unset leaves it as it is. */
    contractRenewal: input(z.boolean().optional(), "update", { derived: true, recorded: z.boolean() }),
    /**
     * A contract that ran to its end (expired) is never signed again unless this is true: preview
     * and up fail until it is set (or the resource is removed). While true, every expiry is followed
     * by a new contract of `contractYear` years with `cores`.
     */
    renewExpired: input(z.boolean().optional(), "none"),
    /** IANA time zone of contract months; default `sdp:contractTimeZone`, else "Asia/Tokyo". */
    timeZone: input(z.string().refine(isTimeZone, { message: 'must be an IANA time zone such as "Asia/Tokyo"' }).optional(), "none"),
    /** Bounds per operation as durations (`{ create: "30m", read: "2m" }`); an operation past its bound fails naming it. Never a change. */
    timeouts: timeoutsInput,
    /** Overrides the `sdp:*` stack config for this resource; stored as a secret. */
    connection: sdpConnection.input,
  },
  outputs: {
    /** The seed's case the contract is in, or `expired` (it ran to its end and none follows it). */
    contractCase: output(z.enum(["none-or-not-started", "started", "final-month", "expired"])),
    /** The contract's first month (YYYY-MM, in the contract's time zone). */
    startMonth: output(z.string()),
    /** The contract's last month (YYYY-MM). */
    endMonth: output(z.string()),
    /** The cores contracted for the current month. */
    currentCores: output(z.number()),
    /** A cores change requested and not yet in effect (0 for none). */
    pendingCores: output(z.number()),
    /** The cores that will be contracted next month. */
    coresInNextMonth: output(z.number()),
    /** The cores of all the tenant's servers, null when SDP does not say. */
    allServerCores: output(z.number().nullable()),
  },
});

export type SdpVsphereContractArgs = ArgsOf<typeof sdpVsphereContract.inputs>;

/**
 * A long-term discount contract for vSphere ESXi cores (one per tenant and contract year). See
 * `delete` in vsphere-contract.provider.ts for what destroy does in each phase of the contract.
 * `pulumi import` takes the id create gives, `vsphere-contract-<contractYear>`, and proposes
 * contractYear, contractRenewal and cores (the commitment requested for next month, else the
 * cores in force).
 */
export const SdpVsphereContract = resourceClass(sdpVsphereContract);
export type SdpVsphereContract = InstanceType<typeof SdpVsphereContract>;
