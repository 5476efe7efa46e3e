import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { connectionFailures } from "../core/check";
import { AdoptionRequiredError, ObjectGoneError, ResourceInitFailedError } from "../core/errors";
import { defineProvider, type OperationContext } from "../core/provider";
import { sendOnce } from "../core/send-once";
import { SCP_PATHS, scpClientFor, type ScpClient } from "./client";
import { resolveScpConnection } from "./connection";
import { BACKUP_PROXY_OS, scpBackupProxyImage } from "./image";
import { IMAGE_STATUSES, describeImage, discardImage, findImageByName, getImage, isPublic, taskOnly, type Image } from "./image-api";
import { untilSettled } from "./settle";

const MINUTE = 60_000;

const serverSchema = z.looseObject({ id: z.string(), name: z.string(), os_name: z.string().nullish() });

/**
 * An image SCP did not say is public or private reports isPublic null: reporting it private would
 * be a guess, and null (unlike a missing key) also replaces a guess an earlier release recorded.
 */
function remoteOutputs(i: Image): Record<string, unknown> {
  return { name: i.name, description: i.description ?? "", ownerId: i.owner_id ?? null, isPublic: isPublic(i) ?? null, status: i.status ?? null };
}

/** Makes the source VM a backup proxy (os_name "Backup Proxy") when it is not; says whether it did. */
async function ensureBackupProxy(client: ScpClient, vmId: string, ctx: OperationContext): Promise<boolean> {
  const vm = await client.call("GET", SCP_PATHS.server(vmId), serverSchema, { deadline: ctx.deadline });
  if (vm.os_name === BACKUP_PROXY_OS) return false;
  ctx.log(`setting os_name of VM ${vm.name} (${vmId}) to "${BACKUP_PROXY_OS}"`);
  const { task_id } = await client.call("PUT", SCP_PATHS.server(vmId), taskOnly, { body: { os_name: BACKUP_PROXY_OS }, deadline: ctx.deadline });
  await client.waitTask(task_id, ctx.deadline, ctx.log);
  return true;
}

/** Streams the exported VMA image to `path` (via a temporary file), hashing as it goes. */
async function exportImage(client: ScpClient, id: string, path: string, ctx: OperationContext): Promise<{ exportedPath: string; exportSha256: string; exportBytes: number }> {
  ctx.log(`exporting image ${id}`);
  const { task_id } = await client.call("POST", SCP_PATHS.imageExport(id), taskOnly, { body: {}, deadline: ctx.deadline });
  await client.waitTask(task_id, ctx.deadline, ctx.log);
  const target = resolve(path);
  const partial = `${target}.partial`;
  mkdirSync(dirname(target), { recursive: true });
  const hash = createHash("sha256");
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(await client.download(SCP_PATHS.imageDownload(id), ctx.deadline), counter, createWriteStream(partial));
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  ctx.log(`downloaded ${bytes} bytes to ${target}`);
  return { exportedPath: target, exportSha256: hash.digest("hex"), exportBytes: bytes };
}

export const provider = defineProvider(scpBackupProxyImage, {
  label: (i) => i.name,
  defaultTimeoutsMs: { create: 60 * MINUTE, update: 60 * MINUTE, delete: 20 * MINUTE, read: 5 * MINUTE },
  normalize: (i) => ({ description: i.description ?? "", exportPath: i.exportPath ?? null }),
  extraCheck: (i) => connectionFailures(() => resolveScpConnection(i.connection)),
  // An export that failed is run again by the next update.
  recovery: (olds, desired) => (typeof desired.exportPath === "string" && olds.exportPath === desired.exportPath && olds.exportSha256 == null ? { update: ["exportSha256"] } : {}),

  async create(inputs, ctx) {
    const client = scpClientFor(inputs.connection);
    const existing = await findImageByName(client, inputs.name, ctx);
    if (existing && !inputs.adopt) throw new AdoptionRequiredError("an image with this name", existing.id);
    const osNameChanged = await ensureBackupProxy(client, inputs.sourceVmId, ctx);
    let id: string;
    if (existing) {
      id = existing.id;
      ctx.log(`adopting image ${id}`);
    } else {
      ctx.log("creating a private VMA image from the VM");
      const made = await sendOnce<{ image_id: string; task_id?: string }>(ctx, {
        what: "image create",
        send: async (): Promise<{ image_id: string; task_id?: string }> => {
          return client.call("POST", SCP_PATHS.imageFromServer, z.looseObject({ image_id: z.string(), task_id: z.string() }), {
            body: { action: "create_from_server", server_id: inputs.sourceVmId, name: inputs.name, description: inputs.description ?? "", owner_id: inputs.ownerId, is_public: false, image_format: "vma" },
            deadline: ctx.deadline,
          });
        },
        lookup: async (c) => {
          const found = await findImageByName(client, inputs.name, c);
          return found ? { image_id: found.id } : undefined;
        },
        landedLate: (image) => ({ id: image.image_id, properties: { name: inputs.name, osNameChanged, adopted: false } }),
      });
      id = made.image_id;
      try {
        if (made.task_id) await client.waitTask(made.task_id, ctx.deadline, ctx.log);
        else await untilSettled(`image ${id}`, () => getImage(client, id, ctx), IMAGE_STATUSES, ctx.deadline, ctx.log);
      } catch (error) {
        ctx.log(`image ${id} failed; deleting what was made`);
        await discardImage(client, id, ctx);
        throw error;
      }
    }
    const image = await getImage(client, id, ctx);
    if (!image) throw new ObjectGoneError(`image ${id}`, "disappeared after creation");
    const outs = { ...remoteOutputs(image), osNameChanged, adopted: Boolean(existing), exportedPath: null, exportSha256: null, exportBytes: null };
    if (!inputs.exportPath) return { id, outs };
    try {
      return { id, outs: { ...outs, ...(await exportImage(client, id, inputs.exportPath, ctx)) } };
    } catch (error) {
      throw new ResourceInitFailedError(id, outs, [`the image was created, but exporting it failed: ${(error as Error).message}`]);
    }
  },

  async read(id, olds, ctx) {
    const image = await getImage(scpClientFor(olds.connection), id, ctx);
    return image ? remoteOutputs(image) : undefined;
  },

  async update(id, olds, news, ctx) {
    const client = scpClientFor(news.connection);
    if ((news.description ?? "") !== olds.description) {
      await describeImage(client, id, news.description ?? "", ctx);
    }
    const image = await getImage(client, id, ctx);
    if (!image) throw new ObjectGoneError(`image ${id}`, "no longer exists");
    // A changed path, or an export that failed (no checksum recorded), is exported (again).
    const exported = news.exportPath && (news.exportPath !== olds.exportPath || olds.exportSha256 == null) ? await exportImage(client, id, news.exportPath, ctx) : {};
    return { ...remoteOutputs(image), ...exported };
  },

  async delete(id, olds, ctx) {
    await discardImage(scpClientFor(olds.connection), id, ctx);
    ctx.log(`deleted image ${id}`);
  },
});

export const descriptor = scpBackupProxyImage;
