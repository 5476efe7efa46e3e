import { createHash, randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../kit/server";
import { ERRCODE, ok, scpError } from "./answers";
import type { ScpKnobs } from "./knobs";
import { SCP_POOLS, imageRecord, type ScpImage, type ScpState, type Task } from "./state";

/** What routes.ts shares with these routes. */
export interface ImageRouteKit {
  mutate: (request: FastifyRequest, reply: FastifyReply, objectId: string | undefined, act: () => unknown) => Promise<unknown>;
  started: (task: Task) => unknown;
  bad: (reply: FastifyReply, message: string) => FastifyReply;
  missing: (reply: FastifyReply, what: string) => FastifyReply;
  list: <T>(request: FastifyRequest, reply: FastifyReply, items: readonly T[]) => unknown;
  image: (request: FastifyRequest) => ScpImage | undefined;
  imageView: (i: ScpImage) => unknown;
  fails: (name: string) => boolean;
}

/**
 * CreateImageRequest of the public spec (Sangfor Cloud APIs 6.11.1, `POST /janus/20180725/images`,
 * operationId createImage): required image_type, azs and disk_format.
 */
const createImage = z.object({
  name: z.string().min(1).max(128).optional(),
  azs: z.array(z.string().min(1)).min(1),
  disk_format: z.enum(["ISO", "aCloud"]),
  image_type: z.enum(["public", "private", "vnetdev", "service"]),
  owner_id: z.string().min(1).optional(),
  os_type: z.string().optional(),
  description: z.string().optional(),
  service_tag: z.string().optional(),
  service_type: z.string().optional(),
});

/** The header the provider sends its file's sha256 in (AK/SK signing covers it; not in any public document: SCP_UPLOAD in providers/scp/client.ts). */
export const CONTENT_SHA256_HEADER = "x-amz-content-sha256";

/**
 * Resource pools, image create and image upload. The upload's wire format is not public (the spec
 * declares no request body for `PUT .../upload`): the emulator takes the raw file as an
 * application/octet-stream body, as the same spec's cluster-file upload does ("以二进制格式传输").
 */
export function imageUploadRoutes(app: FastifyInstance, ctx: EmulatorContext<ScpKnobs>, state: ScpState, kit: ImageRouteKit): void {
  const now = () => ctx.clock.now();
  // The body stays a stream: the handler hashes it as it arrives, so an upload never sits in memory.
  app.addContentTypeParser("application/octet-stream", (_request, payload, done) => done(null, payload));

  // The public spec's `GET /janus/20180725/azs` (SCP 6.3.0+): a page of ResourcePool; filters type and tag.
  app.get("/janus/20180725/azs", async (request, reply) => {
    const { type, tag } = request.query as Record<string, string | undefined>;
    return kit.list(request, reply, SCP_POOLS.filter((p) => (type === undefined || p.type === type) && (tag === undefined || p.tag === tag)));
  });

  // createImage answers 201 with `data: {id, task_id}` (CreateImageResponse, both required).
  app.post("/janus/20180725/images", async (request, reply) => {
    const body = createImage.safeParse(request.body);
    if (!body.success) return kit.bad(reply, body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    const unknown = body.data.azs.filter((az) => !SCP_POOLS.some((p) => p.id === az));
    if (unknown.length > 0) return kit.bad(reply, `unknown resource pool ${unknown.join(", ")}`);
    const answer = await kit.mutate(request, reply, undefined, () => {
      const b = body.data;
      const img = imageRecord({ id: randomUUID(), name: b.name ?? "", description: b.description ?? "", owner_id: b.owner_id ?? "admin", image_type: b.image_type === "public" ? "public" : "private", status: "saving", azs: b.azs, disk_format: b.disk_format });
      state.images.set(img.id, img);
      const task = state.task(now(), { action: "create_image", objectId: img.id, durationMs: ctx.knobs().taskMs, onDone: (failed) => (img.status = failed ? "error" : "deactivated") });
      return ok({ id: img.id, task_id: task.id });
    });
    return reply.code(201).send(answer);
  });

  // uploadImage answers `data: {task_id}`, the image's distribution task; "the upload cannot be
  // interrupted: an interruption fails the upload" (the spec's note 1), so a cut upload leaves the
  // image in error, and the emulator takes a new upload into it (whether SCP does is not documented).
  app.put("/janus/20180725/images/:id/upload", async (request, reply) => {
    const i = kit.image(request);
    if (!i) {
      (request.body as Readable | undefined)?.resume();
      return kit.missing(reply, "Image");
    }
    if (!(request.body && typeof (request.body as Readable).pipe === "function")) return kit.bad(reply, "the image file is sent as an application/octet-stream body");
    if (i.status !== "deactivated" && i.status !== "error") return reply.code(409).send(scpError(409, ERRCODE.notReady, `image ${i.id} is ${i.status}: only an image created and not yet uploaded takes an upload`));
    const expected = Number(request.headers["content-length"]);
    const claimed = request.headers[CONTENT_SHA256_HEADER];
    const cut = state.uploadFaults.breaks > 0;
    if (cut) state.uploadFaults.breaks--;
    const hash = createHash("sha256");
    let bytes = 0;
    const started = Date.now();
    try {
      for await (const chunk of request.body as Readable) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
        const rate = ctx.knobs().uploadBytesPerSec;
        // Reading slower holds the sender back (backpressure), as a slow link would.
        if (rate > 0) await new Promise((resolve) => setTimeout(resolve, Math.max(0, (bytes * 1000) / rate - (Date.now() - started))));
        if (cut && bytes >= expected / 2) {
          i.status = "error";
          i.message = "the upload was interrupted";
          // An interrupted connection, as a network fault would leave it.
          request.raw.socket.destroy();
          return reply;
        }
      }
    } catch {
      i.status = "error";
      i.message = "the upload was interrupted";
      return reply;
    }
    const sha256 = hash.digest("hex");
    if (bytes !== expected) return kit.bad(reply, `received ${bytes} bytes, content-length said ${expected}`);
    if (typeof claimed === "string" && claimed !== sha256) return kit.bad(reply, `the body's sha256 is ${sha256}, ${CONTENT_SHA256_HEADER} said ${claimed}`);
    const corrupt = state.uploadFaults.corruptions > 0;
    if (corrupt) state.uploadFaults.corruptions--;
    return kit.mutate(request, reply, i.id, () => {
      i.status = "saving";
      i.message = "";
      return kit.started(
        state.task(now(), {
          action: "distribute_image",
          objectId: i.id,
          durationMs: ctx.knobs().taskMs,
          fails: kit.fails(i.name),
          reason: "the image could not be distributed to the resource pool",
          onDone: (failed) => {
            i.status = failed ? "error" : "active";
            i.size_bytes = bytes;
            // A corrupted upload: bytes changed on the way, so what SCP stored hashes differently.
            i.sha256 = corrupt ? createHash("sha256").update(`corrupted:${sha256}`).digest("hex") : sha256;
            if (failed) i.message = "the image could not be distributed to the resource pool";
          },
        }),
      );
    });
  });
}
