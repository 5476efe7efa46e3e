import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../kit/server";
import { authenticationFailed, connectionRefused, sppError } from "./errors";
import type { SppKnobs } from "./knobs";
import { INVENTORY_JOB, VERSIONS, type SppState } from "./state";
import { hypervisorView, jobSessionView, jobView, userView } from "./views";
import { auditSecrets } from "../../harness/audit-trail";

const registration = z.object({
  hostAddress: z.string().min(1),
  portNumber: z.number().int().min(1).max(65535),
  type: z.enum(["vmware", "hyperv"]),
  username: z.string().min(1),
  password: z.string().optional(),
  sslConnection: z.boolean(),
  opProperties: z.object({ snapshotConcurrency: z.number().int().min(1) }).passthrough(),
});
const newUser = z.object({
  name: z.string().min(1),
  username: z.string().min(1),
  password: z.string().min(1),
  ostype: z.string().optional(),
  comment: z.string().optional(),
});
const idParam = z.object({ id: z.string() });
const IDENTITY_HREF = /\/api\/identity\/user\/([^/?#]+)$/;

export interface SppRouteDeps {
  state: SppState;
  admin: { username: string; password: string };
  /** Starts an inventory run unless one is running; returns the running session. */
  startInventory(): void;
}

function base(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export function sppRoutes(app: FastifyInstance, ctx: EmulatorContext<SppKnobs>, deps: SppRouteDeps): void {
  auditSecrets(deps.admin.password);
  const { state } = deps;

  const requireSession = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const id = request.headers["x-endeavour-sessionid"];
    const lastUsed = typeof id === "string" ? state.sessions.get(id) : undefined;
    if (lastUsed === undefined || ctx.clock.now() - lastUsed > ctx.knobs().sessionIdleMs) {
      if (typeof id === "string") state.sessions.delete(id);
      return reply.code(401).send(sppError("InvalidSessionException", "The session is not valid or has expired. Log in again."));
    }
    state.sessions.set(id as string, ctx.clock.now());
  };

  const badRequest = (reply: FastifyReply, error: z.ZodError): FastifyReply =>
    reply.code(400).send(sppError("InvalidRequestException", error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")));

  app.post("/api/endeavour/session", async (request, reply) => {
    const auth = request.headers.authorization ?? "";
    const [user, ...rest] = Buffer.from(auth.replace(/^Basic\s+/i, ""), "base64").toString().split(":");
    if (!/^Basic\s/i.test(auth) || user !== deps.admin.username || rest.join(":") !== deps.admin.password) {
      return reply.code(401).send(sppError("AuthenticationException", "Authentication failed: invalid user name or password."));
    }
    const sessionid = state.newSession(ctx.clock.now());
    return { sessionid, user: { name: user, type: "NATIVE_USER", permissions: [] }, userGroup: null, timeZone: "UTC" };
  });

  app.register(async (api) => {
    api.addHook("preHandler", requireSession);

    api.delete("/api/endeavour/session", async (request, reply) => {
      state.sessions.delete(String(request.headers["x-endeavour-sessionid"]));
      return reply.code(204).send();
    });

    api.get("/api/identity/user", async (request) => ({ users: [...state.users.values()].map((u) => userView(u, base(request))) }));
    api.post("/api/identity/user", async (request, reply) => {
      const body = newUser.safeParse(request.body);
      if (!body.success) return badRequest(reply, body.error);
      const user = state.addUser({ ...body.data, ostype: body.data.ostype ?? null, comment: body.data.comment ?? null });
      return reply.code(201).send(userView(user, base(request)));
    });
    api.get("/api/identity/user/:id", async (request, reply) => {
      const user = state.users.get(idParam.parse(request.params).id);
      return user ? userView(user, base(request)) : reply.code(404).send(sppError("ObjectNotFoundException", "Identity user not found."));
    });
    api.delete("/api/identity/user/:id", async (request, reply) => {
      const found = state.users.delete(idParam.parse(request.params).id);
      return found ? reply.code(204).send() : reply.code(404).send(sppError("ObjectNotFoundException", "Identity user not found."));
    });

    /** Resolves the credential: an existing identity href, or a name + password kept as a new identity user. */
    const credential = (username: string, password: string | undefined): { userId: string; password: string } | { error: string } => {
      const href = username.match(IDENTITY_HREF);
      if (href) {
        const user = state.users.get(href[1]);
        return user ? { userId: user.id, password: user.password } : { error: `Identity user ${href[1]} does not exist.` };
      }
      if (!password) return { error: "A password is required with a user name." };
      const existing = [...state.users.values()].find((u) => u.username === username && u.password === password);
      return { userId: (existing ?? state.addUser({ name: username, username, password, ostype: null, comment: null })).id, password };
    };

    /** The emulated connection test SPP runs against the hypervisor before saving it. */
    const probe = (reply: FastifyReply, body: z.infer<typeof registration>) => {
      const knobs = ctx.knobs();
      if (knobs.unreachableHosts.includes(body.hostAddress) || body.hostAddress.startsWith("unreachable.")) {
        return { reply: reply.code(400).send(connectionRefused(body.type, body.hostAddress)) };
      }
      const cred = credential(body.username, body.password);
      if ("error" in cred) return { reply: reply.code(400).send(sppError("InvalidRequestException", cred.error)) };
      if (knobs.rejectedPasswords.includes(cred.password)) return { reply: reply.code(401).send(authenticationFailed(body.type)) };
      return { userId: cred.userId };
    };

    api.post("/ngp/hypervisor", async (request, reply) => {
      const body = registration.safeParse(request.body);
      if (!body.success) return badRequest(reply, body.error);
      if (state.findByHost(body.data.hostAddress)) {
        return reply.code(409).send(sppError("HypervisorAlreadyRegisteredException", `Hypervisor ${body.data.hostAddress} is already registered.`));
      }
      const checked = probe(reply, body.data);
      if ("reply" in checked) return checked.reply;
      const h = state.addHypervisor({
        hostAddress: body.data.hostAddress,
        type: body.data.type,
        portNumber: body.data.portNumber,
        sslConnection: body.data.sslConnection,
        userId: checked.userId,
        snapshotConcurrency: body.data.opProperties.snapshotConcurrency,
      });
      deps.startInventory();
      return reply.code(201).send(hypervisorView(h, base(request), request.hostname));
    });

    api.get("/api/hypervisor", async (request) => ({
      hypervisors: [...state.hypervisors.values()].map((h) => hypervisorView(h, base(request), request.hostname)),
    }));
    api.get("/api/hypervisor/:id", async (request, reply) => {
      const h = state.hypervisors.get(idParam.parse(request.params).id);
      return h ? hypervisorView(h, base(request), request.hostname) : reply.code(404).send(sppError("ObjectNotFoundException", "Hypervisor not found."));
    });
    api.put("/ngp/hypervisor/:id", async (request, reply) => {
      const h = state.hypervisors.get(idParam.parse(request.params).id);
      if (!h) return reply.code(404).send(sppError("ObjectNotFoundException", "Hypervisor not found."));
      const body = registration.safeParse(request.body);
      if (!body.success) return badRequest(reply, body.error);
      if (body.data.hostAddress.toLowerCase() !== h.hostAddress.toLowerCase() || body.data.type !== h.type) {
        return reply.code(400).send(sppError("InvalidRequestException", "The host address and type of a registered hypervisor cannot change."));
      }
      const checked = probe(reply, body.data);
      if ("reply" in checked) return checked.reply;
      Object.assign(h, {
        portNumber: body.data.portNumber,
        sslConnection: body.data.sslConnection,
        userId: checked.userId,
        snapshotConcurrency: body.data.opProperties.snapshotConcurrency,
      });
      return hypervisorView(h, base(request), request.hostname);
    });
    api.delete("/ngp/hypervisor/:id", async (request, reply) => {
      const found = state.hypervisors.delete(idParam.parse(request.params).id);
      return found ? reply.code(204).send() : reply.code(404).send(sppError("ObjectNotFoundException", "Hypervisor not found."));
    });

    api.get("/api/endeavour/job", async (request) => ({ jobs: [jobView(state, base(request))] }));
    api.get("/api/endeavour/job/:id", async (request, reply) =>
      idParam.parse(request.params).id === INVENTORY_JOB.id ? jobView(state, base(request)) : reply.code(404).send(sppError("ObjectNotFoundException", "Job not found.")),
    );
    api.post("/api/endeavour/job/:id", async (request, reply) => {
      if (idParam.parse(request.params).id !== INVENTORY_JOB.id) return reply.code(404).send(sppError("ObjectNotFoundException", "Job not found."));
      if ((request.query as Record<string, string>).action !== "start") return reply.code(400).send(sppError("InvalidRequestException", "Unknown job action."));
      deps.startInventory();
      return jobView(state, base(request));
    });
    api.get("/api/endeavour/jobsession/:id", async (request, reply) => {
      const s = state.jobSessions.get(idParam.parse(request.params).id);
      return s ? jobSessionView(s) : reply.code(404).send(sppError("ObjectNotFoundException", "Job session not found."));
    });
  });
}

export function completeInventory(state: SppState, failed: boolean, now: number): void {
  const run = state.currentInventory;
  if (!run) return;
  run.status = failed ? "FAILED" : "COMPLETED";
  run.end = now;
  state.lastInventory = run;
  state.currentInventory = undefined;
  if (!failed) for (const h of state.hypervisors.values()) Object.assign(h, VERSIONS[h.type]);
}
