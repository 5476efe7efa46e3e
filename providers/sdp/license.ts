import { z } from "zod";
import { describeResource, input, output, timeoutsInput, type ArgsOf } from "../program/descriptor";
import { resourceClass } from "../program/resource";
import { sdpConnection } from "./connection";

/**
 * One type in two spellings ("vCenter Server 5.5 Standard" / "vCenter.Server 5.5 Standard"): the
 * API echoes a type in its own spelling (the seed's answers say "vCenter.Server 5.5 Standard",
 * l.690, l.731, to a request of "vCenter Server 5.5 Standard", l.716).
 */
export function spelledAlike(a: unknown, b: unknown): boolean {
  const canonical = (s: string) => s.toLowerCase().replace(/[\s._-]+/g, " ").trim();
  return typeof a === "string" && typeof b === "string" && canonical(a) === canonical(b);
}

export const sdpLicense = describeResource({
  module: "sdp",
  name: "SdpLicense",
  inputs: {
    /**
     * A name from GET /license_types, e.g. "vCenter Server 5.5 Standard". Replaces on change.
     * States written before the echo was kept apart (`reportedLicenseType`) hold the API's
     * spelling here: the same type, no replacement.
     */
    licenseType: input(z.string().trim().min(1, { message: "is required" }), "replace", { sameValue: spelledAlike }),
    /** Bounds per operation as durations (`{ create: "30m", read: "2m" }`); an operation past its bound fails naming it. Never a change. */
    timeouts: timeoutsInput,
    /** Overrides the `sdp:*` stack config for this resource; stored as a secret. */
    connection: sdpConnection.input,
  },
  outputs: {
    /** The type as SDP spells it in its answers (e.g. "vCenter.Server 5.5 Standard"); `licenseType` stays as given. */
    reportedLicenseType: output(z.string()),
    /** The license key: a secret output. */
    key: output(z.string().nullable(), { secret: true }),
    /** When the license was assigned (ISO 8601). */
    assignedFrom: output(z.string().nullable()),
    /** When the license expires (ISO 8601), null for none. */
    expiresAt: output(z.string().nullable()),
  },
});

export type SdpLicenseArgs = ArgsOf<typeof sdpLicense.inputs>;

/**
 * A license (e.g. for vCenter Server) on NTT Smart Data Platform. `pulumi import` takes the
 * license's id and proposes its licenseType as GET /license_types names it.
 */
export const SdpLicense = resourceClass(sdpLicense);
export type SdpLicense = InstanceType<typeof SdpLicense>;
