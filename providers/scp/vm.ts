import { z } from "zod";
import { describeResource, input, output, timeoutsInput, type ArgsOf } from "../program/descriptor";
import { resourceClass } from "../program/resource";
import { scpConnection } from "./connection";

export const MAX_SCRIPT_BYTES = 16 * 1024;
const required = { message: "is required" };

/** One of a VM's networks: a VPC and a subnet in it. */
export type ScpVmNetwork = {
  /** The VPC's id (SCP's `vpc_id`). */
  vpcId: string;
  /** The subnet's id in that VPC (SCP's `subnet_id`). */
  subnetId: string;
};
const vmNetworkSchema: z.ZodType<ScpVmNetwork, ScpVmNetwork> = z.object({ vpcId: z.string().min(1), subnetId: z.string().min(1) }).strict();

export const scpBackupProxyVm = describeResource({
  module: "scp",
  name: "ScpBackupProxyVm",
  inputs: {
    /**
     * An ScpBackupProxyImage id. Replaces on change, as does every input but `name`. Write-only:
     * SCP's documented VM record does not carry it, so `pulumi import` proposes it only when the
     * answer has an `image_id`; a VM imported without one takes the program's value as it is.
     */
    imageId: input(z.string().trim().min(1, required), "replace", { writeOnly: true }),
    /** Updated in place. */
    name: input(z.string().trim().min(1, required).max(128), "update"),
    /** The resource pool (availability zone) the VM runs in. Replaces on change. */
    azId: input(z.string().trim().min(1, required), "replace"),
    /**
     * The storage tag its disks are placed by. Replaces on change. Write-only: SCP's documented VM
     * record does not carry it, so `pulumi import` proposes it only when the answer has a
     * `storage_tag_id`; a VM imported without one takes the program's value as it is.
     */
    storageTagId: input(z.string().trim().min(1, required), "replace", { writeOnly: true }),
    /** CPU cores, 1 to 256. Replaces on change. */
    cores: input(z.number().int({ message: "must be a whole number" }).min(1, { message: "must be at least 1" }).max(256), "replace"),
    /** Memory in MiB, a positive whole number. Replaces on change. */
    memoryMb: input(z.number().int({ message: "must be a positive whole number of MiB" }).positive({ message: "must be a positive whole number of MiB" }), "replace"),
    /** One or more networks, each a VPC and a subnet (`{vpcId, subnetId}`). Replaces on change. */
    networks: input(z.array(vmNetworkSchema).min(1, { message: "needs at least one network" }), "replace"),
    /**
     * Default true; the init script needs it. Write-only: whether create started the VM, which SCP
     * does not keep (it reports the power state now, `powerState`); an imported VM takes the
     * program's value as it is.
     */
    powerOn: input(z.boolean().optional(), "replace", { recorded: z.boolean(), writeOnly: true }),
    /**
     * Run once in the guest after vmtools is up (at most 16 KiB); stored as a secret. A script that
     * failed is run again (a corrected one too) by the next update; once it has succeeded, a change
     * replaces the VM. Write-only: SCP does not keep the script, so an imported VM is taken as
     * initialised: the program's script (added then or later) is neither run nor a change there.
     */
    initScript: input(
      z
        .string()
        .min(1)
        .refine((s) => Buffer.byteLength(s, "utf8") <= MAX_SCRIPT_BYTES, { message: `must be at most ${MAX_SCRIPT_BYTES} bytes` })
        .optional(),
      "replace",
      { secret: true, recorded: z.string().nullable(), writeOnly: true },
    ),
    /** Default bash (with an initScript). Write-only, as `initScript`: an imported VM takes the program's value as it is. */
    initScriptInterpreter: input(z.enum(["bash", "sh", "powershell", "cmd"]).optional(), "replace", { recorded: z.enum(["bash", "sh", "powershell", "cmd"]).nullable(), writeOnly: true }),
    /** Values to mask in the script's output (passwords the script sets, tokens it fetches); stored as a secret. */
    initScriptSecrets: input(z.array(z.string().min(1)).optional(), "none", { secret: true }),
    /** Bounds per operation as durations (`{ create: "30m", read: "2m" }`); an operation past its bound fails naming it. Never a change. */
    timeouts: timeoutsInput,
    /** Overrides the `scp:*` stack config for this resource; stored as a secret. */
    connection: scpConnection.input,
  },
  outputs: {
    /** SCP's status of the VM. */
    status: output(z.string().nullable()),
    /** The VM's power state as SCP reports it. */
    powerState: output(z.string().nullable()),
    /** Whether vmtools runs in the guest ("running" once the guest has booted). */
    vmtoolsStatus: output(z.string().nullable()),
    /** The guest OS name SCP reports. */
    osName: output(z.string().nullable()),
    /** The init script's exit code, null when no script ran. */
    initScriptExitCode: output(z.number().nullable()),
    /** The script's output with secrets masked, at most 4 KiB. */
    initScriptOutput: output(z.string().nullable()),
  },
  refine: (v, ctx) => {
    if (v.initScript !== undefined && v.powerOn === false) ctx.addIssue({ code: "custom", path: ["initScript"], message: "needs powerOn (the script runs in the guest once vmtools is up)" });
  },
});

export type ScpBackupProxyVmArgs = ArgsOf<typeof scpBackupProxyVm.inputs>;

/** A backup-proxy VM created from a backup-proxy image on Sangfor Cloud Platform. */
export const ScpBackupProxyVm = resourceClass(scpBackupProxyVm);
export type ScpBackupProxyVm = InstanceType<typeof ScpBackupProxyVm>;
