import { createHash, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../kit/server";
import { ERRCODE, nameMatches, ok, page, scpError } from "./answers";
import type { ScpKnobs } from "./knobs";
import type { ScpImage, ScpServer, ScpState } from "./state";

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
const imageFromServer = z.object({ action: z.literal("create_from_server"), server_id: z.string(), name: z.string().min(1), description: z.string().optional(), owner_id: z.string().min(1), is_public: z.boolean(), image_format: z.literal("vma") });
const guestScript = z.object({ script: z.string().min(1), interpreter: z.enum(["bash", "sh", "powershell", "cmd"]), timeout_seconds: z.number().int().min(1).max(3_600).optional() });
const idParam = z.object({ id: z.string() });

/** Deterministic VMA bytes for an image, so downloads can be checked. */
export function vmaBytes(imageId: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash("sha256").update(imageId).digest();
  for (let offset = 0; offset < size; offset += block.length) {
    block.copy(out, offset);
    block = createHash("sha256").update(block).digest();
  }
  return out;
}

/** What the emulated guest does with a script: echo lines print, `exit N` sets the code. */
function runScript(script: string): { exit_code: number; output: string } {
  const lines = script.split("\n");
  const printed = lines.filter((l) => l.trim().startsWith("echo ")).map((l) => l.trim().slice(5));
  const exit = lines.map((l) => l.trim().match(/^exit (\d+)$/)).find(Boolean);
  return { exit_code: exit ? Number(exit[1]) : 0, output: printed.join("\n") };
}

export function scpRoutes(app: FastifyInstance, ctx: EmulatorContext<ScpKnobs>, state: ScpState): void {
  const now = () => ctx.clock.now();
  const fails = (name: string) => ctx.knobs().failTasks || name.startsWith("fail-");
  const bad = (reply: FastifyReply, message: string) => reply.code(400).send(scpError(400, ERRCODE.badRequest, message));
  const missing = (reply: FastifyReply, what: string) => reply.code(404).send(scpError(404, ERRCODE.notFound, `${what} not found`));
  /** A list answered as one SCP page of `items` (see `page`), or 400 for a bad page_num/page_size. */
  const list = <T>(request: FastifyRequest, reply: FastifyReply, items: readonly T[]) => {
    const answer = page(items, request.query, ctx.knobs());
    return "error" in answer ? bad(reply, answer.error) : ok(answer.page);
  };
  const filters = (request: FastifyRequest) => request.query as Record<string, string | undefined>;

  /** Replays the first answer for a resent X-Client-Token. */
  const once = async (request: FastifyRequest, act: () => unknown): Promise<unknown> => {
    const token = request.headers["x-client-token"];
    if (typeof token === "string" && state.replies.has(token)) return state.replies.get(token);
    const answer = await act();
    if (typeof token === "string") state.replies.set(token, answer);
    return answer;
  };
  const server = (request: FastifyRequest): ScpServer | undefined => {
    state.settle(now());
    return state.servers.get(idParam.parse(request.params).id);
  };
  const image = (request: FastifyRequest): ScpImage | undefined => {
    state.settle(now());
    return state.images.get(idParam.parse(request.params).id);
  };
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
  const imageView = (i: ScpImage) => ({ id: i.id, name: i.name, description: i.description, owner_id: i.owner_id, is_public: i.is_public, image_format: "vma", source_server_id: i.source_server_id, status: i.status });

  app.get("/janus/20180725/tasks/:id", async (request, reply) => {
    state.settle(now());
    const t = state.tasks.get(idParam.parse(request.params).id);
    if (!t) return missing(reply, "Task");
    const status = !t.done ? "running" : t.fails ? "failure" : "finish";
    return ok({ id: t.id, status, ...(status === "failure" ? { error_msg: t.reason } : {}), ...(status === "finish" && t.result !== undefined ? { result: t.result } : {}) });
  });

  app.post("/janus/20180725/servers", async (request, reply) => {
    const body = createServer.safeParse(request.body);
    if (!body.success) return bad(reply, body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    if (!state.images.get(body.data.image_id)) return bad(reply, `image ${body.data.image_id} does not exist`);
    return once(request, () => {
      const b = body.data;
      const s: ScpServer = { id: randomUUID(), name: b.name, os_name: "Linux", status: "creating", power_on: b.power_on ?? true, vmtoolsReadyAt: null, az_id: b.az_id, image_id: b.image_id, storage_tag_id: b.storage_tag_id, cores: b.cores, memory_mb: b.memory_mb, networks: b.networks.map((n) => ({ vpc_id: n.vpc_id, subnet_id: n.subnet_id })) };
      state.servers.set(s.id, s);
      const task = state.task(now(), ctx.knobs().taskMs, fails(b.name), "insufficient storage on the storage tag", (failed) => {
        s.status = failed ? "error" : s.power_on ? "running" : "stopped";
        if (!failed && s.power_on) s.vmtoolsReadyAt = now() + ctx.knobs().vmtoolsMs;
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
  app.put("/janus/20180725/servers/:id", async (request, reply) => {
    const s = server(request);
    if (!s) return missing(reply, "Server");
    const body = editServer.safeParse(request.body);
    if (!body.success) return bad(reply, "name or os_name expected");
    return once(request, () => {
      const task = state.task(now(), ctx.knobs().taskMs, false, "", () => Object.assign(s, body.data));
      return ok({ task_id: task.id });
    });
  });
  app.delete("/janus/20180725/servers/:id", async (request, reply) => {
    const s = server(request);
    if (!s) return missing(reply, "Server");
    s.status = "deleting";
    const task = state.task(now(), ctx.knobs().taskMs, false, "", () => state.servers.delete(s.id));
    return ok({ task_id: task.id });
  });
  app.post("/janus/20180725/servers/:id/guest-script", async (request, reply) => {
    const s = server(request);
    if (!s) return missing(reply, "Server");
    if (s.status !== "running" || s.vmtoolsReadyAt === null || now() < s.vmtoolsReadyAt) return reply.code(409).send(scpError(409, ERRCODE.notReady, "The VM must be running with vmtools ready"));
    const body = guestScript.safeParse(request.body);
    if (!body.success) return bad(reply, "script (base64) and interpreter are required");
    return once(request, () => {
      const result = runScript(Buffer.from(body.data.script, "base64").toString("utf8"));
      const task = state.task(now(), ctx.knobs().taskMs, false, "", () => result);
      return ok({ task_id: task.id });
    });
  });

  app.post("/janus/20180725/images/action", async (request, reply) => {
    const body = imageFromServer.safeParse(request.body);
    if (!body.success) return bad(reply, body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    const source = state.servers.get(body.data.server_id);
    if (!source) return bad(reply, `server ${body.data.server_id} does not exist`);
    if (source.os_name !== "Backup Proxy") return bad(reply, "the source VM is not of the backup proxy type (os_name)");
    return once(request, () => {
      const b = body.data;
      const img: ScpImage = { id: randomUUID(), name: b.name, description: b.description ?? "", owner_id: b.owner_id, is_public: b.is_public, source_server_id: b.server_id, status: "creating", exported: false };
      state.images.set(img.id, img);
      const task = state.task(now(), ctx.knobs().taskMs, fails(b.name), "the image store ran out of space", (failed) => (img.status = failed ? "error" : "ready"));
      return ok({ image_id: img.id, task_id: task.id });
    });
  });
  // Paged, filtered by `name` (partial match), `image_type` (public | private) and `status`:
  // erelbi/sangfor-scp `sangfor_scp/resources/images.py` _list_page.
  app.get("/janus/20180725/images", async (request, reply) => {
    state.settle(now());
    const { name, image_type, status } = filters(request);
    const visibility = (i: ScpImage) => (i.is_public ? "public" : "private");
    return list(request, reply, [...state.images.values()].filter((i) => nameMatches(i.name, name) && (image_type === undefined || visibility(i) === image_type) && (status === undefined || i.status === status)).map(imageView));
  });
  app.get("/janus/20180725/images/:id", async (request, reply) => {
    const i = image(request);
    return i ? ok(imageView(i)) : missing(reply, "Image");
  });
  app.put("/janus/20180725/images/:id", async (request, reply) => {
    const i = image(request);
    if (!i) return missing(reply, "Image");
    const body = z.object({ description: z.string() }).safeParse(request.body);
    if (!body.success) return bad(reply, "description expected");
    i.description = body.data.description;
    return ok(imageView(i));
  });
  app.delete("/janus/20180725/images/:id", async (request, reply) => {
    const i = image(request);
    if (!i) return missing(reply, "Image");
    i.status = "deleting";
    const task = state.task(now(), ctx.knobs().taskMs, false, "", () => state.images.delete(i.id));
    return ok({ task_id: task.id });
  });
  app.post("/janus/20240725/images/:id/export", async (request, reply) => {
    const i = image(request);
    if (!i || i.status !== "ready") return i ? bad(reply, "only ready images can be exported") : missing(reply, "Image");
    return once(request, () => ok({ task_id: state.task(now(), ctx.knobs().taskMs, false, "", () => (i.exported = true)).id }));
  });
  app.get("/janus/20240725/images/:id/download", async (request, reply) => {
    const i = image(request);
    if (!i) return missing(reply, "Image");
    if (!i.exported) return reply.code(409).send(scpError(409, ERRCODE.notReady, "Export the image before downloading it"));
    const bytes = vmaBytes(i.id, ctx.knobs().exportBytes);
    return reply.header("content-type", "application/octet-stream").header("content-length", bytes.length).send(Readable.from([bytes]));
  });
}
