import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../kit/server";
import { sdpError } from "./errors";
import type { SdpKnobs } from "./knobs";
import type { SdpState } from "./state";

const keystoneBody = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.literal("password")),
      password: z.object({ user: z.object({ name: z.string(), password: z.string(), domain: z.object({ name: z.string() }).optional() }) }),
    }),
    scope: z.object({ project: z.object({ id: z.string() }) }),
  }),
});

/** POST /v3/auth/tokens: a token for the one user and tenant, valid `tokenTtlMs` on the emulator's clock. */
export function keystoneRoutes(app: FastifyInstance, ctx: EmulatorContext<SdpKnobs>, state: SdpState, user: { username: string; password: string }): void {
  // Keystone v3 is not in the seed: token in X-Subject-Token, catalog type "dedicated-hypervisor" (nttcom/eclcloud).
  app.post("/v3/auth/tokens", async (request, reply) => {
    const body = keystoneBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: { code: 400, message: "Malformed authentication request.", title: "Bad Request" } });
    const given = body.data.auth.identity.password.user;
    if (given.name !== user.username || given.password !== user.password || body.data.auth.scope.project.id !== state.tenantId) {
      return reply.code(401).send({ error: { code: 401, message: "The request you have made requires authentication.", title: "Unauthorized" } });
    }
    const issued = state.newToken(ctx.clock.now(), ctx.knobs().tokenTtlMs);
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
}

/** Every Dedicated Hypervisor request needs a token the emulator's clock has not expired, for its tenant. */
export function requireToken(api: FastifyInstance, ctx: EmulatorContext<SdpKnobs>, state: SdpState): void {
  api.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
    const token = state.tokens.get(String(request.headers["x-auth-token"] ?? ""));
    const tenantId = (request.params as { tenantId?: string }).tenantId;
    if (!token || !tokenLive(token, ctx.clock.now()) || tenantId !== token.tenantId) {
      return reply.code(401).send(sdpError("unauthorized", 401, "Authentication required"));
    }
  });
}

/** A token is accepted until its `expiresAt` (exclusive). */
export function tokenLive(token: { expiresAt: number }, now: number): boolean {
  return token.expiresAt > now;
}
