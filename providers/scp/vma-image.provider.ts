import { z } from "zod";
import { connectionFailures } from "../core/check";
import { AdoptionRequiredError, ObjectGoneError, ResourceInitFailedError, errorMessage } from "../core/errors";
import { defineProvider, type OperationContext } from "../core/provider";
import { sendOnce } from "../core/send-once";
import { SCP_PATHS, SCP_UPLOAD, scpClientFor, type ScpClient } from "./client";
import { resolveScpConnection } from "./connection";
import { describeImage, discardImage, findImageByName, getImage, reportedSha256, type Image } from "./image-api";
import { listAll } from "./pages";
import { scpVmaImage } from "./vma-image";
import type { InputsOf } from "../program/descriptor";
import { reportedStrings, unrecorded } from "../core/unrecorded";
import { AWAITING_UPLOAD, hashFile, uploadInto } from "./vma-upload";

const MINUTE = 60_000;
/** The public spec's ResourcePool: `{id, name, status, type, tag, version}`. */
const poolSchema = z.looseObject({ id: z.string(), name: z.string().nullish() });
/** CreateImageResponse (the public spec, `POST /janus/20180725/images`): id and task_id, both required. */
const createdSchema = z.looseObject({ id: z.string(), task_id: z.string() });

/** Fails with the pools SCP has when `azId` is not one of them. */
async function requirePool(client: ScpClient, azId: string, ctx: OperationContext): Promise<void> {
  const pools: z.infer<typeof poolSchema>[] = [];
  for await (const p of listAll(client, SCP_PATHS.pools, {}, poolSchema, ctx.deadline)) {
    if (p.id === azId) return;
    pools.push(p);
  }
  throw new Error(`resource pool "${azId}" does not exist in Sangfor Cloud Platform; it has: ${pools.map((p) => (p.name ? `${p.id} (${p.name})` : p.id)).join(", ") || "none"}`);
}

function remoteOutputs(i: Image): Record<string, unknown> {
  return { name: i.name, description: i.description ?? "", status: i.status ?? null, azIds: (i.azs ?? []).map((az) => az.id), serverSha256: reportedSha256(i) };
}

/**
 * The inputs the image's record gives back: its owner, its first pool, its os_type (erelbi/sangfor-scp
 * `resources/images.py` get(): "os_type ... azs"); read for `pulumi import`, a recorded input is kept.
 */
function inputsOf(i: Image): Record<string, unknown> {
  return { ownerId: i.owner_id || undefined, azId: i.azs?.[0]?.id, osType: i.os_type || undefined };
}

/** Creates the (empty) private image in the pool, once in effect (sendOnce: a lost answer is found by name), and waits for its task. */
async function createImage(client: ScpClient, inputs: InputsOf<typeof scpVmaImage.inputs>, ctx: OperationContext): Promise<string> {
  ctx.log(`creating private image "${inputs.name}" in resource pool ${inputs.azId}`);
  const made = await sendOnce<{ id: string; task_id?: string }>(ctx, {
    what: "image create",
    send: () =>
      client.call("POST", SCP_PATHS.images, createdSchema, {
        // CreateImageRequest (the public spec): required image_type, azs, disk_format; the seed: "set it as a private image and set owner_id to the administrator ID".
        body: { name: inputs.name, azs: [inputs.azId], disk_format: SCP_UPLOAD.diskFormat, image_type: "private", owner_id: inputs.ownerId, description: inputs.description ?? "", ...(inputs.osType ? { os_type: inputs.osType } : {}) },
        deadline: ctx.deadline,
      }),
    lookup: async (c) => {
      const found = await findImageByName(client, inputs.name, c, inputs.azId);
      return found ? { id: found.id } : undefined;
    },
    landedLate: (image) => ({ id: image.id, properties: { name: inputs.name, adopted: false } }),
  });
  if (made.task_id) await client.waitTask(made.task_id, ctx.deadline, ctx.log);
  return made.id;
}

export const provider = defineProvider(scpVmaImage, {
  label: (i) => `${i.name} in ${i.azId}`,
  defaultTimeoutsMs: { create: 120 * MINUTE, update: 20 * MINUTE, delete: 20 * MINUTE, read: 5 * MINUTE },
  normalize: (i) => ({ description: i.description ?? "", sha256: i.sha256?.toLowerCase() ?? null, osType: i.osType ?? null }),
  extraCheck: (i) => connectionFailures(() => resolveScpConnection(i.connection)),

  async create(inputs, ctx) {
    const client = scpClientFor(inputs.connection);
    const file = await hashFile(inputs.vmaPath, ctx);
    const expected = inputs.sha256?.toLowerCase();
    if (expected !== undefined && expected !== file.sha256) throw new Error(`the VMA file ${file.path} has sha256 ${file.sha256}, not the ${expected} the program gives (sha256): nothing was sent`);
    const existing = await findImageByName(client, inputs.name, ctx, inputs.azId);
    if (existing && !inputs.adopt) throw new AdoptionRequiredError(`an image named "${inputs.name}" in resource pool ${inputs.azId}`, existing.id);
    const uploaded = { uploadedSha256: file.sha256, uploadedBytes: file.bytes };
    if (existing && !AWAITING_UPLOAD.has(existing.status ?? "")) {
      ctx.log(`adopting image ${existing.id} (${existing.status ?? "status unreported"}); nothing is uploaded`);
      const remote = reportedSha256(existing);
      if (remote !== null && remote !== file.sha256) ctx.log(`image ${existing.id}'s sha256 is ${remote}, not the file's ${file.sha256}: it holds another file`);
      return { id: existing.id, outs: { ...remoteOutputs(existing), uploadedSha256: null, uploadedBytes: null, verified: remote === file.sha256, uploadAttempts: 0, adopted: true } };
    }
    let id: string;
    if (existing) {
      id = existing.id;
      ctx.log(`adopting image ${id}, which holds no file yet (${existing.status}); uploading into it`);
    } else {
      await requirePool(client, inputs.azId, ctx);
      id = await createImage(client, inputs, ctx);
    }
    const fresh = async (brokenId: string): Promise<string> => {
      await discardImage(client, brokenId, ctx);
      return createImage(client, inputs, ctx);
    };
    try {
      const result = await uploadInto(client, id, file, ctx, fresh);
      id = result.imageId;
      return { id, outs: { ...remoteOutputs(result.image), ...uploaded, verified: result.serverSha256 !== null, uploadAttempts: result.attempts, adopted: Boolean(existing) } };
    } catch (error) {
      id = (error as { imageId?: string }).imageId ?? id;
      ctx.log(`image ${id}: ${errorMessage(error)}; deleting the image, so that nothing is left behind`);
      try {
        await discardImage(client, id, ctx);
      } catch (cleanup) {
        throw new ResourceInitFailedError(id, { name: inputs.name, status: "error", azIds: [inputs.azId], ...uploaded, serverSha256: null, verified: false, uploadAttempts: 0, adopted: Boolean(existing) }, [errorMessage(error), `and deleting the image failed: ${errorMessage(cleanup)}`]);
      }
      throw error;
    }
  },

  async read(id, olds, ctx) {
    const image = await getImage(scpClientFor(olds.connection), id, ctx);
    return image ? { ...remoteOutputs(image), ...unrecorded(olds, inputsOf(image)) } : undefined;
  },

  // osType is write-only (an answer may not carry os_type): proposed when it did.
  importInputs: (current) => reportedStrings(current, ["osType"]),

  async update(id, olds, news, ctx) {
    const client = scpClientFor(news.connection);
    if ((news.description ?? "") !== olds.description) await describeImage(client, id, news.description ?? "", ctx);
    const image = await getImage(client, id, ctx);
    if (!image) throw new ObjectGoneError(`image ${id}`, "no longer exists");
    return remoteOutputs(image);
  },

  async delete(id, olds, ctx) {
    await discardImage(scpClientFor(olds.connection), id, ctx);
    ctx.log(`deleted image ${id}`);
  },
});

export const descriptor = scpVmaImage;
