import { z } from "zod";
import { describeResource, input, output, timeoutsInput, type ArgsOf } from "../program/descriptor";
import { resourceClass } from "../program/resource";
import { sdpConnection } from "./connection";

const required = { message: "is required" };

export const sdpGuestVmLicense = describeResource({
  module: "sdp",
  name: "SdpGuestVmLicense",
  inputs: {
    /** The id of the dedicated hypervisor (an SdpServer's id) the VM runs on. Replaces on change. */
    serverId: input(z.string().trim().min(1, required), "replace"),
    /** The guest VM's id on the hypervisor; give this or `vmName`, not both. Replaces on change. */
    vmId: input(z.string().trim().min(1, required).optional(), "replace", { recorded: z.string().nullable() }),
    /** The guest VM's name on the hypervisor; give this or `vmId`, not both. Replaces on change. */
    vmName: input(z.string().trim().min(1, required).optional(), "replace", { recorded: z.string().nullable() }),
    /**
     * Names from GET /license_types of the types without a license key (`has_license_key` false:
     * the guest-VM types, e.g. "Windows Server"), each once. Replaces on change.
     */
    licenseTypes: input(
      z
        .array(z.string().trim().min(1, required))
        .min(1, { message: "must name at least one license type" })
        .refine((types) => new Set(types).size === types.length, { message: "must not repeat a license type" }),
      "replace",
    ),
    /** Bounds per operation as durations (`{ create: "30m", read: "2m" }`); an operation past its bound fails naming it. Never a change. */
    timeouts: timeoutsInput,
    /** Overrides the `sdp:*` stack config for this resource; stored as a secret. */
    connection: sdpConnection.input,
  },
  outputs: {
    /** SDP's id of the add-license-to-vm job; null when the request's answer never came (the next `pulumi up` sends it again). */
    jobId: output(z.string().nullable()),
    /** The job's status as get-result reports it: "COMPLETED" once the license is added; null before any answer. */
    status: output(z.string().nullable()),
    /** The job's message, when SDP gives one (e.g. why it failed); null otherwise. */
    message: output(z.string().nullable()),
    /** The VM name SDP reports the job was for (`requested_param.vm_name`); null when it does not say. */
    requestedVmName: output(z.string().nullable()),
    /** The VM id SDP reports the job was for (`requested_param.vm_id`); null when it does not say. */
    requestedVmId: output(z.string().nullable()),
    /** The license types SDP reports the job added (`requested_param.license_types`); null when it does not say. */
    requestedLicenseTypes: output(z.array(z.string()).nullable()),
  },
  refine(v, ctx) {
    if (v.vmId !== undefined && v.vmName !== undefined) ctx.addIssue({ code: "custom", path: ["vmId"], message: "give either vmId or vmName, not both" });
    else if (v.vmId === undefined && v.vmName === undefined) ctx.addIssue({ code: "custom", path: ["vmName"], message: "the VM is required: give vmId or vmName" });
  },
});

export type SdpGuestVmLicenseArgs = ArgsOf<typeof sdpGuestVmLicense.inputs>;

/**
 * License types (Windows Server, SQL Server) added to a guest VM on a dedicated hypervisor of NTT
 * Smart Data Platform ("Add License to VM"). SDP has no call to remove them: destroy forgets the
 * resource and SDP keeps metering the usages. `pulumi import` takes `<serverId>/job_id=<jobId>`
 * (the add-license-to-vm job SDP answered; add `/vm_name=<name>` or `/vm_id=<id>` when SDP's result
 * does not name the VM): SDP shows a VM's licenses only as that job's result, so the id create gives
 * (`<serverId>/vm_name=<name>`) cannot be imported. It proposes serverId, the VM and licenseTypes.
 */
export const SdpGuestVmLicense = resourceClass(sdpGuestVmLicense);
export type SdpGuestVmLicense = InstanceType<typeof SdpGuestVmLicense>;
