import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../kit/server";
import { ERRCODE, nameMatches, ok, page, scpError } from "./answers";
import type { ScpKnobs } from "./knobs";
import { imageRecord, type ScpImage, type ScpServer, type ScpState, type Task } from "./state";
import { imageUploadRoutes } from "./uploads";
import { vmaBytes } from "./vma";

const createServer = z.object({
  az_id: z.string().min(1),
  image_id: z.string().min(1),
  storage_tag_id: z.string().min(1),
  cores: z.number().int().min(1),
  sockets: z.number().int().min(1).optional(),
  memory_mb: z.number().int().min(1),
  name: z.string().min(1),
  networks: z.array(z.object({ vpc_id: z.string(), subnet_id: z.string(), vif_id: z.string().optional(), connect: z.boolean().optional() })).min(1),
  power_on: z.boolean().optional(),
});
const editServer = z.object({ name: z.string().min(1).optional(), os_name: z.string().min(1).optional() });
const editImage = z.object({ description: z.string() });
const imageFromServer = z.object({ action: z.literal("create_from_server"), server_id: z.string(), name: z.string().min(1), description: z.string().optional(), owner_id: z.string().min(1), is_public: z.boolean(), image_format: z.literal("vma") });
const guestScript = z.object({ script: z.string().min(1), interpreter: z.enum(["bash", "sh", "powershell", "cmd"]), timeout_seconds: z.number().int().min(1).max(3_600).optional() });
const idParam = z.object({ id: z.string() });

/** What the emulated guest does with a script: echo lines print, `exit N` sets the code. */
function runScript(script: string): { exit_code: number; output: string } {
  const lines = script.split("\n");
  const printed = lines.filter((l) => l.trim().startsWith("echo ")).map((l) => l.trim().slice(5));
  const exit = lines.map((l) => l.trim().match(/^exit (\d+)$/)).find(Boolean);
  return { exit_code: exit ? Number(exit[1]) : 0, output: printed.join("\n") };
}

export function scpRoutes(app: FastifyInstance, ctx: EmulatorContext<ScpKnobs>, state: ScpState): void {
  const now = () => ctx.clock.now();
  /** Create and edit tasks fail by the knob or by the object's name (see ScpKnobs.failTasks). */
  const fails = (name: string) => ctx.knobs().failTasks || name.startsWith("fail-");
  const taskMs = () => ctx.knobs().taskMs;
  const bad = (reply: FastifyReply, message: string) => reply.code(400).send(scpError(400, ERRCODE.badRequest, message));
  const missing = (reply: FastifyReply, what: string) => reply.code(404).send(scpError(404, ERRCODE.notFound, `${what} not found`));
  /** A list answered as one SCP page of `items` (see `page`), or 400 for a bad page_num/page_size. */
  const list = <T>(request: FastifyRequest, reply: FastifyReply, items: readonly T[]) => {
    const answer = page(items, request.query, ctx.knobs());
    return "error" in answer ? bad(reply, answer.error) : ok(answer.page);
  };
  const filters = (request: FastifyRequest) => request.query as Record<string, string | undefined>;

  /**
   * A mutation: a resent X-Client-Token gets the first answer again (erelbi/sangfor-scp
   * `sangfor_scp/client.py` sends one on every POST/PUT for idempotency); an object with a task
   * running answers 409 (SCPConflictError in `sangfor_scp/exceptions.py`) with the error body.
   */
  const mutate = async (request: FastifyRequest, reply: FastifyReply, objectId: string | undefined, act: () => unknown): Promise<unknown> => {
    const token = request.headers["x-client-token"];
    if (typeof token === "string" && state.replies.has(token)) return state.replies.get(token);
    const running = objectId === undefined ? undefined : state.busy(objectId, now());
    if (running) return reply.code(409).send(scpError(409, ERRCODE.busy, `${objectId} is busy: task ${running.id} (${running.action}) is running on it; try again when it has finished`));
    const answer = await act();
    if (typeof token === "string") state.replies.set(token, answer);
    return answer;
  };
  /** `{task_id}`, what every asynchronous mutation answers (erelbi/sangfor-scp `sangfor_scp/resources/tasks.py`). */
  const started = (task: Task) => ok({ task_id: task.id });
  const server = (request: FastifyRequest): ScpServer | undefined => {
    state.settle(now());
    return state.servers.get(idParam.parse(request.params).id);
  };
  const image = (request: FastifyRequest): ScpImage | undefined => {
    state.settle(now());
    return state.images.get(idParam.parse(request.params).id);
  };
  // erelbi/sangfor-scp `resources/servers.py` get(): "id, name, status, az_id, host_id, cores,
  // memory_mb, disks, networks"; os_name from the seed ("the value of the os_name field in the VM
  // configuration information"); power_state and vmtools_status are not in public documents.
  const serverView = (s: ScpServer) => ({
    id: s.id,
    name: s.name,
    os_name: s.os_name,
    status: s.status,
    power_state: s.status === "running" ? "on" : "off",
    vmtools_status: s.vmtoolsReadyAt !== null && now() >= s.vmtoolsReadyAt ? "running" : "not_running",
    az_id: s.az_id,
    image_id: s.image_id,
    storage_tag_id: s.storage_tag_id,
    cores: s.cores,
    memory_mb: s.memory_mb,
    networks: s.networks,
  });
  // erelbi/sangfor-scp `resources/images.py` get(): "id, name, status, disk_format, image_type,
  // os_type, size_mb, visibility, azs"; visibility's values are not documented, image_type's are
  // (public | private), so both carry those. owner_id and description from the seed. `azs` items
  // `{id, arch_type, is_available}` and `message` as the public spec's Image (Sangfor Cloud APIs
  // 6.11.1). `sha256` is NOT in any public document: the emulator reports the uploaded file's hash
  // there (knob reportSha256) so that the provider's check of it can be exercised; see SCP_UPLOAD
  // in providers/scp/client.ts.
  const imageView = (i: ScpImage) => ({
    id: i.id,
    name: i.name,
    description: i.description,
    owner_id: i.owner_id,
    ...(i.image_type === null ? {} : { image_type: i.image_type, visibility: i.image_type }),
    status: i.status,
    message: i.message,
    disk_format: i.disk_format,
    azs: i.azs.map((id) => ({ id, arch_type: "hci_x86", is_available: i.status === "active" ? 1 : 0 })),
    ...(i.size_bytes === null ? {} : { size_mb: i.size_bytes / 1_048_576 }),
    ...(i.sha256 !== null && ctx.knobs().reportSha256 ? { sha256: i.sha256 } : {}),
  });
  // sangfor_scp/resources/tasks.py: status waiting | doing | finish | failure with progress
  // -2 | 0-99 | 100 | -1; `get` documents task_id and action, docs/index.html shows id and
  // description ("Create VM success"), which `wait` reports when a task fails.
  const taskView = (t: Task) => {
    const status = !t.done ? "doing" : t.fails ? "failure" : "finish";
    const progress = status === "finish" ? 100 : status === "failure" ? -1 : Math.min(99, Math.floor(((now() - t.startedAt) * 100) / Math.max(1, t.finishAt - t.startedAt)));
    const description = status === "failure" ? t.reason : status === "finish" ? `${t.action} success` : `${t.action} in progress`;
    return { id: t.id, task_id: t.id, status, progress, action: t.action, description, ...(status === "finish" && t.result !== undefined ? { result: t.result } : {}) };
  };

  app.get("/janus/20180725/tasks/:id", async (request, reply) => {
    state.settle(now());
    const t = state.tasks.get(idParam.parse(request.params).id);
    return t ? ok(taskView(t)) : missing(reply, "Task");
  });

  // `{uuids, task_id}`: erelbi/sangfor-scp `resources/servers.py` create() and docs/index.html.
  app.post("/janus/20180725/servers", async (request, reply) => {
    const body = createServer.safeParse(request.body);
    if (!body.success) return bad(reply, body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    const from = state.images.get(body.data.image_id);
    if (!from) return bad(reply, `image ${body.data.image_id} does not exist`);
    // Sangfor SCP 6.11.3 "Supported Features": "For a removed resource pool, the image will no
    // longer be available for use in that resource pool": a VM is made from an image only in a pool the image is in.
    if (!from.azs.includes(body.data.az_id)) return bad(reply, `image ${from.id} is not available in resource pool ${body.data.az_id} (it is in ${from.azs.join(", ") || "no pool"})`);
    return mutate(request, reply, undefined, () => {
      const b = body.data;
      const s: ScpServer = { id: randomUUID(), name: b.name, os_name: "Linux", status: "creating", power_on: b.power_on ?? true, vmtoolsReadyAt: null, az_id: b.az_id, image_id: b.image_id, storage_tag_id: b.storage_tag_id, cores: b.cores, memory_mb: b.memory_mb, networks: b.networks.map((n) => ({ vpc_id: n.vpc_id, subnet_id: n.subnet_id })) };
      state.servers.set(s.id, s);
      const task = state.task(now(), {
        action: "create_server",
        objectId: s.id,
        durationMs: taskMs(),
        fails: fails(b.name),
        reason: "insufficient storage on the storage tag",
        onDone: (failed) => {
          s.status = failed ? "error" : s.power_on ? "running" : "stopped";
          if (!failed && s.power_on) s.vmtoolsReadyAt = now() + ctx.knobs().vmtoolsMs;
        },
      });
      return ok({ uuids: [s.id], task_id: task.id });
    });
  });
  // Paged, `name` a partial match: erelbi/sangfor-scp `sangfor_scp/resources/servers.py` _list_page.
  app.get("/janus/20180725/servers", async (request, reply) => {
    state.settle(now());
    const { name, status } = filters(request);
    return list(request, reply, [...state.servers.values()].filter((s) => nameMatches(s.name, name) && (status === undefined || s.status === status)).map(serverView));
  });
  app.get("/janus/20180725/servers/:id", async (request, reply) => {
    const s = server(request);
    return s ? ok(serverView(s)) : missing(reply, "Server");
  });
  // An edit answers `{task_id}` and applies when its task finishes (sangfor_scp/resources/servers.py update()).
  app.put("/janus/20180725/servers/:id", async (request, reply) => {
    const s = server(request);
    if (!s) return missing(reply, "Server");
    const body = editServer.safeParse(request.body);
    if (!body.success) return bad(reply, "name or os_name expected");
    return mutate(request, reply, s.id, () =>
      started(state.task(now(), { action: "edit_server", objectId: s.id, durationMs: taskMs(), fails: fails(body.data.name ?? s.name), onDone: (failed) => (failed ? undefined : Object.assign(s, body.data)) })),
    );
  });
  app.delete("/janus/20180725/servers/:id", async (request, reply) => {
    const s = server(request);
    if (!s) return missing(reply, "Server");
    return mutate(request, reply, s.id, () => {
      const before = s.status;
      s.status = "deleting";
      return started(state.task(now(), { action: "delete_server", objectId: s.id, durationMs: taskMs(), onDone: (failed) => (failed ? (s.status = before) : state.servers.delete(s.id)) }));
    });
  });
  app.post("/janus/20180725/servers/:id/guest-script", async (request, reply) => {
    const s = server(request);
    if (!s) return missing(reply, "Server");
    if (s.status !== "running" || s.vmtoolsReadyAt === null || now() < s.vmtoolsReadyAt) return reply.code(409).send(scpError(409, ERRCODE.notReady, "The VM must be running with vmtools ready"));
    const body = guestScript.safeParse(request.body);
    if (!body.success) return bad(reply, "script (base64) and interpreter are required");
    return mutate(request, reply, s.id, () => {
      const result = runScript(Buffer.from(body.data.script, "base64").toString("utf8"));
      return started(state.task(now(), { action: "run_guest_script", objectId: s.id, durationMs: taskMs(), onDone: () => result }));
    });
  });

  app.post("/janus/20180725/images/action", async (request, reply) => {
    const body = imageFromServer.safeParse(request.body);
    if (!body.success) return bad(reply, body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    const source = state.servers.get(body.data.server_id);
    if (!source) return bad(reply, `server ${body.data.server_id} does not exist`);
    if (source.os_name !== "Backup Proxy") return bad(reply, "the source VM is not of the backup proxy type (os_name)");
    return mutate(request, reply, source.id, () => {
      const b = body.data;
      // The image is in its source VM's pool (the public spec's CreateImageFromServerRequest names `azs`; this body does not).
      const img = imageRecord({ id: randomUUID(), name: b.name, description: b.description ?? "", owner_id: b.owner_id, image_type: b.is_public ? "public" : "private", source_server_id: b.server_id, status: "saving", azs: [source.az_id] });
      state.images.set(img.id, img);
      const task = state.task(now(), { action: "create_image", objectId: img.id, durationMs: taskMs(), fails: fails(b.name), reason: "the image store ran out of space", onDone: (failed) => (img.status = failed ? "error" : "active") });
      img.size_bytes = ctx.knobs().exportBytes;
      return ok({ image_id: img.id, task_id: task.id });
    });
  });
  // Paged, filtered by `name` (partial match), `image_type` (public | private), `status` and
  // `az_id`: erelbi/sangfor-scp `sangfor_scp/resources/images.py` _list_page (az_id also in the
  // public spec's listImagesV2, "the pool the image is bound to").
  app.get("/janus/20180725/images", async (request, reply) => {
    state.settle(now());
    const { name, image_type, status, az_id } = filters(request);
    const kept = (i: ScpImage) => nameMatches(i.name, name) && (image_type === undefined || i.image_type === image_type) && (status === undefined || i.status === status) && (az_id === undefined || i.azs.includes(az_id));
    return list(request, reply, [...state.images.values()].filter(kept).map(imageView));
  });
  // One image: erelbi/sangfor-scp `sangfor_scp/resources/images.py` ("GET /janus/20180725/images/{id}").
  app.get("/janus/20180725/images/:id", async (request, reply) => {
    const i = image(request);
    return i ? ok(imageView(i)) : missing(reply, "Image");
  });
  // An image edit answers `{task_id}` and is done only when its task is (API-NOTES, Sangfor Cloud Platform: tasks).
  app.put("/janus/20180725/images/:id", async (request, reply) => {
    const i = image(request);
    if (!i) return missing(reply, "Image");
    const body = editImage.safeParse(request.body);
    if (!body.success) return bad(reply, "description expected");
    return mutate(request, reply, i.id, () =>
      started(state.task(now(), { action: "edit_image", objectId: i.id, durationMs: taskMs(), fails: fails(i.name), reason: "the image could not be edited", onDone: (failed) => (failed ? undefined : (i.description = body.data.description)) })),
    );
  });
  app.delete("/janus/20180725/images/:id", async (request, reply) => {
    const i = image(request);
    if (!i) return missing(reply, "Image");
    return mutate(request, reply, i.id, () => {
      const before = i.status;
      i.status = "deleting";
      return started(state.task(now(), { action: "delete_image", objectId: i.id, durationMs: taskMs(), onDone: (failed) => (failed ? (i.status = before) : state.images.delete(i.id)) }));
    });
  });
  app.post("/janus/20240725/images/:id/export", async (request, reply) => {
    const i = image(request);
    if (!i) return missing(reply, "Image");
    // A busy image (one being made) answers 409 in `mutate`; one that is not active and idle, 400.
    if (i.status !== "active" && !state.busy(i.id, now())) return bad(reply, "only active images can be exported");
    return mutate(request, reply, i.id, () => started(state.task(now(), { action: "export_image", objectId: i.id, durationMs: taskMs(), onDone: (failed) => (i.exported = !failed) })));
  });
  app.get("/janus/20240725/images/:id/download", async (request, reply) => {
    const i = image(request);
    if (!i) return missing(reply, "Image");
    if (!i.exported) return reply.code(409).send(scpError(409, ERRCODE.notReady, "Export the image before downloading it"));
    const bytes = vmaBytes(i.id, ctx.knobs().exportBytes);
    return reply.header("content-type", "application/octet-stream").header("content-length", bytes.length).send(Readable.from([bytes]));
  });
  imageUploadRoutes(app, ctx, state, { mutate, started, bad, missing, list, image, imageView, fails });
}
