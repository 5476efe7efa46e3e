import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../kit/server";
import { answer } from "./envelope";
import { authenticationFailed, connectionRefused, sppError } from "./errors";
import type { SppKnobs } from "./knobs";
import { INVENTORY_JOB, VERSIONS, type SppState } from "./state";
import { hypervisorView, jobSessionView, jobView, userView } from "./views";
import { noteSecret } from "../kit/secrets";

/** Seed l.10-70 (Data 1-6) and the request bodies of l.80-89 and l.155-162; `password` as IBM/sppclient samples/registerhypervisor.py sends it. */
const registration = z.object({
  hostAddress: z.string().min(1),
  portNumber: z.number().int().min(1).max(65535),
  type: z.enum(["vmware", "hyperv"]),
  username: z.string().min(1),
  password: z.string().optional(),
  sslConnection: z.boolean(),
  opProperties: z.object({ snapshotConcurrency: z.number().int().min(1) }).passthrough(),
});
/** API-NOTES (IBM/sppclient): `POST api/identity/user {name, username, password, ostype, comment}`. */
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
  noteSecret(deps.admin.password);
  const { state } = deps;

  // The header sppclient sends (client.py SppSession: X-Endeavour-Sessionid); sessions end after 45
  // idle minutes (IBM's REST reference, API-NOTES). The seed shows no answer to a missing or expired
  // session: a 401 in the error shape of l.135-145, its id an assumption.
  const requireSession = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const id = request.headers["x-endeavour-sessionid"];
    const lastUsed = typeof id === "string" ? state.sessions.get(id) : undefined;
    if (lastUsed === undefined || ctx.clock.now() - lastUsed > ctx.knobs().sessionIdleMs) {
      if (typeof id === "string") state.sessions.delete(id);
      return answer(request, reply, 401, sppError("InvalidSessionException", "The session is not valid or has expired. Log in again."));
    }
    state.sessions.set(id as string, ctx.clock.now());
  };

  // The seed shows no answer to a malformed body: a 400 in the error shape of l.124-134, its id an assumption.
  const badRequest = (request: FastifyRequest, reply: FastifyReply, error: z.ZodError): FastifyReply =>
    answer(request, reply, 400, sppError("InvalidRequestException", error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")));
  // The seed shows no answer to an unknown id: a 404 in the same error shape, its id an assumption.
  const notFound = (request: FastifyRequest, reply: FastifyReply, what: string): FastifyReply => answer(request, reply, 404, sppError("ObjectNotFoundException", `${what} not found.`));

  // Login with HTTP Basic answers a bare `{sessionid}` (sppclient client.py login(): r.json()['sessionid'];
  // 32 hexadecimals per IBM's REST reference). The other fields are not in the seed nor read by
  // sppclient: unconfirmed. A refused login is not in the seed: 401 in the /api/ error shape.
  app.post("/api/endeavour/session", async (request, reply) => {
    const auth = request.headers.authorization ?? "";
    const [user, ...rest] = Buffer.from(auth.replace(/^Basic\s+/i, ""), "base64").toString().split(":");
    if (!/^Basic\s/i.test(auth) || user !== deps.admin.username || rest.join(":") !== deps.admin.password) {
      return answer(request, reply, 401, sppError("AuthenticationException", "Authentication failed: invalid user name or password."));
    }
    const sessionid = state.newSession(ctx.clock.now());
    return { sessionid, user: { name: user, type: "NATIVE_USER", permissions: [] }, userGroup: null, timeZone: "UTC" };
  });

  app.register(async (api) => {
    api.addHook("preHandler", requireSession);

    // Logout: 204 (API-NOTES).
    api.delete("/api/endeavour/session", async (request, reply) => {
      state.sessions.delete(String(request.headers["x-endeavour-sessionid"]));
      return reply.code(204).send();
    });

    // `{users: [...]}`: sppclient client.py resource_to_listfield 'identityuser' → 'users'.
    api.get("/api/identity/user", async (request) => ({ users: [...state.users.values()].map((u) => userView(u, base(request))) }));
    // 201 is an assumption (the seed documents no identity call).
    api.post("/api/identity/user", async (request, reply) => {
      const body = newUser.safeParse(request.body);
      if (!body.success) return badRequest(request, reply, body.error);
      const user = state.addUser({ ...body.data, ostype: body.data.ostype ?? null, comment: body.data.comment ?? null });
      return answer(request, reply, 201, userView(user, base(request)));
    });
    api.get("/api/identity/user/:id", async (request, reply) => {
      const user = state.users.get(idParam.parse(request.params).id);
      return user ? userView(user, base(request)) : notFound(request, reply, "Identity user");
    });
    api.delete("/api/identity/user/:id", async (request, reply) => {
      const found = state.users.delete(idParam.parse(request.params).id);
      return found ? reply.code(204).send() : notFound(request, reply, "Identity user");
    });

    /**
     * Resolves the credential: an identity href (seed l.47-53, l.83); the user name of an existing
     * identity user, without a password (Example 2: l.150-152 and l.158 answered with that user's href
     * at l.176); or a name + password (sppclient samples/registerhypervisor.py), kept as an identity user.
     */
    const credential = (username: string, password: string | undefined): { userId: string; password: string } | { error: string } => {
      const href = username.match(IDENTITY_HREF);
      if (href) {
        const user = state.users.get(href[1]);
        return user ? { userId: user.id, password: user.password } : { error: `Identity user ${href[1]} does not exist.` };
      }
      if (!password) {
        const named = [...state.users.values()].find((u) => u.username === username);
        // The seed shows no answer for an unknown name without a password: an assumption.
        return named ? { userId: named.id, password: named.password } : { error: "A password is required with a user name that is not an identity user." };
      }
      const existing = [...state.users.values()].find((u) => u.username === username && u.password === password);
      return { userId: (existing ?? state.addUser({ name: username, username, password, ostype: null, comment: null })).id, password };
    };

    /** The emulated connection test SPP runs against the hypervisor before saving it. */
    const probe = (request: FastifyRequest, reply: FastifyReply, body: z.infer<typeof registration>) => {
      const knobs = ctx.knobs();
      // Seed l.124-134 and l.198-210: 400 when SPP cannot reach the host.
      if (knobs.unreachableHosts.includes(body.hostAddress) || body.hostAddress.startsWith("unreachable.")) {
        return { reply: answer(request, reply, 400, connectionRefused(body.type, body.hostAddress)) };
      }
      const cred = credential(body.username, body.password);
      if ("error" in cred) return { reply: answer(request, reply, 400, sppError("InvalidRequestException", cred.error)) };
      // Seed l.135-145 and l.211-227: 401 when the hypervisor refuses the credentials.
      if (knobs.rejectedPasswords.includes(cred.password)) return { reply: answer(request, reply, 401, authenticationFailed(body.type)) };
      return { userId: cred.userId };
    };

    api.post("/ngp/hypervisor", async (request, reply) => {
      const body = registration.safeParse(request.body);
      if (!body.success) return badRequest(request, reply, body.error);
      // The seed is silent on a second registration of a host: this 409 and its id are assumptions.
      if (state.findByHost(body.data.hostAddress)) {
        return answer(request, reply, 409, sppError("HypervisorAlreadyRegisteredException", `Hypervisor ${body.data.hostAddress} is already registered.`));
      }
      const checked = probe(request, reply, body.data);
      if ("reply" in checked) return checked.reply;
      const h = state.addHypervisor({
        hostAddress: body.data.hostAddress,
        type: body.data.type,
        portNumber: body.data.portNumber,
        sslConnection: body.data.sslConnection,
        userId: checked.userId,
        snapshotConcurrency: body.data.opProperties.snapshotConcurrency,
      });
      // Seed l.2: registering starts an inventory job. l.94: 201 (Created).
      deps.startInventory();
      return answer(request, reply, 201, hypervisorView(h, base(request), request.hostname));
    });

    // `{hypervisors: [...]}`: sppclient samples/vmware_inventory.py reads vcenters['hypervisors'].
    api.get("/api/hypervisor", async (request) => ({
      hypervisors: [...state.hypervisors.values()].map((h) => hypervisorView(h, base(request), request.hostname)),
    }));
    api.get("/api/hypervisor/:id", async (request, reply) => {
      const h = state.hypervisors.get(idParam.parse(request.params).id);
      return h ? hypervisorView(h, base(request), request.hostname) : notFound(request, reply, "Hypervisor");
    });
    // Update and delete paths are unconfirmed (API-NOTES); they answer in the /ngp/ envelope.
    api.put("/ngp/hypervisor/:id", async (request, reply) => {
      const h = state.hypervisors.get(idParam.parse(request.params).id);
      if (!h) return notFound(request, reply, "Hypervisor");
      const body = registration.safeParse(request.body);
      if (!body.success) return badRequest(request, reply, body.error);
      if (body.data.hostAddress.toLowerCase() !== h.hostAddress.toLowerCase() || body.data.type !== h.type) {
        return answer(request, reply, 400, sppError("InvalidRequestException", "The host address and type of a registered hypervisor cannot change."));
      }
      const checked = probe(request, reply, body.data);
      if ("reply" in checked) return checked.reply;
      Object.assign(h, {
        portNumber: body.data.portNumber,
        sslConnection: body.data.sslConnection,
        userId: checked.userId,
        snapshotConcurrency: body.data.opProperties.snapshotConcurrency,
      });
      return answer(request, reply, 200, hypervisorView(h, base(request), request.hostname));
    });
    api.delete("/ngp/hypervisor/:id", async (request, reply) => {
      const found = state.hypervisors.delete(idParam.parse(request.params).id);
      return found ? reply.code(204).send() : notFound(request, reply, "Hypervisor");
    });

    // `{jobs: [...]}`: sppclient samples/runjob.py response['jobs'], client.py JobAPI.getjob.
    api.get("/api/endeavour/job", async (request) => ({ jobs: [jobView(state, base(request))] }));
    api.get("/api/endeavour/job/:id", async (request, reply) => (idParam.parse(request.params).id === INVENTORY_JOB.id ? jobView(state, base(request)) : notFound(request, reply, "Job")));
    // `?action=start&actionname=start`: sppclient samples/runjob.py; client.py JobAPI.run posts links.start.href.
    api.post("/api/endeavour/job/:id", async (request, reply) => {
      if (idParam.parse(request.params).id !== INVENTORY_JOB.id) return notFound(request, reply, "Job");
      if ((request.query as Record<string, string>).action !== "start") return answer(request, reply, 400, sppError("InvalidRequestException", "Unknown job action."));
      deps.startInventory();
      return jobView(state, base(request));
    });
    api.get("/api/endeavour/jobsession/:id", async (request, reply) => {
      const s = state.jobSessions.get(idParam.parse(request.params).id);
      return s ? jobSessionView(s) : notFound(request, reply, "Job session");
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
