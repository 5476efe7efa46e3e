import { z } from "zod";
import type { OperationContext } from "../core/provider";
import { SCP_PATHS, SCP_UPLOAD, type ScpClient } from "./client";
import { findListed, listAll } from "./pages";

/** An image as SCP lists and shows it (what the image resources read of it). */
export const imageSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  owner_id: z.string().nullish(),
  // Visibility as SCP reports it (erelbi/sangfor-scp `resources/images.py`: image_type public | private, and visibility).
  image_type: z.string().nullish(),
  visibility: z.string().nullish(),
  status: z.string().nullish(),
  // erelbi/sangfor-scp `resources/images.py` get(): "... os_type ...".
  os_type: z.string().nullish(),
  // The public spec's Image (Sangfor Cloud APIs 6.11.1): the pools it is in, and why it failed.
  azs: z.array(z.looseObject({ id: z.string() })).nullish(),
  message: z.string().nullish(),
});
export type Image = z.infer<typeof imageSchema>;

/** An image being made becomes active (erelbi/sangfor-scp `resources/images.py`: "status: active | ...") or ends in error. */
export const IMAGE_STATUSES = { settled: ["active"], failed: ["error"] } as const;
export const taskOnly = z.looseObject({ task_id: z.string() });

/** The image of exactly this name (in pool `azId` when given): the list's `name` filter is a partial match (erelbi/sangfor-scp `resources/images.py`). */
export function findImageByName(client: ScpClient, name: string, ctx: OperationContext, azId?: string): Promise<Image | undefined> {
  const query: Record<string, string> = azId === undefined ? { name } : { name, az_id: azId };
  return findListed(listAll(client, SCP_PATHS.images, query, imageSchema, ctx.deadline), (i) => i.name === name && (azId === undefined || (i.azs ?? []).some((az) => az.id === azId)));
}

export function getImage(client: ScpClient, id: string, ctx: OperationContext): Promise<Image | undefined> {
  return client.find(SCP_PATHS.image(id), imageSchema, ctx.deadline);
}

/** SCP's sha256 of the image's stored file, when its answer has one (SCP_UPLOAD.reportedSha256Field, unconfirmed). */
export function reportedSha256(i: Image): string | null {
  const value = (i as Record<string, unknown>)[SCP_UPLOAD.reportedSha256Field];
  return typeof value === "string" && /^[0-9a-f]{64}$/i.test(value) ? value.toLowerCase() : null;
}

/** Deletes an image and waits for it, so that a failed create leaves nothing behind; a 404 is already gone. */
export async function discardImage(client: ScpClient, id: string, ctx: OperationContext): Promise<void> {
  const res = await client.send("DELETE", SCP_PATHS.image(id), { deadline: ctx.deadline, allow404: true });
  if (res.status !== 404) await client.waitTask(client.answer("DELETE", SCP_PATHS.image(id), taskOnly, res).task_id, ctx.deadline, ctx.log);
}

/** Public or private as the answer says (image_type first, then visibility); undefined when it does not say. */
export function isPublic(i: Image): boolean | undefined {
  const said = [i.image_type, i.visibility].map((v) => v?.toLowerCase()).find((v) => v === "public" || v === "private");
  return said === undefined ? undefined : said === "public";
}

/** Sets an image's description and waits for the edit's task. */
export async function describeImage(client: ScpClient, id: string, description: string, ctx: OperationContext): Promise<void> {
  ctx.log(`describing image ${id}`);
  const { task_id } = await client.call("PUT", SCP_PATHS.image(id), taskOnly, { body: { description }, deadline: ctx.deadline });
  await client.waitTask(task_id, ctx.deadline, ctx.log);
}
