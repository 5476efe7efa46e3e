import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../kit/server";
import { vspcErrors } from "./errors";
import type { VspcKnobs } from "./knobs";
import type { User, VspcState } from "./state";
import type { Throttle } from "./throttle";
import { noteSecret } from "../kit/secrets";

declare module "fastify" {
  interface FastifyRequest {
    vspcUser?: User;
    vspcThrottled?: boolean;
  }
}

const tokenForm = z.discriminatedUnion("grant_type", [
  z.object({ grant_type: z.literal("password"), username: z.string(), password: z.string() }),
  z.object({ grant_type: z.literal("refresh_token"), refresh_token: z.string() }),
]);

const unauthorized = (reply: FastifyReply, message = "Authorization is required.") =>
  reply.code(401).send(vspcErrors({ message, type: "security", code: 401 }));

/**
 * Throttling, `/token` (password and refresh grants) and Bearer authorization by access token or
 * API key; read-only API keys may only GET.
 */
export function vspcAuth(api: FastifyInstance, ctx: EmulatorContext<VspcKnobs>, state: VspcState, admin: { username: string; password: string }, throttle: Throttle): void {
  noteSecret(admin.password);
  api.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  api.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    const verdict = throttle.admit();
    if (!verdict.ok) {
      request.vspcThrottled = true;
      return reply.code(429).send(vspcErrors({ type: "transport", code: 429, ...(verdict.retryAfterSeconds ? { retryAfter: verdict.retryAfterSeconds } : {}) }));
    }
  });
  api.addHook("onResponse", async (request: FastifyRequest) => {
    if (!request.vspcThrottled) throttle.release();
  });

  api.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.routeOptions.url?.endsWith("/token")) return;
    const header = request.headers.authorization ?? "";
    const bearer = header.match(/^Bearer\s+(.+)$/i)?.[1];
    if (!bearer) return unauthorized(reply);
    const token = state.accessTokens.get(bearer);
    if (token) {
      if (ctx.clock.now() >= token.expiresAt) return unauthorized(reply, "The access token has expired.");
      request.vspcUser = token.user;
      return;
    }
    const login = state.loginByKey(bearer);
    const user = login ? state.users.get(login.userUid) : undefined;
    if (!login || !user || login.status !== "enabled") return unauthorized(reply, "The API key is not valid.");
    if (login.isReadAccessOnly && request.method !== "GET") {
      return reply.code(403).send(vspcErrors({ message: "The API key allows read access only.", type: "security", code: 403 }));
    }
    request.vspcUser = user;
  });

  /**
   * `POST /token`, form-encoded: grant_type=password with username and password (seed lines
   * 994-998), or grant_type=refresh_token with the saved refresh token, which answers a new pair
   * (lines 986-987, 1000-1003); a refresh token is spent by its use. The answer is the seed's
   * (line 999): access_token, token_type "bearer", refresh_token, mfa_token, encrypted_code, expires_in.
   */
  api.post("/token", async (request, reply) => {
    const form = tokenForm.safeParse(request.body);
    if (!form.success) return reply.code(400).send(vspcErrors({ message: "grant_type must be password or refresh_token with its parameters.", type: "logical", code: 400, parameterName: "grant_type" }));
    let user: User | undefined;
    if (form.data.grant_type === "password") {
      if (form.data.username !== admin.username || form.data.password !== admin.password) return unauthorized(reply, "Invalid user name or password.");
      user = state.admin;
    } else {
      const refresh = state.refreshTokens.get(form.data.refresh_token);
      state.refreshTokens.delete(form.data.refresh_token);
      if (!refresh || ctx.clock.now() >= refresh.expiresAt) return unauthorized(reply, "The refresh token is not valid.");
      user = refresh.user;
    }
    const { tokenTtlMs, refreshTokenTtlMs } = ctx.knobs();
    const tokens = state.issueTokens(user, ctx.clock.now(), { accessMs: tokenTtlMs, refreshMs: refreshTokenTtlMs });
    return { access_token: tokens.access, token_type: "bearer", refresh_token: tokens.refresh, mfa_token: null, encrypted_code: null, expires_in: Math.round(tokenTtlMs / 1_000) };
  });
}
