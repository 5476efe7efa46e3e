import { z } from "zod";
import { bothNone, describeResource, input, output, timeoutsInput, type ArgsOf } from "../program/descriptor";
import { resourceClass } from "../program/resource";
import { scpConnection } from "./connection";

export const BACKUP_PROXY_OS = "Backup Proxy";
const required = (more = "") => ({ message: `is required${more}` });

export const scpBackupProxyImage = describeResource({
  module: "scp",
  name: "ScpBackupProxyImage",
  inputs: {
    /**
     * The VM the image is made from; its os_name is set to "Backup Proxy" first when it is not.
     * Replaces on change. Write-only: SCP's image record does not say which VM it was made from,
     * so an imported image takes the program's value as it is.
     */
    sourceVmId: input(z.string().trim().min(1, required()), "replace", { writeOnly: true }),
    /** The image's name; the adoption key. Replaces on change. */
    name: input(z.string().trim().min(1, required()).max(128), "replace"),
    /** The platform administrator's id: the image is private and owned by it. Replaces on change. */
    ownerId: input(z.string().trim().min(1, required(" (the platform administrator's id)")), "replace"),
    /** Updated in place. */
    description: input(z.string().max(1024).optional(), "update", { recorded: z.string() }),
    /** Download the VMA image to this local file after creation (streamed via `.partial`; sha256 as an output). A changed path downloads again; none recorded (an imported image) is the same as none given, and a path given then is downloaded by the next update. */
    exportPath: input(z.string().min(1).optional(), "update", { recorded: z.string().nullable(), sameValue: bothNone }),
    /** Take over an image with the same name instead of failing. */
    adopt: input(z.boolean().optional(), "none"),
    /** Bounds per operation as durations (`{ create: "30m", read: "2m" }`); an operation past its bound fails naming it. Never a change. */
    timeouts: timeoutsInput,
    /** Overrides the `scp:*` stack config for this resource; stored as a secret. */
    connection: scpConnection.input,
  },
  outputs: {
    /** SCP's status of the image, e.g. "active". */
    status: output(z.string().nullable()),
    /** From the image_type or visibility SCP reports; null when SCP says neither (never a guess). */
    isPublic: output(z.boolean().nullable()),
    /** True when create had to set the source VM's os_name to "Backup Proxy". */
    osNameChanged: output(z.boolean(), { createOnly: true }),
    /** True when create took over an existing image (adopt). */
    adopted: output(z.boolean(), { createOnly: true }),
    /** Where the last export was written. */
    exportedPath: output(z.string().nullable(), { createOnly: true }),
    /** The sha256 (hex) of the exported VMA file, when exportPath was given; set by create only. */
    exportSha256: output(z.string().nullable(), { createOnly: true }),
    /** The size in bytes of the exported VMA file, when exportPath was given; set by create only. */
    exportBytes: output(z.number().nullable(), { createOnly: true }),
  },
});

export type ScpBackupProxyImageArgs = ArgsOf<typeof scpBackupProxyImage.inputs>;

/** A private VMA image of a backup-proxy VM on Sangfor Cloud Platform. */
export const ScpBackupProxyImage = resourceClass(scpBackupProxyImage);
export type ScpBackupProxyImage = InstanceType<typeof ScpBackupProxyImage>;
