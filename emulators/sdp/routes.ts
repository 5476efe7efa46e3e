import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../kit/server";
import type { SdpKnobs } from "./knobs";
import { LICENSE_TYPES, licenseView, statusOf, type SdpState } from "./state";
import { sdpMoreRoutes } from "./more-routes";
import { serverDetailView } from "./views";
import { auditSecrets } from "../../harness/audit-trail";

/**
 * SDP error bodies name the kind: `{"badRequest": {"code": 400, "message": "Request Parameter
 * Error:\\n"}}` (the seed's one error sample, l.477-481, also l.756-759, l.1143-1146). The other
 * kinds' names are not in the seed; they are OpenStack's (unauthorized, itemNotFound, conflictingRequest).
 */
export function sdpError(kind: "badRequest" | "unauthorized" | "itemNotFound" | "conflictingRequest", code: number, message: string) {
  return { [kind]: { code, message } };
}

const keystoneBody = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.literal("password")),
      password: z.object({ user: z.object({ name: z.string(), password: z.string(), domain: z.object({ name: z.string() }).optional() }) }),
    }),
    scope: z.object({ project: z.object({ id: z.string() }) }),
  }),
});

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
const idParam = z.object({ tenantId: z.string(), id: z.string() });

export interface SdpRouteDeps {
  state: SdpState;
  user: { username: string; password: string };
}

/** Keystone v3 (token + catalog) and the Dedicated Hypervisor API under /v1.0/{tenant_id}. */
export function sdpRoutes(app: FastifyInstance, ctx: EmulatorContext<SdpKnobs>, deps: SdpRouteDeps): void {
  auditSecrets(deps.user.password);
  const { state } = deps;
  const now = () => ctx.clock.now();
  const bad = (reply: FastifyReply, error: z.ZodError) =>
    reply.code(400).send(sdpError("badRequest", 400, `Request Parameter Error: ${error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`));

  // Keystone v3 is not in the seed: token in X-Subject-Token, catalog type "dedicated-hypervisor" (nttcom/eclcloud).
  app.post("/v3/auth/tokens", async (request, reply) => {
    const body = keystoneBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: { code: 400, message: "Malformed authentication request.", title: "Bad Request" } });
    const { user } = body.data.auth.identity.password;
    if (user.name !== deps.user.username || user.password !== deps.user.password || body.data.auth.scope.project.id !== state.tenantId) {
      return reply.code(401).send({ error: { code: 401, message: "The request you have made requires authentication.", title: "Unauthorized" } });
    }
    const issued = state.newToken(now(), ctx.knobs().tokenTtlMs);
    const base = `${request.protocol}://${request.host}`;
    return reply
      .code(201)
      .header("x-subject-token", issued.token)
      .send({
        token: {
          methods: ["password"],
          expires_at: new Date(issued.expiresAt).toISOString(),
          project: { id: state.tenantId, name: "emulated-tenant" },
          catalog: [
            { type: "identity", name: "keystone", endpoints: [{ interface: "public", region: "jp1", url: `${base}/v3` }] },
            { type: "dedicated-hypervisor", name: "dedicated-hypervisor", endpoints: [{ interface: "public", region: "jp1", url: `${base}/v1.0/${state.tenantId}` }] },
          ],
        },
      });
  });

  app.register(
    async (api) => {
      api.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
        const token = state.tokens.get(String(request.headers["x-auth-token"] ?? ""));
        const tenantId = (request.params as { tenantId?: string }).tenantId;
        if (!token || token.expiresAt <= now() || tenantId !== token.tenantId) {
          return reply.code(401).send(sdpError("unauthorized", 401, "Authentication required"));
        }
      });

      // Seed "List Servers" 200 (l.30-47).
      api.get("/servers", async () => ({
        servers: [...state.servers.values()].map((s) => ({ id: s.id, name: s.name, links: [], baremetal_server: { id: s.id, links: [{ rel: "self" }, { rel: "bookmark" }], name: s.name } })),
      }));
      // Seed "List Servers Detail" 200 (l.132-283); `name` filters (l.114).
      api.get("/servers/detail", async (request) => {
        const name = (request.query as Record<string, string>).name;
        const servers = [...state.servers.values()].filter((s) => name === undefined || s.name === name);
        return { servers: servers.map((s) => serverDetailView(s, state.tenantId, now())) };
      });
      api.post("/servers", async (request, reply) => {
        const body = createServer.safeParse(request.body);
        if (!body.success) return bad(reply, body.error);
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
      const visible = (id: string) => {
        const s = state.servers.get(id);
        if (!s) return undefined;
        if (s.deletedAt !== null && now() >= s.deletedAt + ctx.knobs().deleteMs) {
          state.servers.delete(id);
          return undefined;
        }
        return s;
      };
      // Show, Update and Delete Server list 404 Not Found (l.294, l.493, l.464).
      const missing = (reply: FastifyReply) => reply.code(404).send(sdpError("itemNotFound", 404, "Server not found"));
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
        if (!body.success) return bad(reply, body.error);
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

      // Seed "List LicenseTypes" 200 (l.779-803).
      api.get("/license_types", async () => ({ license_types: LICENSE_TYPES }));
      api.get("/licenses", async (request) => {
        // The license_type filter takes the type's name (seed l.669), the answer echoes its own spelling.
        const type = (request.query as Record<string, string>).license_type;
        return { licenses: [...state.licenses.values()].filter((l) => type === undefined || l.license_type === type).map(licenseView) };
      });
      // Seed "Create License": request {license_type} (l.716), 200 {license: {...}} (l.726-733).
      api.post("/licenses", async (request, reply) => {
        const body = z.object({ license_type: z.string() }).safeParse(request.body);
        if (!body.success) return bad(reply, body.error);
        if (!LICENSE_TYPES.some((t) => t.name === body.data.license_type)) {
          return reply.code(400).send(sdpError("badRequest", 400, `Request Parameter Error: unknown license_type ${body.data.license_type}`));
        }
        return { license: licenseView(state.addLicense(body.data.license_type, new Date(now()))) };
      });
      sdpMoreRoutes(api, ctx, state);
      // Seed "Delete License": 204 No Content (l.740), 404 listed (l.743).
      api.delete("/licenses/:id", async (request, reply) => {
        const { id } = idParam.parse(request.params);
        if (!state.licenses.delete(id)) return reply.code(404).send(sdpError("itemNotFound", 404, "License not found"));
        return reply.code(204).send();
      });
    },
    { prefix: "/v1.0/:tenantId" },
  );
}
