import { z } from "zod";
import { describeResource, input, output, timeoutsInput, type ArgsOf } from "../program/descriptor";
import { resourceClass } from "../program/resource";
import { sdpConnection } from "./connection";

export const LINK_LOCAL = /^169\.254\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export const sdpVcenter = describeResource({
  module: "sdp",
  name: "SdpVcenter",
  inputs: {
    /** 169.254.0.0/16; a free one is chosen at create (and kept) when left out. Updated in place. */
    linkLocalAddress: input(z.string().regex(LINK_LOCAL, { message: "must be a link-local IPv4 address in 169.254.0.0/16" }).optional(), "update", { derived: true, recorded: z.string() }),
    /**
     * The vCenter's password; write-only (SDP never reports it back), stored as a secret. Updated
     * in place. A vCenter brought in by `pulumi import` has none recorded: the program's password is
     * then taken as it is (no change, nothing sent), and compared from the first update that
     * records it (a change of the address or the license sends it along).
     */
    password: input(z.string().min(8, { message: "must be at least 8 characters" }), "update", { secret: true, writeOnly: true }),
    /** An SdpLicense id (vCenter Server license). Updated in place. */
    licenseId: input(z.string().min(1, { message: "is required" }), "update", { recorded: z.string().nullable() }),
    /** Take over the vCenter registered at this address instead of failing. */
    adopt: input(z.boolean().optional(), "none"),
    /** Bounds per operation as durations (`{ create: "30m", read: "2m" }`); an operation past its bound fails naming it. Never a change. */
    timeouts: timeoutsInput,
    /** Overrides the `sdp:*` stack config for this resource; stored as a secret. */
    connection: sdpConnection.input,
  },
  outputs: {
    /** The vCenter Server's version, null until SDP reports it. */
    version: output(z.string().nullable()),
    /** The vCenter instance's name in SDP, null until SDP reports it. */
    instanceName: output(z.string().nullable()),
    /** Null until SDP has metered the vCenter. */
    meteringHealth: output(z.boolean().nullable()),
    /** Why metering of the vCenter is unhealthy (SDP's error type), null when it is healthy or not yet reported. */
    meteringHealthErrorType: output(z.string().nullable()),
    /** True when create took over a vCenter registered at the address (adopt). */
    adopted: output(z.boolean(), { createOnly: true }),
  },
});

export type SdpVcenterArgs = ArgsOf<typeof sdpVcenter.inputs>;

/**
 * A vCenter registered with NTT Smart Data Platform for license metering. `pulumi import` takes the
 * registration's id and proposes linkLocalAddress and licenseId; the password is the program's to give.
 */
export const SdpVcenter = resourceClass(sdpVcenter);
export type SdpVcenter = InstanceType<typeof SdpVcenter>;
