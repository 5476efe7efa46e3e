import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../kit/server";
import { badRequest, idParam, issuesOf, sdpError } from "./errors";
import type { SdpKnobs } from "./knobs";
import { statusOf, type SdpState, type Server } from "./state";
import { serverDetailView } from "./views";

const network = z
  .object({ uuid: z.string().optional(), port: z.string().optional(), fixed_ip: z.string().optional(), plane: z.enum(["data", "storage"]).optional(), segmentation_id: z.number().int().min(4).max(4093).optional() })
  .strict();
const createServer = z.object({
  server: z.object({
    name: z.string().min(1),
    description: z.string().optional(),
    adminPass: z.string().min(1),
    imageRef: z.string().min(1),
    flavorRef: z.string().min(1),
    networks: z.array(network).min(1).max(4),
    availability_zone: z.string().optional(),
    metadata: z.record(z.string(), z.string()).optional(),
  }),
});
const updateServer = z.object({ server: z.object({ name: z.string().min(1) }).strict() });

/**
 * A deleted server stays visible (status DELETED) for `deleteMs` on the emulator's clock, then is
 * gone: out of every list and the inventory, 404 by id. Nothing is removed by a read: what the
 * emulator shows follows its clock, whoever asked before.
 */
export function serverGone(s: Server, now: number, deleteMs: number): boolean {
  return s.deletedAt !== null && now >= s.deletedAt + deleteMs;
}

/** The server of this id when SDP still shows it at `now`. */
export function visibleServer(state: SdpState, id: string, now: number, deleteMs: number): Server | undefined {
  const s = state.servers.get(id);
  return s && !serverGone(s, now, deleteMs) ? s : undefined;
}

/** Show, Update and Delete Server, the actions and CFGW list 404 Not Found (l.294, l.493, l.464, l.940, l.966). */
export function serverMissing(reply: FastifyReply): FastifyReply {
  return reply.code(404).send(sdpError("itemNotFound", 404, "Server not found"));
}

/** The servers SDP shows at `now`. */
export function liveServers(state: SdpState, now: number, deleteMs: number): Server[] {
  return [...state.servers.values()].filter((s) => !serverGone(s, now, deleteMs));
}

/** Servers (list, detail, create, show, update, delete); their actions and CFGW connection are in server-actions.ts and cfgw.ts. */
export function serverRoutes(api: FastifyInstance, ctx: EmulatorContext<SdpKnobs>, state: SdpState): void {
  const now = () => ctx.clock.now();
  const listed = () => liveServers(state, now(), ctx.knobs().deleteMs);
  const visible = (id: string) => visibleServer(state, id, now(), ctx.knobs().deleteMs);
  const missing = serverMissing;

  // Seed "List Servers" 200 (l.30-47).
  api.get("/servers", async () => ({
    servers: listed().map((s) => ({ id: s.id, name: s.name, links: [], baremetal_server: { id: s.id, links: [{ rel: "self" }, { rel: "bookmark" }], name: s.name } })),
  }));
  // Seed "List Servers Detail" 200 (l.132-283); `name` filters (l.114).
  api.get("/servers/detail", async (request) => {
    const name = (request.query as Record<string, string>).name;
    const servers = listed().filter((s) => name === undefined || s.name === name);
    return { servers: servers.map((s) => serverDetailView(s, state.tenantId, now())) };
  });
  api.post("/servers", async (request, reply) => {
    const body = createServer.safeParse(request.body);
    if (!body.success) return badRequest(reply, issuesOf(body.error));
    const s = body.data.server;
    const id = randomUUID();
    const knobs = ctx.knobs();
    state.servers.set(id, {
      id,
      name: s.name,
      description: s.description ?? null,
      imageRef: s.imageRef,
      flavorRef: s.flavorRef,
      networks: s.networks,
      availabilityZone: s.availability_zone ?? "zone1-groupa",
      metadata: s.metadata ?? {},
      builtAt: now() + knobs.buildMs,
      fails: knobs.failBuilds || s.name.startsWith("error-"),
      deletedAt: null,
      created: new Date(now()).toISOString(),
    });
    // Seed "Create Server" 200 (l.94-105): id, links, name and the adminPass given.
    return { server: { id, links: [{ rel: "self" }, { rel: "bookmark" }], name: s.name, adminPass: s.adminPass } };
  });
  // Seed "Show Server" 200 (l.305-453).
  api.get("/servers/:id", async (request, reply) => {
    const s = visible(idParam.parse(request.params).id);
    return s ? { server: serverDetailView(s, state.tenantId, now()) } : missing(reply);
  });
  // Seed "Update Server": request {server: {name}} (l.500-503), 200 the detail (l.513-661).
  api.put("/servers/:id", async (request, reply) => {
    const s = visible(idParam.parse(request.params).id);
    if (!s) return missing(reply);
    const body = updateServer.safeParse(request.body);
    if (!body.success) return badRequest(reply, issuesOf(body.error));
    s.name = body.data.server.name;
    return { server: serverDetailView(s, state.tenantId, now()) };
  });
  api.delete("/servers/:id", async (request, reply) => {
    const s = visible(idParam.parse(request.params).id);
    if (!s) return missing(reply);
    const status = statusOf(s, now());
    // Seed "Delete Server" (l.456): deletable "when specified server status is ACTIVE or ERROR";
    // of its error answers (l.470-476) 409 Conflict is the one for a server in another status.
    // Body shape {kind: {code, message}} as the seed's sample (l.477-481); the kind name for 409 is
    // not in the seed ("conflictingRequest", as OpenStack names that fault).
    if (status !== "ACTIVE" && status !== "ERROR") {
      return reply.code(409).send(sdpError("conflictingRequest", 409, `Cannot delete a server in status ${status}: wait for ACTIVE or ERROR.`));
    }
    s.deletedAt = now();
    // Seed l.461: "No Content".
    return reply.code(204).send();
  });
}
