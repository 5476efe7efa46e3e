import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { resolve } from "node:path";
import { DeadlineExceededError } from "../core/deadline";
import { TransportError, VendorApiError, errorMessage } from "../core/errors";
import { Heartbeat } from "../core/heartbeat";
import type { OperationContext } from "../core/provider";
import { retryDelayMs, type RetryPolicy } from "../core/retry";
import { SCP_PATHS, SCP_UPLOAD, type ScpClient, type UploadFile } from "./client";
import { ScpTaskError } from "./errors";
import { getImage, reportedSha256, taskOnly, type Image } from "./image-api";

/** A broken upload is sent again this many times in all, into the same image (never a second one). */
export const UPLOAD_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 15_000 };

/** "512 MiB", "1.5 GiB": sizes as people read them. */
export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1).replace(/\.0$/, "")} ${units[unit]}`;
}

/** Progress over `total` bytes as heartbeat lines, sampled four times a second (not per chunk): the heartbeat decides which sample is printed. */
function byteProgress(what: string, total: number, ctx: OperationContext): { add: (n: number) => void; end: () => void; abandon: () => void } {
  const beat = new Heartbeat(what, ctx.log);
  const started = Date.now();
  let done = 0;
  const status = () => {
    const secs = Math.max(0.001, (Date.now() - started) / 1000);
    return `at ${formatBytes(done)} of ${formatBytes(total)} (${total === 0 ? 100 : Math.floor((done * 100) / total)}%, ${formatBytes(done / secs)}/s)`;
  };
  const timer = setInterval(() => beat.check(status()), 250);
  timer.unref();
  return {
    add: (n) => void (done += n),
    end: () => {
      clearInterval(timer);
      beat.end(`done, ${formatBytes(done)}`);
    },
    abandon: () => {
      clearInterval(timer);
      beat.abandon();
    },
  };
}

/** The file's size and sha256, read as a stream; a missing or unreadable file fails with one line naming it. */
export async function hashFile(path: string, ctx: OperationContext): Promise<UploadFile> {
  const full = resolve(path);
  let bytes: number;
  try {
    const stat = statSync(full);
    if (!stat.isFile()) throw new Error("it is not a file");
    bytes = stat.size;
  } catch (error) {
    throw new Error(`the VMA file ${full} cannot be read: ${errorMessage(error)}`);
  }
  const progress = byteProgress(`hashing ${full}`, bytes, ctx);
  const hash = createHash("sha256");
  try {
    for await (const chunk of createReadStream(full, { highWaterMark: SCP_UPLOAD.chunkBytes })) {
      hash.update(chunk as Buffer);
      progress.add((chunk as Buffer).length);
    }
  } catch (error) {
    progress.abandon();
    throw new Error(`the VMA file ${full} cannot be read: ${errorMessage(error)}`);
  }
  progress.end();
  return { path: full, bytes, sha256: hash.digest("hex") };
}

/** The stored file's sha256 is not the uploaded one's: the bytes changed on the way. */
export class UploadMismatchError extends Error {
  constructor(imageId: string, local: string, remote: string) {
    super(`SCP's sha256 of image ${imageId} is ${remote}, the file's is ${local}: the upload arrived changed`);
    this.name = "UploadMismatchError";
  }
}

/** Worth sending again: the connection broke, SCP failed or was busy, the task failed, or the bytes arrived changed. */
function retryable(error: unknown): boolean {
  if (error instanceof DeadlineExceededError) return false;
  if (error instanceof TransportError || error instanceof UploadMismatchError || error instanceof ScpTaskError) return true;
  return error instanceof VendorApiError && (error.status >= 500 || error.status === 409 || error.status === 408 || error.status === 401);
}

export interface UploadResult {
  /** The image that holds the file: the one given, or the fresh one a retry had to make. */
  imageId: string;
  attempts: number;
  serverSha256: string | null;
  /** The image as read after its upload (the read that checked SCP's sha256). */
  image: Image;
}

/** An image that takes another upload: created and not uploaded into, or left in error by a broken one. */
export const AWAITING_UPLOAD: ReadonlySet<string> = new Set(["deactivated", "error"]);

/**
 * Uploads `file` into image `imageId` and waits for its distribution task, checking SCP's sha256
 * of the stored file when it reports one. A broken try is sent again (UPLOAD_RETRY): into the same
 * image while it awaits an upload, else into a `fresh` one, which deletes the broken image first,
 * so that there is never a second image. The last failure is thrown with the count; the caller
 * removes the image.
 */
export async function uploadInto(client: ScpClient, imageId: string, file: UploadFile, ctx: OperationContext, fresh: (brokenId: string) => Promise<string>): Promise<UploadResult> {
  let id = imageId;
  for (let attempt = 1; ; attempt++) {
    const path = SCP_PATHS.imageUpload(id);
    ctx.log(`uploading ${file.path} (${formatBytes(file.bytes)}, sha256 ${file.sha256}) into image ${id}, attempt ${attempt} of ${UPLOAD_RETRY.maxAttempts}`);
    const progress = byteProgress(`image ${id} upload`, file.bytes, ctx);
    try {
      const res = await client.upload(path, file, ctx.deadline, progress.add);
      progress.end();
      await client.waitTask(client.answer("PUT", path, taskOnly, res).task_id, ctx.deadline, ctx.log);
      const image = await getImage(client, id, ctx);
      if (!image) throw new Error(`image ${id} disappeared during its upload`);
      const remote = reportedSha256(image);
      if (remote !== null && remote !== file.sha256) throw new UploadMismatchError(id, file.sha256, remote);
      if (remote === null) ctx.log(`SCP reported no sha256 for image ${id}: the upload is not verified by the server (the file's is ${file.sha256})`);
      return { imageId: id, attempts: attempt, serverSha256: remote, image };
    } catch (error) {
      progress.abandon();
      const delay = retryDelayMs(UPLOAD_RETRY, attempt, undefined);
      const failed = new Error(`uploading ${file.path} into image ${id} failed after ${attempt} ${attempt === 1 ? "attempt" : "attempts"}: ${errorMessage(error)}`);
      if (!retryable(error) || attempt >= UPLOAD_RETRY.maxAttempts || delay >= ctx.deadline.remainingMs()) throw Object.assign(failed, { imageId: id });
      await ctx.deadline.sleep(delay);
      const status = (await getImage(client, id, ctx))?.status ?? "gone";
      const again = AWAITING_UPLOAD.has(status);
      ctx.log(`upload attempt ${attempt} of ${UPLOAD_RETRY.maxAttempts} into image ${id} failed (${errorMessage(error)}); ${again ? "sending it again into the same image" : `the image is ${status}, so it is replaced by a fresh one before the next attempt`}`);
      if (!again) id = await fresh(id);
    }
  }
}
