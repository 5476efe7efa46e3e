import { z } from "zod";
import { describeResource, input, output, timeoutsInput, type ArgsOf } from "../program/descriptor";
import { resourceClass } from "../program/resource";
import { scpConnection } from "./connection";

const required = (more = "") => ({ message: `is required${more}` });

export const scpVmaImage = describeResource({
  module: "scp",
  name: "ScpVmaImage",
  inputs: {
    /**
     * The local VMA file uploaded (streamed, never held in memory). Replaces on change. Write-only:
     * a local path SCP never knew, so an imported image takes the program's value as it is.
     */
    vmaPath: input(z.string().trim().min(1, required(" (the local VMA file)")), "replace", { writeOnly: true }),
    /**
     * The sha256 (hex) the file must have: checked before anything is sent, and a new value replaces
     * the image. Write-only: a check made at create, never proposed by `pulumi import`; an imported
     * image takes the program's value as it is (see `serverSha256` for what SCP says it stores).
     */
    sha256: input(z.string().regex(/^[0-9a-fA-F]{64}$/, { message: "must be a sha256: 64 hex digits" }).optional(), "replace", { recorded: z.string().nullable(), writeOnly: true }),
    /** The image's name; with `azId`, the adoption key. Replaces on change. */
    name: input(z.string().trim().min(1, required()).max(128), "replace"),
    /** The resource pool (az id) the image is uploaded into. Replaces on change. `pulumi import` proposes the first pool SCP lists for the image (`azIds`). */
    azId: input(z.string().trim().min(1, required(" (the resource pool's id)")), "replace"),
    /** The platform administrator's id: the image is private and owned by it (the seed: set "owner_id" to the administrator ID). Replaces on change. */
    ownerId: input(z.string().trim().min(1, required(" (the platform administrator's id)")), "replace"),
    /**
     * SCP's os_type of the image, e.g. "linux-centos". Replaces on change. Proposed by `pulumi
     * import` when SCP's answer has an os_type; an image imported without one takes the program's
     * value as it is (write-only).
     */
    osType: input(z.string().trim().min(1).optional(), "replace", { recorded: z.string().nullable(), writeOnly: true }),
    /** Updated in place. */
    description: input(z.string().max(1024).optional(), "update", { recorded: z.string() }),
    /** Take over an image with the same name in the same pool instead of failing; one not uploaded yet is uploaded into. */
    adopt: input(z.boolean().optional(), "none"),
    /** Bounds per operation as durations (`{ create: "2h", read: "2m" }`); an operation past its bound fails naming it. Never a change. */
    timeouts: timeoutsInput,
    /** Overrides the `scp:*` stack config for this resource; stored as a secret. */
    connection: scpConnection.input,
  },
  outputs: {
    /** SCP's status of the image, e.g. "active". */
    status: output(z.string().nullable()),
    /** The resource pools (az ids) SCP says the image is in. */
    azIds: output(z.array(z.string())),
    /** The sha256 (hex) of the file that was uploaded. */
    uploadedSha256: output(z.string().nullable(), { createOnly: true }),
    /** The size in bytes of the file that was uploaded. */
    uploadedBytes: output(z.number().nullable(), { createOnly: true }),
    /** SCP's sha256 of the stored file, when its answer carries one; null when it does not (then `verified` is false). */
    serverSha256: output(z.string().nullable()),
    /** True when SCP reported the stored file's sha256 and it matched the uploaded file's. */
    verified: output(z.boolean(), { createOnly: true }),
    /** How many uploads it took (1 when the first went through; at most 3). */
    uploadAttempts: output(z.number(), { createOnly: true }),
    /** True when create took over an existing image (adopt). */
    adopted: output(z.boolean(), { createOnly: true }),
  },
});

export type ScpVmaImageArgs = ArgsOf<typeof scpVmaImage.inputs>;

/** A private image on Sangfor Cloud Platform uploaded from a local VMA file into one resource pool. */
export const ScpVmaImage = resourceClass(scpVmaImage);
export type ScpVmaImage = InstanceType<typeof ScpVmaImage>;
