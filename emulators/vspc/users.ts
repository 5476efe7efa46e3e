import type { FastifyInstance, FastifyReply } from "fastify";
import { applyPatch, type Operation } from "fast-json-patch";
import { z } from "zod";
import { vspcErrors } from "./errors";
import { sendCollection } from "./filter";
import type { VspcState } from "./state";
import { loginView, userView } from "./views";

const SCOPES = ["ui", "rest", "integration"];
const userParam = z.object({ userUid: z.string() });
const loginParam = z.object({ userUid: z.string(), id: z.coerce.number().int() });
const loginPatch = z.array(z.object({ op: z.literal("replace"), path: z.enum(["/description", "/status"]), value: z.string() }));

const missingUser = (reply: FastifyReply) => reply.code(404).send(vspcErrors({ message: "Specified user does not exist.", type: "logical", code: 1100 }));
const missingLogin = (reply: FastifyReply) => reply.code(404).send(vspcErrors({ message: "User identity was not found.", type: "logical", code: 404 }));

/** Users, and their logins: API keys are issued from query parameters only, shown once. */
export function userRoutes(api: FastifyInstance, state: VspcState): void {
  api.get("/users", async (request, reply) => {
    return sendCollection(reply, [...state.users.values()].map(userView), request.query as Record<string, string>);
  });

  api.get("/users/:userUid", async (request, reply) => {
    const user = state.users.get(userParam.parse(request.params).userUid);
    return user ? { data: userView(user) } : missingUser(reply);
  });

  api.get("/users/logins", async (request, reply) => sendCollection(reply, [...state.logins.values()].map((l) => loginView(state, l, false)), request.query as Record<string, string>));

  api.post("/users/:userUid/logins/apikey", async (request, reply) => {
    const { userUid } = userParam.parse(request.params);
    if (!state.users.has(userUid)) return missingUser(reply);
    const query = request.query as Record<string, string | undefined>;
    let scopes: unknown;
    try {
      scopes = JSON.parse(query.scopes ?? "null");
    } catch {
      scopes = null;
    }
    if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => typeof s === "string" && SCOPES.includes(s))) {
      return reply.code(400).send(vspcErrors({ message: "The specified scope cannot be assigned.", type: "logical", code: 1209, parameterName: "scopes" }));
    }
    const login = state.addLogin({
      userUid,
      description: query.description ?? "",
      scopes: scopes as string[],
      isReadAccessOnly: query.isReadAccessOnly === "true",
      status: "enabled",
    });
    return { data: loginView(state, login, true) };
  });

  api.get("/users/:userUid/logins/:id", async (request, reply) => {
    const { userUid, id } = loginParam.parse(request.params);
    const login = state.logins.get(id);
    return login && login.userUid === userUid ? { data: loginView(state, login, false) } : missingLogin(reply);
  });

  api.patch("/users/:userUid/logins/:id", async (request, reply) => {
    const { userUid, id } = loginParam.parse(request.params);
    const login = state.logins.get(id);
    if (!login || login.userUid !== userUid) return missingLogin(reply);
    const ops = loginPatch.safeParse(request.body);
    if (!ops.success) return reply.code(400).send(vspcErrors({ message: "JSON Patch modifications failed to apply.", type: "logical", code: 1001 }));
    const next = applyPatch(structuredClone(login), ops.data as Operation[], true, false).newDocument;
    if (next.status !== "enabled" && next.status !== "disabled") {
      return reply.code(400).send(vspcErrors({ message: "status must be enabled or disabled.", type: "logical", code: 400, propertyName: "status" }));
    }
    state.logins.set(id, next);
    return { data: loginView(state, next, false) };
  });

  api.delete("/users/:userUid/logins/:id", async (request, reply) => {
    const { userUid, id } = loginParam.parse(request.params);
    const login = state.logins.get(id);
    if (!login || login.userUid !== userUid) return missingLogin(reply);
    state.logins.delete(id);
    return { data: null };
  });
}
